// What the toolbar's slab control offers (pure): the projections, the thicknesses, and whether a view has a slab.
import type { ViewportState } from '../../events/viewport-changed.js';
import type { SlabCommandMode } from '../viewport/viewport-commands.js';

/** The projections offered, in the picker's order. */
export const slabModes: readonly SlabCommandMode[] = ['mip', 'minip', 'average'];

/** The thicknesses offered (mm; 0 a thin slice); a viewport's other thickness is offered too while it has it. */
export const slabThicknesses: readonly number[] = [0, 5, 10, 20, 30, 50];

/** Whether a view has a slab to control: a volume plane's state says its thickness (a stack's or a rendering's not). */
export function hasSlab(state: Partial<ViewportState> | undefined): boolean {
  return typeof state?.slabThickness === 'number';
}

/** The thicknesses a picker offers for a view whose slab is `current` mm thick, in increasing order. */
export function slabThicknessChoices(current: number): number[] {
  return [...new Set([...slabThicknesses, current])].sort((a, b) => a - b);
}
