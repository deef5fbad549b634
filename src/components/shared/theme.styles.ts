// The light and dark palettes behind the page-wide `--dicom-color-*` tokens, for the elements' chrome (lists,
// toolbars, browsers; a viewport's image area stays black in both, as a reading room's does). An element takes the
// `theme` attribute's palette, else the reader's `prefers-color-scheme`; a token the page sets (on the element or
// any ancestor) wins over both, because elements read `var(--dicom-color-x, var(--dicom-theme-x))` and the palette
// lives under the private `--dicom-theme-*` names. Both palettes are written once, each token a `light-dark()` pair,
// resolved where a colour is used by that element's `color-scheme`. Every pair of text and surface meets WCAG AA
// (4.5:1).
import { css, unsafeCSS } from 'lit';

/** Each token as `light-dark(light, dark)`: the element's `color-scheme` chooses which one it is. */
const palette = css`
  --dicom-theme-surface: light-dark(#ffffff, #161616);
  --dicom-theme-text: light-dark(#1d1d1f, #e4e4e4);
  --dicom-theme-text-muted: light-dark(#5f6368, #9a9a9a);
  --dicom-theme-border: light-dark(#d0d4d9, #333);
  --dicom-theme-accent: light-dark(#0b63ce, #4fa3ff);
  --dicom-theme-hover: light-dark(rgba(0, 0, 0, 0.04), rgba(255, 255, 255, 0.05));
  --dicom-theme-active: light-dark(rgba(11, 99, 206, 0.12), rgba(79, 163, 255, 0.18));
  --dicom-theme-error: light-dark(#b3261e, #ff8a80);
  --dicom-theme-warning: light-dark(#8a5300, #ffb020);
`;

export const themeStyles = css`
  :host {
    ${palette}
    /* Unset: the reader's prefers-color-scheme. */
    color-scheme: light dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
`;

/** The `theme` attribute's values: a palette, or none to follow the reader's `prefers-color-scheme`. */
export type Theme = 'light' | 'dark' | '';

const paletteNames = ['surface', 'text', 'text-muted', 'border', 'accent', 'hover', 'active', 'error', 'warning'] as const;

/**
 * For an element that shows other elements in its shadow root (the viewer its toolbar, series browser and
 * measurement list): its parts take its palette rather than choosing their own. A rule from the shadow root that
 * holds them wins over their own `:host` rule, so inheriting the private names there is all it takes.
 */
export function paletteInheritedBy(selector: string) {
  return css`
    ${unsafeCSS(selector)} {
      ${unsafeCSS(paletteNames.map((name) => `--dicom-theme-${name}: inherit;`).join('\n'))}
      color-scheme: inherit;
    }
  `;
}
