// The shown image's overlay planes (60xx) for a viewport element: their Overlay Data retrieved once the image is on
// screen, unpacked to one mask, and drawn in a layer of one CSS pixel an image pixel that the camera's transform
// puts over the image.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { Task, TaskStatus } from '@lit/task';
import type { DicomwebSource } from '../../../dicomweb/source.js';
import type { DicomJsonDataset, DicomJsonElement } from '../../../dicomweb/dicom-json.js';
import { overlayMaskOf, type OverlayMask } from '../../../imaging/overlay-bulk-data.js';

export interface OverlayPlanesParts {
  source(): DicomwebSource | undefined;
  /** The shown image's header while its planes are shown and it is on screen; undefined otherwise. */
  shownDataset(): DicomJsonDataset | undefined;
  /** The shown image's frame number (1-based). */
  frameNumber(): number;
  /** Whether the planes are shown now (not hidden, and the canvas shows the image the element names). */
  visible(): boolean;
  /** The CSS transform from the image's pixel grid to the canvas, or undefined without an image. */
  imageToCanvasTransform(columns: number, rows: number): string | undefined;
  onError(error: unknown): void;
}

export class OverlayPlanesController implements ReactiveController {
  /** Overlay Data retrieved for the shown series' instances, by element: lives as long as their metadata does. */
  private readonly bulkData = new WeakMap<DicomJsonElement, Promise<Uint8Array>>();
  /** The mask last drawn into the layer, which keeps its pixels until another mask is drawn. */
  private drawn?: { layer: HTMLCanvasElement; overlay: OverlayMask };
  private readonly task: Task<readonly [DicomwebSource | undefined, DicomJsonDataset | undefined, number], OverlayMask | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment },
    private readonly parts: OverlayPlanesParts,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      args: () => [parts.source(), parts.shownDataset(), parts.frameNumber()] as const,
      task: ([source, dataset, frame], { signal }) =>
        source && dataset ? overlayMaskOf(source, dataset, frame, this.bulkData, signal) : Promise.resolve(undefined),
      onError: (error) => {
        if ((error as Error)?.name !== 'AbortError') parts.onError(error);
      },
    });
  }

  hostUpdated(): void {
    this.draw();
  }

  /**
   * The layer: a canvas of one CSS pixel an image pixel, put over the image by the transform that maps the image's
   * pixel grid to the viewport's canvas (it follows the camera, as every render reads it).
   */
  render() {
    const overlay = this.task.status === TaskStatus.COMPLETE ? this.task.value : undefined;
    if (!overlay || !this.parts.visible()) return nothing;
    const transform = this.parts.imageToCanvasTransform(overlay.columns, overlay.rows);
    if (!transform) return nothing;
    return html`<canvas
      part="overlay-plane"
      class="overlay-planes"
      width=${overlay.columns}
      height=${overlay.rows}
      style=${styleMap({ width: `${overlay.columns}px`, height: `${overlay.rows}px`, transform })}
    ></canvas>`;
  }

  /**
   * Draws the mask into its layer when either is new: the mask as opaque pixels, then coloured by the layer's
   * `color` (the custom property), so any CSS colour, translucent ones too, applies.
   */
  private draw(): void {
    const layer = this.host.renderRoot.querySelector<HTMLCanvasElement>('.overlay-planes');
    const overlay = this.task.value;
    if (!layer || !overlay) {
      this.drawn = undefined;
      return;
    }
    if (this.drawn?.layer === layer && this.drawn.overlay === overlay) return;
    this.drawn = { layer, overlay };
    const context = layer.getContext('2d');
    if (!context) return;
    const pixels = context.createImageData(overlay.columns, overlay.rows);
    overlay.mask.forEach((bit, at) => {
      if (bit) pixels.data[at * 4 + 3] = 255;
    });
    context.putImageData(pixels, 0, 0);
    context.globalCompositeOperation = 'source-in';
    context.fillStyle = getComputedStyle(layer).color;
    context.fillRect(0, 0, overlay.columns, overlay.rows);
    context.globalCompositeOperation = 'source-over';
  }
}
