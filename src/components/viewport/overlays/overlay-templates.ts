// The viewport's text overlays as templates of their models (overlay-model.ts): no state, no reads of the view.
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { OverlayLine, OverlayModel, ViewOverlayModel } from './overlay-model.js';
import { englishMessage, type Translate } from '../../shared/localize-controller.js';

// Secondary lines give way first where the corners would meet (viewport.styles.ts, narrow viewports). A space after
// each keeps the corner's text readable as words.
const lineTemplates = (lines: OverlayLine[]) => lines.map(({ text, primary }) => html`<div class=${primary ? 'primary' : 'secondary'}>${text}</div> `);

const corner = (part: string, position: string, lines: OverlayLine[] | undefined, extra: unknown = nothing) =>
  lines ? html`<div part="overlay ${part}" class="overlay overlay--${position}">${lineTemplates(lines)} ${extra}</div>` : nothing;

/**
 * The overlays of `model`; the camera-bound ones from `view()`, asked for again only when `viewKey` changes (the
 * camera, the geometry), not on each image of a scrolled stack.
 */
export function overlaysTemplate(model: OverlayModel | undefined, viewKey: unknown[], view: () => ViewOverlayModel, t: Translate = englishMessage): TemplateResult | typeof nothing {
  if (!model) return nothing;
  return html`
    ${corner('overlay-patient', 'top-left', model.patient)} ${corner('overlay-study', 'top-right', model.study)}
    ${corner('overlay-image', 'bottom-left', model.image)}
    ${corner('overlay-view', 'bottom-right', model.view, guard(viewKey, () => zoomTemplate(view())))}
    ${model.lossy ? html`<div part="overlay lossy" class="overlay lossy" title=${t('viewport.lossyTitle')}>${t('viewport.lossy')}</div>` : nothing}
    ${model.scaleBar ? guard(viewKey, () => scaleBarTemplate(view())) : nothing}
    ${model.orientation ? guard(viewKey, () => orientationTemplate(view())) : nothing}
  `;
}

function zoomTemplate({ zoom }: ViewOverlayModel) {
  return zoom ? html`<div class="secondary">${zoom}</div>` : nothing;
}

function scaleBarTemplate({ scaleBar }: ViewOverlayModel) {
  if (!scaleBar) return nothing;
  return html`<div part="overlay scale-bar" class="overlay scale-bar" style=${styleMap({ width: `${scaleBar.pixels}px` })}>
    <span class="scale-bar__label">${scaleBar.label}</span>
  </div>`;
}

function orientationTemplate({ markers }: ViewOverlayModel) {
  if (!markers) return nothing;
  return html`${(['top', 'bottom', 'left', 'right'] as const).map(
    (edge) => html`<div part="overlay orientation" class="overlay orientation orientation--${edge}" data-edge=${edge}>${markers[edge]}</div>`,
  )}`;
}

/** The loading bar: `settled` of `total` images loaded or failed; nothing once all are. */
export function progressTemplate(settled: number, total: number, t: Translate = englishMessage) {
  if (!total || settled >= total) return nothing;
  return html`<div part="progress" class="progress" role="progressbar" aria-label=${t('viewport.loadingImages')} aria-valuemin="0" aria-valuemax=${total} aria-valuenow=${settled}>
    <div class="progress__bar" style="transform: scaleX(${settled / total})"></div>
  </div>`;
}
