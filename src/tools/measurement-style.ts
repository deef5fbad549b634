// How a tool group's measurements look: their text (yellow, Cornerstone's) on a dark box, legible over bright bone as
// over air, through Cornerstone's per-tool-group annotation styles.
import { annotation } from '@cornerstonejs/tools';

/**
 * The text box of every measurement of a group: a dark, nearly opaque fill under the text. Yellow on it keeps a
 * contrast of about 8:1 even over white (WCAG asks 4.5:1); Cornerstone's default, a thin shadow, gives yellow on
 * bone about 1.1:1.
 */
export const measurementTextStyle = {
  textBoxBackground: 'rgba(0, 0, 0, 0.7)',
  textBoxBorderRadius: 3,
  textBoxMargin: 3,
} as const;

export function styleToolGroup(toolGroupId: string): void {
  annotation.config.style.setToolGroupToolStyles(toolGroupId, { global: { ...measurementTextStyle } });
}

/** Forgets a group's styles when the group goes. */
export function unstyleToolGroup(toolGroupId: string): void {
  annotation.config.style.setToolGroupToolStyles(toolGroupId, undefined as never);
}
