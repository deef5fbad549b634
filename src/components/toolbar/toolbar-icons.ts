// The toolbar's icons as inline SVG (currentColor, 20 × 20): no icon font, nothing fetched.
import { html, svg, type SVGTemplateResult } from 'lit';
import type { ToolName } from '../../tools/tool-registry.js';

export type IconName =
  | ToolName
  | 'invert'
  | 'rotate-left'
  | 'rotate-right'
  | 'flip-horizontal'
  | 'flip-vertical'
  | 'reset'
  | 'play'
  | 'pause'
  | 'layout'
  | 'sync-position'
  | 'sync-voi'
  | 'sync-camera'
  | 'help'
  | 'more';

const paths: Record<IconName, SVGTemplateResult> = {
  'window-level': svg`<circle cx="10" cy="10" r="7"/><path d="M10 3a7 7 0 0 1 0 14z" fill="currentColor"/>`,
  zoom: svg`<circle cx="8.5" cy="8.5" r="5"/><path d="M12.5 12.5 17 17M6.5 8.5h4M8.5 6.5v4"/>`,
  pan: svg`<path d="M10 2v16M2 10h16M10 2 7.5 4.5M10 2l2.5 2.5M10 18l-2.5-2.5M10 18l2.5-2.5M2 10l2.5-2.5M2 10l2.5 2.5M18 10l-2.5-2.5M18 10l-2.5 2.5"/>`,
  scroll: svg`<path d="M4 6h12M4 10h12M4 14h12M10 1.5 8 3.5h4zM10 18.5l-2-2h4z"/>`,
  length: svg`<path d="M3 17 17 3M3 17l2.5-.5M3 17l.5-2.5M17 3l-2.5.5M17 3l-.5 2.5"/><circle cx="3" cy="17" r="1" fill="currentColor"/><circle cx="17" cy="3" r="1" fill="currentColor"/>`,
  angle: svg`<path d="M17 16H3L13 4"/><path d="M7.5 16a4.5 4.5 0 0 0-1.5-3.5"/>`,
  'cobb-angle': svg`<path d="M2 6l7 3M18 6l-7 3M3 16l6-3M17 16l-6-3"/>`,
  bidirectional: svg`<path d="M3 15 17 5M7 5l5 9"/>`,
  'ellipse-roi': svg`<ellipse cx="10" cy="10" rx="7.5" ry="5"/>`,
  'rectangle-roi': svg`<rect x="3" y="5" width="14" height="10"/>`,
  'freehand-roi': svg`<path d="M4 12c-2-4 2-8 6-7s7 1 6 5-3 3-5 5-5 1-7-3z"/>`,
  probe: svg`<circle cx="10" cy="10" r="2" fill="currentColor"/><path d="M10 2v4M10 14v4M2 10h4M14 10h4"/>`,
  arrow: svg`<path d="M16 4 5 15M5 15h5M5 15v-5"/>`,
  text: svg`<path d="M4 5V3h12v2M10 3v14M7.5 17h5"/>`,
  invert: svg`<rect x="3" y="3" width="14" height="14"/><path d="M3 3h14L3 17z" fill="currentColor"/>`,
  'rotate-left': svg`<path d="M5 8a6 6 0 1 1 .5 5.5"/><path d="M5 3v5h5"/>`,
  'rotate-right': svg`<path d="M15 8a6 6 0 1 0-.5 5.5"/><path d="M15 3v5h-5"/>`,
  'flip-horizontal': svg`<path d="M10 2v16" stroke-dasharray="2 2"/><path d="M8 5 3 15h5zM12 5l5 10h-5z"/>`,
  'flip-vertical': svg`<path d="M2 10h16" stroke-dasharray="2 2"/><path d="M5 8 15 3v5zM5 12l10 5v-5z"/>`,
  reset: svg`<path d="M4 10a6 6 0 1 0 2-4.5"/><path d="M4 3v4h4"/>`,
  play: svg`<path d="M6 4v12l10-6z" fill="currentColor"/>`,
  pause: svg`<path d="M6 4h3v12H6zM11 4h3v12h-3z" fill="currentColor"/>`,
  layout: svg`<rect x="3" y="3" width="14" height="14"/><path d="M10 3v14M3 10h14"/>`,
  'sync-position': svg`<path d="M3 5h6M3 9h6M3 13h6M11 5h6M11 9h6M11 13h6"/><path d="M9 17h2" stroke-width="2.5"/>`,
  'sync-voi': svg`<circle cx="6.5" cy="10" r="4"/><circle cx="13.5" cy="10" r="4"/><path d="M6.5 6v8a4 4 0 0 0 0-8zM13.5 6v8a4 4 0 0 0 0-8z" fill="currentColor"/>`,
  'sync-camera': svg`<circle cx="6" cy="10" r="3.5"/><circle cx="14" cy="10" r="3.5"/><path d="M8.5 12.5l2 2M16.5 12.5l2 2"/>`,
  more: svg`<circle cx="4.5" cy="10" r="1.4" fill="currentColor"/><circle cx="10" cy="10" r="1.4" fill="currentColor"/><circle cx="15.5" cy="10" r="1.4" fill="currentColor"/>`,
  help: svg`<circle cx="10" cy="10" r="8"/><path d="M7.5 7.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v.7"/><circle cx="10" cy="14.5" r=".8" fill="currentColor"/>`,
};

/** An icon, decorative: the button around it carries the label. */
export function icon(name: IconName) {
  return html`<svg part="icon" class="icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${paths[name]}</svg>`;
}
