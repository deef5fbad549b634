// The MPR layout's crosshairs, fetched when a viewer first shows the MPR layout (mpr-layout.ts holds the rest):
// where the other two planes cut each view, all through one centre. Dragging the centre moves the other planes
// there; dragging a line's end turns the other two planes about this view's normal (oblique planes); the reader's
// scroll in one view carries the centre along and the others' crosshairs follow; the reader's window/level in one is
// set on the others. Every change goes to the viewports through `setViewportState(…, { origin: 'synchronized' })`,
// so none echoes back as the reader's.
import { nothing, svg, type ReactiveControllerHost } from 'lit';
import type { ViewportState } from '../../events/viewport-changed.js';
import {
  add,
  centreAfterScroll,
  focalPointThrough,
  intersectionDirection,
  normalize,
  rotatePlane,
  scale,
  signedAngle,
  subtract,
  type Vector3,
  type ViewPlane,
} from '../../tools/crosshairs-geometry.js';
import { mprOrientations, type MprParts, type MprViewport } from './mpr-layout.js';
import { crosshairColourOf } from './mpr-crosshair-colours.js';

/** A plane's name on its line and label: its orientation, or its place among the joined views past the three. */
const planeName = (index: number): string => mprOrientations[index] ?? `plane-${index + 1}`;

interface CrosshairLine {
  /** The plane (viewport index) whose cut this line is. */
  plane: number;
  from: [number, number];
  to: [number, number];
  /** The handles that turn the crosshairs, one each side of the centre. */
  handles: Array<[number, number]>;
}

interface Drawing {
  centre: [number, number];
  lines: CrosshairLine[];
}

/** A line drawn across the whole view: its ends this far (mm) either side of the centre. */
const lineReach = 2000;
/** The turning handles' distance from the centre, as a share of the view's smaller side. */
const handleReach = 0.3;

function planeOf(state: ViewportState | undefined): ViewPlane | undefined {
  if (!state?.focalPoint || !state.viewPlaneNormal || !state.viewUp) return undefined;
  return { focalPoint: state.focalPoint, viewPlaneNormal: state.viewPlaneNormal, viewUp: state.viewUp };
}

export class MprCrosshairsDrawing {
  private crosshairCentre?: Vector3;
  private drawings: Array<Drawing | undefined> = [];
  private waiting = 0;
  private drag?: { viewport: number; kind: 'move' } | { viewport: number; kind: 'rotate'; direction: Vector3 };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly parts: MprParts,
    /** Where to put the centre first, when it is not where the axial view looks (a restored session). */
    private readonly startCentre: () => Vector3 | undefined = () => undefined,
  ) {}

  /** Where the three planes cross (patient mm, LPS); undefined until the three views show their volume. */
  get centre(): Vector3 | undefined {
    return this.crosshairCentre && [...this.crosshairCentre];
  }

  hostUpdated(): void {
    if (!this.parts.active()) {
      this.crosshairCentre = undefined;
      if (this.drawings.length > 0) {
        this.drawings = [];
        this.host.requestUpdate();
      }
      return;
    }
    if (!this.crosshairCentre) this.waitForPlanes();
  }

  hostDisconnected(): void {
    clearTimeout(this.waiting);
    this.waiting = 0;
  }

  /** Moves the crosshairs' centre to `point` (patient mm): each view shows the plane through it. */
  moveTo(point: Vector3): void {
    if (!this.parts.active()) return;
    this.crosshairCentre = [...point];
    this.putPlanesThroughCentre(-1);
  }

  /**
   * Turns the crosshairs in view `viewportIndex` by `degrees` (clockwise as seen in that view): the other two planes
   * turn about its normal through the centre, becoming oblique.
   */
  rotate(viewportIndex: number, degrees: number): void {
    const plane = planeOf(this.parts.viewports()[viewportIndex]?.getViewportState());
    if (!plane || !this.crosshairCentre) return;
    this.turnOthers(viewportIndex, plane, (degrees * Math.PI) / 180);
  }

  /** A viewport's view changed by the reader: the centre follows its plane, the others follow its window. */
  changed(leader: MprViewport, state: ViewportState): void {
    if (!this.parts.active() || !this.crosshairCentre) return;
    const viewports = this.parts.viewports();
    const index = viewports.indexOf(leader);
    if (index < 0) return;
    for (const [other, viewport] of viewports.entries()) {
      const current = viewport.getViewportState();
      if (other === index || !current) continue;
      if (current.windowCenter !== state.windowCenter || current.windowWidth !== state.windowWidth) {
        viewport.setViewportState({ windowCenter: state.windowCenter, windowWidth: state.windowWidth }, { origin: 'synchronized' });
      }
    }
    const plane = planeOf(state);
    if (plane) this.crosshairCentre = centreAfterScroll(this.crosshairCentre, plane);
    this.putPlanesThroughCentre(index);
  }

  /** The crosshairs over viewport `index` of the grid. */
  render(index: number) {
    const drawing = this.parts.active() ? this.drawings[index] : undefined;
    if (!drawing) return nothing;
    const label = planeName(index);
    return svg`<svg class="crosshairs" part="crosshairs" data-plane=${label} aria-hidden="true"
        @pointerdown=${(event: PointerEvent) => this.startDrag(event, index)}
        @pointermove=${(event: PointerEvent) => this.dragTo(event)}
        @pointerup=${() => (this.drag = undefined)}
        @pointercancel=${() => (this.drag = undefined)}>
      ${drawing.lines.map(
        (line) => svg`<line part="crosshair-line" class="crosshair-line" data-plane=${planeName(line.plane)} stroke=${crosshairColourOf(line.plane)}
            x1=${line.from[0]} y1=${line.from[1]} x2=${line.to[0]} y2=${line.to[1]}></line>
          ${line.handles.map(
            ([x, y]) => svg`<circle class="crosshair-handle" data-handle="rotate" data-plane=${planeName(line.plane)} fill=${crosshairColourOf(line.plane)} cx=${x} cy=${y} r="5"></circle>`,
          )}`,
      )}
      <circle class="crosshair-handle crosshair-centre" data-handle="move" cx=${drawing.centre[0]} cy=${drawing.centre[1]} r="7"></circle>
      <rect class="plane-label" x="0" y="0" width="4" height="100%" fill=${crosshairColourOf(index)}></rect>
    </svg>`;
  }

  /** Waits until the three views show their volume, then puts the centre where asked, else where the first looks. */
  private waitForPlanes(): void {
    if (this.waiting) return;
    const attempt = () => {
      this.waiting = 0;
      if (!this.parts.active() || this.crosshairCentre || !this.host.isConnected) return;
      const viewports = this.parts.viewports();
      const planes = viewports.map((viewport) => planeOf(viewport.getViewportState()));
      if (viewports.length === mprOrientations.length && planes.every(Boolean)) this.moveTo(this.startCentre() ?? planes[0]!.focalPoint);
      else this.waiting = window.setTimeout(attempt, 100);
    };
    this.waiting = window.setTimeout(attempt, 0);
  }

  /** Puts every view (but `except`) through the centre, along its own normal, and draws the crosshairs again. */
  private putPlanesThroughCentre(except: number): void {
    const centre = this.crosshairCentre;
    if (!centre) return;
    for (const [index, viewport] of this.parts.viewports().entries()) {
      const plane = planeOf(viewport.getViewportState());
      if (index === except || !plane) continue;
      const focalPoint = focalPointThrough(plane, centre);
      if (Math.hypot(...subtract(focalPoint, plane.focalPoint)) > 1e-6) viewport.setViewportState({ focalPoint }, { origin: 'synchronized' });
    }
    this.draw();
  }

  private turnOthers(viewportIndex: number, plane: ViewPlane, radians: number): void {
    const centre = this.crosshairCentre;
    if (!centre || radians === 0) return;
    for (const [index, viewport] of this.parts.viewports().entries()) {
      const other = planeOf(viewport.getViewportState());
      if (index === viewportIndex || !other) continue;
      const turned = rotatePlane({ ...other, focalPoint: focalPointThrough(other, centre) }, centre, plane.viewPlaneNormal, radians);
      viewport.setViewportState(turned, { origin: 'synchronized' });
    }
    this.draw();
  }

  /** Works out each view's lines from the planes as they are now. */
  private draw(): void {
    const centre = this.crosshairCentre;
    const viewports = this.parts.viewports();
    const planes = viewports.map((viewport) => planeOf(viewport.getViewportState()));
    this.drawings = viewports.map((viewport, index) => {
      const own = planes[index];
      const centreOnCanvas = centre && viewport.worldToCanvas(centre);
      if (!own || !centre || !centreOnCanvas) return undefined;
      const size = Math.min((viewport as unknown as HTMLElement).clientWidth || 0, (viewport as unknown as HTMLElement).clientHeight || 0);
      const lines: CrosshairLine[] = [];
      for (const [other, plane] of planes.entries()) {
        const direction = other !== index && plane ? intersectionDirection(own.viewPlaneNormal, plane.viewPlaneNormal) : undefined;
        if (!direction) continue;
        const from = viewport.worldToCanvas(add(centre, scale(direction, -lineReach)));
        const to = viewport.worldToCanvas(add(centre, scale(direction, lineReach)));
        if (!from || !to) continue;
        const along = normalize([to[0] - from[0], to[1] - from[1], 0]);
        const reach = size * handleReach;
        const handles: Array<[number, number]> = [1, -1].map((side) => [centreOnCanvas[0] + along[0] * reach * side, centreOnCanvas[1] + along[1] * reach * side]);
        lines.push({ plane: other, from, to, handles });
      }
      return { centre: centreOnCanvas, lines };
    });
    this.host.requestUpdate();
  }

  private canvasPointOf(event: PointerEvent): [number, number] {
    const box = (event.currentTarget as Element).getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  private startDrag(event: PointerEvent, index: number): void {
    const handle = (event.target as Element).getAttribute?.('data-handle');
    const viewport = this.parts.viewports()[index];
    if (!handle || !viewport || !this.crosshairCentre) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
    if (handle === 'move') {
      this.drag = { viewport: index, kind: 'move' };
      return;
    }
    const world = viewport.canvasToWorld(this.canvasPointOf(event));
    if (world) this.drag = { viewport: index, kind: 'rotate', direction: normalize(subtract(world, this.crosshairCentre)) };
  }

  private dragTo(event: PointerEvent): void {
    const drag = this.drag;
    const viewport = drag && this.parts.viewports()[drag.viewport];
    const world = viewport?.canvasToWorld(this.canvasPointOf(event));
    if (!drag || !viewport || !world || !this.crosshairCentre) return;
    if (drag.kind === 'move') {
      this.crosshairCentre = world;
      this.putPlanesThroughCentre(drag.viewport);
      return;
    }
    const plane = planeOf(viewport.getViewportState());
    if (!plane) return;
    const direction = normalize(subtract(world, this.crosshairCentre));
    const radians = signedAngle(drag.direction, direction, plane.viewPlaneNormal);
    drag.direction = direction;
    this.turnOthers(drag.viewport, plane, radians);
  }
}
