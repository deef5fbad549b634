// The toolbar pattern's focus management (WAI-ARIA APG, "Toolbar"): one control of the toolbar is in the Tab
// order (the last one focused), and the arrow keys, Home and End move focus among them.

/**
 * The controls of `container` that take focus, in order: buttons and selects not hidden nor disabled (a button
 * that cannot act yet says `aria-disabled` and stays reachable; a picker with nothing to pick is disabled).
 */
export function toolbarItems(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLButtonElement | HTMLSelectElement>('button, select')].filter((item) => !item.disabled && !item.hidden && !item.closest('[hidden]'));
}

/** Puts `current` (else the first control) in the Tab order and every other control out of it. */
export function applyRovingTabindex(items: readonly HTMLElement[], current: HTMLElement | undefined): HTMLElement | undefined {
  const inOrder = current && items.includes(current) ? current : items[0];
  for (const item of items) item.tabIndex = item === inOrder ? 0 : -1;
  return inOrder;
}

/**
 * The control a key moves focus to (Left/Right wrap around, Home/End go to the ends), or undefined for a key the
 * toolbar leaves to the control (Up/Down change a select's value).
 */
export function itemForKey(items: readonly HTMLElement[], from: HTMLElement, key: string): HTMLElement | undefined {
  const index = items.indexOf(from);
  if (index < 0 || items.length === 0) return undefined;
  switch (key) {
    case 'ArrowRight':
      return items[(index + 1) % items.length];
    case 'ArrowLeft':
      return items[(index - 1 + items.length) % items.length];
    case 'Home':
      return items[0];
    case 'End':
      return items[items.length - 1];
    default:
      return undefined;
  }
}
