// The viewer's MPR layouts (`layout="mpr"`; `"mpr-3d"` adds a volume rendering): the active series in three
// viewports, axial, sagittal and coronal, which share one volume (the viewer's imaging context holds one a series);
// crosshairs where the other two planes cut each view, all through one centre. Dragging the centre moves the other planes there; dragging a line's end turns the
// other two planes about this view's normal (oblique planes); the reader's scroll in one view carries the centre along
// and the others' crosshairs follow; the reader's window/level in one is set on the others. Every change goes to the
// viewports through `setViewportState(…, { origin: 'synchronized' })`, so none echoes back as the reader's.
import { css, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ViewportState } from '../../events/viewport-changed.js';
import type { Vector3 } from '../../tools/crosshairs-geometry.js';
import type { Layout } from './layout.js';

/** The `layout` value that asks for MPR. */
export const mprLayout = 'mpr';

/** The `layout` value that asks for MPR and a volume rendering (3D) of the same series beside it. */
export const mpr3dLayout = 'mpr-3d';

export type MprLayoutName = typeof mprLayout | typeof mpr3dLayout;

/** The planes the crosshairs join, in grid order: the first cells of either MPR layout. */
export const mprOrientations = ['axial', 'sagittal', 'coronal'] as const;

/** Each MPR layout's grid and what its cells show, in grid order. */
const mprLayouts: Record<MprLayoutName, { grid: Layout; orientations: readonly string[] }> = {
  [mprLayout]: { grid: { rows: 1, columns: 3 }, orientations: mprOrientations },
  [mpr3dLayout]: { grid: { rows: 2, columns: 2 }, orientations: [...mprOrientations, '3d'] },
};

/** The MPR layout `layout` names (any case, spaces around), or undefined when it names a grid or nothing. */
export function mprLayoutOf(layout: string): MprLayoutName | undefined {
  const name = layout.trim().toLowerCase();
  return name === mprLayout || name === mpr3dLayout ? name : undefined;
}

export function isMprLayout(layout: string): boolean {
  return mprLayoutOf(layout) !== undefined;
}

export function mprGrid(layout: MprLayoutName): Layout {
  return mprLayouts[layout].grid;
}

/** What cell `index` of an MPR layout shows (`orientation` of `<dicom-viewport>`); '' past its cells. */
export function mprOrientationAt(layout: MprLayoutName, index: number): string {
  return mprLayouts[layout].orientations[index] ?? '';
}

/** The cells of an MPR layout: one series in each. */
export function mprCells<T>(layout: MprLayoutName, shown: T | undefined): Array<T | undefined> {
  return mprLayouts[layout].orientations.map(() => shown);
}

/** What the crosshairs need of a viewport (a `<dicom-viewport>` has it). */
export interface MprViewport {
  getViewportState(): ViewportState | undefined;
  setViewportState(state: Partial<ViewportState>, options: { origin: 'synchronized' }): void;
  worldToCanvas(point: Vector3): [number, number] | undefined;
  canvasToWorld(point: [number, number]): Vector3 | undefined;
}

export interface MprParts {
  /** Whether the layout is MPR now. */
  active(): boolean;
  /** The viewports the crosshairs join, in order: axial, sagittal, coronal. */
  viewports(): MprViewport[];
}

type Drawing = import('./mpr-crosshairs.js').MprCrosshairsDrawing;

/**
 * The crosshairs of the MPR layout, on a viewer: their code (mpr-crosshairs.ts) is fetched when the layout is first
 * shown, so a page that never shows MPR never downloads it. Until then there is nothing to draw or move.
 */
export class MprCrosshairs implements ReactiveController {
  private drawing?: Drawing;
  private loading?: Promise<void>;
  /** A centre to start at (a restored session's) instead of where the axial view looks. */
  private startCentre?: Vector3;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly parts: MprParts,
  ) {
    host.addController(this);
  }

  /** Where the three planes cross (patient mm, LPS); undefined until the three views show their volume. */
  get centre(): Vector3 | undefined {
    return this.drawing?.centre;
  }

  hostUpdated(): void {
    if (this.parts.active() && !this.loading) {
      this.loading = import('./mpr-crosshairs.js').then(({ MprCrosshairsDrawing }) => {
        this.drawing = new MprCrosshairsDrawing(this.host, this.parts, () => this.takeStartCentre());
        this.host.requestUpdate();
      });
    }
    this.drawing?.hostUpdated();
  }

  hostDisconnected(): void {
    this.drawing?.hostDisconnected();
  }

  /** Moves the crosshairs' centre to `point` (patient mm): each view shows the plane through it. */
  moveTo(point: Vector3): void {
    this.drawing?.moveTo(point);
  }

  /**
   * Puts the centre at `point` once the three views show their planes (now, if they do): a restored session's
   * crosshairs, their planes (and so their rotation) already set on the views.
   */
  restore(point: Vector3): void {
    if (this.drawing?.centre) this.drawing.moveTo(point);
    else this.startCentre = [...point];
  }

  private takeStartCentre(): Vector3 | undefined {
    const centre = this.startCentre;
    this.startCentre = undefined;
    return centre;
  }

  /** Turns the crosshairs in view `viewportIndex` by `degrees`: the other two planes turn about its normal (oblique). */
  rotate(viewportIndex: number, degrees: number): void {
    this.drawing?.rotate(viewportIndex, degrees);
  }

  /** A viewport's view changed by the reader: the centre follows its plane, the others follow its window. */
  changed(leader: MprViewport, state: ViewportState): void {
    this.drawing?.changed(leader, state);
  }

  /** The crosshairs over viewport `index` of the grid. */
  render(index: number) {
    return this.drawing?.render(index) ?? nothing;
  }
}

/** The crosshairs' layer over a viewport: only its handles take the pointer, the rest goes to the viewport's tools. */
export const mprStyles = css`
  .crosshairs {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    overflow: hidden;
    pointer-events: none;
  }
  .crosshair-line {
    stroke-width: 1.5;
    opacity: 0.85;
  }
  .crosshair-handle {
    pointer-events: all;
    cursor: grab;
    opacity: 0.9;
  }
  .crosshair-centre {
    fill: transparent;
    stroke: #fff;
    stroke-width: 1.5;
    cursor: move;
  }
`;
