// Browser-side helpers for <dicom-toolbar> tests: reaching its controls by keyboard, as a reader does.
import { sendKeys } from '@web/test-runner-commands';
import type { DicomToolbar } from '../../src/components/toolbar/toolbar.component.js';

export function control(toolbar: DicomToolbar, name: string): HTMLElement {
  const found = toolbar.shadowRoot!.querySelector<HTMLElement>(`[data-control="${name}"], select[part~="${name}"]`);
  if (!found) throw new Error(`the toolbar has no control ${name}`);
  return found;
}

export function focusedControl(toolbar: DicomToolbar): HTMLElement | null {
  return toolbar.shadowRoot!.activeElement as HTMLElement | null;
}

export function controlName(element: HTMLElement | null): string | undefined {
  return element?.dataset.control ?? element?.getAttribute('part') ?? undefined;
}

/**
 * Tabs into the toolbar from a button placed before it, then presses the Right arrow until `name` has focus (as
 * many presses as the toolbar has controls, at most).
 */
export async function reachByKeyboard(toolbar: DicomToolbar, name: string): Promise<HTMLElement> {
  const target = control(toolbar, name);
  if (focusedControl(toolbar) === null) {
    let before = document.getElementById('before-toolbar') as HTMLButtonElement | null;
    if (!before) {
      before = document.createElement('button');
      before.id = 'before-toolbar';
      before.textContent = 'before';
    }
    toolbar.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
  }
  const count = toolbar.shadowRoot!.querySelectorAll('button, select').length;
  // A control the toolbar had no room for is in its overflow menu: opened as a reader does, from its button.
  const menu = target.closest<HTMLElement>('[part~="overflow"]');
  if (menu?.hidden) {
    const more = control(toolbar, 'more');
    for (let i = 0; i <= count && focusedControl(toolbar) !== more; i++) await sendKeys({ press: 'ArrowRight' });
    if (focusedControl(toolbar) !== more) throw new Error(`the overflow menu holding ${name} was not reached by the arrow keys`);
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
  }
  for (let i = 0; i <= count && focusedControl(toolbar) !== target; i++) await sendKeys({ press: 'ArrowRight' });
  if (focusedControl(toolbar) !== target) throw new Error(`${name} was not reached by the arrow keys (focus on ${controlName(focusedControl(toolbar))})`);
  return target;
}

export function pressed(toolbar: DicomToolbar, name: string): string | null {
  return control(toolbar, name).getAttribute('aria-pressed');
}
