// The toolbar's slab control of a volume plane: its projection (MIP, MinIP, average) and thickness, two pickers
// that carry out the viewport's `slab` command. Absent for a stack or a volume rendering, which have no slab.
import { html } from 'lit';
import type { ViewportState } from '../../events/viewport-changed.js';
import type { SlabCommandMode, ViewportCommand } from '../viewport/viewport-commands.js';
import type { Translate } from '../shared/localize-controller.js';
import { slabModes, slabThicknessChoices } from './slab-choices.js';

/**
 * The two pickers for a view's slab; `run` carries out the command a choice makes. A picker's value is the view's
 * (the toolbar sets it again after each render, as it does its other pickers).
 */
export function slabControl(state: Partial<ViewportState>, t: Translate, formatNumber: (value: number) => string, run: (command: ViewportCommand) => void) {
  const thickness = state.slabThickness ?? 0;
  return html`<div part="group" class="group" role="group" aria-label=${t('volume.slab')}>
    <select
      part="slab-mode"
      data-control="slab-mode"
      aria-label=${t('volume.slabMode')}
      title=${t('volume.slabMode')}
      @change=${(event: Event) => run({ kind: 'slab', mode: (event.target as HTMLSelectElement).value as SlabCommandMode })}
    >
      ${slabModes.map((mode) => html`<option value=${mode}>${t(`volume.slabMode.${mode}`)}</option>`)}
    </select>
    <select
      part="slab-thickness"
      data-control="slab-thickness"
      aria-label=${t('volume.slabThickness')}
      title=${t('volume.slabThickness')}
      @change=${(event: Event) => run({ kind: 'slab', thickness: Number((event.target as HTMLSelectElement).value) })}
    >
      ${slabThicknessChoices(thickness).map(
        (choice) => html`<option value=${String(choice)}>${choice === 0 ? t('volume.slabThin') : t('overlay.millimetres', { value: formatNumber(choice) })}</option>`,
      )}
    </select>
  </div>`;
}
