// The light and dark palettes behind the page-wide `--dicom-color-*` tokens, for the elements' chrome (lists,
// toolbars, browsers; a viewport's image area stays black in both, as a reading room's does). An element takes the
// `theme` attribute's palette, else the reader's `prefers-color-scheme`; a token the page sets (on the element or
// any ancestor) wins over both, because elements read `var(--dicom-color-x, var(--dicom-theme-x))` and the palette
// lives under the private `--dicom-theme-*` names. Every pair of text and surface meets WCAG AA (4.5:1).
import { css, unsafeCSS } from 'lit';

const dark = css`
  --dicom-theme-surface: #161616;
  --dicom-theme-text: #e4e4e4;
  --dicom-theme-text-muted: #9a9a9a;
  --dicom-theme-border: #333;
  --dicom-theme-accent: #4fa3ff;
  --dicom-theme-hover: rgba(255, 255, 255, 0.05);
  --dicom-theme-active: rgba(79, 163, 255, 0.18);
  --dicom-theme-error: #ff8a80;
  --dicom-theme-warning: #ffb020;
  color-scheme: dark;
`;

const light = css`
  --dicom-theme-surface: #ffffff;
  --dicom-theme-text: #1d1d1f;
  --dicom-theme-text-muted: #5f6368;
  --dicom-theme-border: #d0d4d9;
  --dicom-theme-accent: #0b63ce;
  --dicom-theme-hover: rgba(0, 0, 0, 0.04);
  --dicom-theme-active: rgba(11, 99, 206, 0.12);
  --dicom-theme-error: #b3261e;
  --dicom-theme-warning: #8a5300;
  color-scheme: light;
`;

export const themeStyles = css`
  :host {
    ${dark}
  }
  @media (prefers-color-scheme: light) {
    :host(:not([theme='dark'])) {
      ${light}
    }
  }
  :host([theme='light']) {
    ${light}
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
