// The viewport's keyboard shortcuts (pure: a key to a command of viewport-commands.ts, which the element carries
// out). The keys that choose a tool are the tool registry's (tool-registry.ts).
import { toolForKey } from '../../tools/tool-registry.js';
import type { ViewportCommand } from './viewport-commands.js';

/** The shortcuts, as documented in the element's class comment. */
export function keyboardCommandOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ViewportCommand | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const tool = toolForKey(event.key);
  if (tool) return { kind: 'tool', tool };
  switch (event.key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      return { kind: 'scroll', by: -1 };
    case 'ArrowDown':
    case 'ArrowRight':
      return { kind: 'scroll', by: 1 };
    case 'PageUp':
      return { kind: 'scroll', by: -10 };
    case 'PageDown':
      return { kind: 'scroll', by: 10 };
    case 'Home':
      return { kind: 'scroll-to', to: 'first' };
    case 'End':
      return { kind: 'scroll-to', to: 'last' };
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1.25 };
    case '-':
      return { kind: 'zoom', factor: 0.8 };
    case 'f':
      return { kind: 'fit' };
    case 'a':
      return { kind: 'actual-size' };
    case 'r':
      return { kind: 'rotate', degrees: 90 };
    case 'R':
      return { kind: 'rotate', degrees: -90 };
    case 'h':
      return { kind: 'flip', direction: 'horizontal' };
    case 'v':
      return { kind: 'flip', direction: 'vertical' };
    case 'i':
      return { kind: 'invert' };
    case 'o':
      return { kind: 'toggle-overlay', overlay: 'overlay-planes' };
    case 'Escape':
      return { kind: 'reset' };
    case ' ':
      return { kind: 'cine' };
    default:
      return /^[1-9]$/.test(event.key) ? { kind: 'window-preset', index: Number(event.key) - 1 } : undefined;
  }
}
