// An orthographic volume viewport (MPR) of a stack in an imaging context: the stack's images (image ids of the
// context, fetched with its source's credentials) as the context's shared volume (volume-store.ts), shown in one
// orientation, with an optional slab (MIP, MinIP, average) and the viewport tools. The viewport-agnostic operations
// (viewport-ops.ts) drive its camera, VOI and state.
import { Enums, eventTarget, type Types } from '@cornerstonejs/core';
import type { ImagingContext } from '../imaging-context.js';
import { connectImagingContext, startImaging } from '../init.js';
import { acquireRenderingEngine, releaseRenderingEngine } from '../rendering-engine.js';
import { registerStackImages, releaseStackImages } from '../stack-images.js';
import type { StackImages } from '../stack-frames.js';
import { acquireVolume, type VolumeDecimation, type VolumeHold } from './volume-store.js';
import { addViewportToToolGroup, destroyToolGroup, ensureToolGroup, removeViewportFromToolGroup, setPrimaryTool } from '../../tools/stack-tools.js';
import type { ToolName } from '../../tools/tool-registry.js';
import { imageInfoOf } from '../../measurements/image-info.js';
import { showPlaneValues } from '../../measurements/plane-text.js';
import type { ValueNameOf } from '../../measurements/measurement.js';

/** The planes a volume is shown in: the patient's three, or the plane the series was acquired in. */
export const volumeOrientations = ['axial', 'sagittal', 'coronal', 'acquisition'] as const;
export type VolumeOrientation = (typeof volumeOrientations)[number];

/** How a slab's voxels along the view become one pixel: the brightest, the darkest, or their mean. */
export const slabModes = ['mip', 'minip', 'average'] as const;
export type SlabMode = (typeof slabModes)[number];

export interface Slab {
  /** Millimetres; 0 (or less) is a thin slice. */
  thickness: number;
  mode: SlabMode;
}

const orientationAxes: Record<VolumeOrientation, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
  acquisition: Enums.OrientationAxis.ACQUISITION,
};

const blendModes: Record<SlabMode, Enums.BlendModes> = {
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

export interface VolumeView {
  readonly viewport: Types.IVolumeViewport;
  readonly volumeId: string;
  /** Settles when every image of the volume loaded or failed: how many loaded, of how many. */
  readonly loaded: Promise<{ loaded: number; total: number }>;
  /** Calls `listener` with the number of slices loaded as each arrives; returns the function that stops it. */
  onProgress(listener: (loaded: number) => void): () => void;
  /** Calls `listener` whenever the camera or the window changes (a tool, a command, a state); returns the function that stops it. */
  onViewChange(listener: () => void): () => void;
  /** Looks along another plane, through the same point. */
  setOrientation(orientation: VolumeOrientation): void;
  /** A slab of `thickness` mm in `mode`, or a thin slice. */
  setSlab(slab: Slab): void;
  /** The slab on screen. */
  slab(): Slab;
  /** The tool of the left mouse button and one finger. */
  setTool(tool: ToolName): void;
  /** Frees the viewport, its tools, the volume (when no other viewport shows it), the images and the engine reference. */
  destroy(): void;
}

export interface ShowVolumeOptions {
  orientation?: VolumeOrientation;
  slab?: Slab;
  tool?: ToolName;
  /** The stack index whose slice is wanted first (default: the middle one, where the viewport opens). */
  focus?: number;
  /** Every n-th pixel and slice, for a volume larger than the memory budget (volume-decimation.ts). */
  decimation?: VolumeDecimation;
  /** The measurement value names drawn on the planes, in the reader's language (English when not given). */
  valueName?: ValueNameOf;
}

/**
 * Shows a stack (image ids keyed by `context`, imaging-context.ts; sorted along their normal, stack-order.ts) as a
 * volume in `element`, looking along `orientation`. The stack's images are held (registered) for as long as the view
 * lives; the volume is the context's, shared with every other view of the same stack.
 */
export async function showVolume(context: ImagingContext, element: HTMLDivElement, stack: StackImages, options: ShowVolumeOptions | VolumeOrientation = {}): Promise<VolumeView> {
  const { orientation = 'axial', slab, tool = 'window-level', focus, decimation, valueName } = typeof options === 'string' ? ({ orientation: options } as ShowVolumeOptions) : options;
  await startImaging();
  connectImagingContext(context);
  registerStackImages(context, stack);
  const viewportId = `dicom-volume-${Math.random().toString(36).slice(2, 10)}`;
  const toolGroupId = `${viewportId}-tools`;
  const engine = acquireRenderingEngine(context);
  let hold: VolumeHold | undefined;
  let enabled = false;
  let destroyed = false;
  const stopListening: Array<() => void> = [];
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const stop of stopListening.splice(0)) stop();
    if (enabled) {
      removeViewportFromToolGroup(toolGroupId, viewportId, engine.id);
      destroyToolGroup(toolGroupId);
      engine.disableElement(viewportId);
    }
    hold?.release();
    releaseStackImages(context, stack.imageIds);
    releaseRenderingEngine(context);
  };
  try {
    engine.enableElement({ viewportId, type: Enums.ViewportType.ORTHOGRAPHIC, element, defaultOptions: { orientation: orientationAxes[orientation] } });
    enabled = true;
    const viewport = engine.getViewport(viewportId) as Types.IVolumeViewport;
    // The measurement tools join the group later (their chunk), unbound: the chosen tool is given the button again then.
    let primary = tool;
    // Lengths and ROIs show our values on any plane, in the series' modality unit (HU for a CT).
    const valueUnit = stack.datasets[0] ? imageInfoOf(stack.datasets[0]).valueUnit : '';
    void ensureToolGroup(toolGroupId, tool).then(() => {
      setPrimaryTool(toolGroupId, primary);
      showPlaneValues(toolGroupId, valueUnit, valueName);
    });
    // The group is made at once with the length tool; the ROI tools join it with their chunk (above).
    showPlaneValues(toolGroupId, valueUnit, valueName);
    addViewportToToolGroup(toolGroupId, viewportId, engine.id);
    hold = await acquireVolume(context, stack.imageIds, focus ?? Math.floor(stack.imageIds.length / 2), decimation);
    await viewport.setVolumes([{ volumeId: hold.volumeId }]);
    let shownSlab: Slab = { thickness: 0, mode: 'mip' };
    const view: VolumeView = {
      viewport,
      volumeId: hold.volumeId,
      loaded: hold.loaded,
      onProgress(listener) {
        const volumeId = hold!.volumeId;
        const stop = context.listen(eventTarget, Enums.Events.IMAGE_VOLUME_MODIFIED, (event) => {
          const detail = (event as CustomEvent<{ volumeId?: string; framesProcessed?: number }>).detail;
          if (detail?.volumeId === volumeId) listener(detail.framesProcessed ?? 0);
        });
        stopListening.push(stop);
        return stop;
      },
      onViewChange(listener) {
        const stops = [Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED].map((type) => context.listen(element, type, listener));
        const stop = () => stops.forEach((each) => each());
        stopListening.push(stop);
        return stop;
      },
      setOrientation(next) {
        // Through the point looked at: the new plane crosses the old one there.
        const { cameraFocalPoint } = viewport.getViewReference();
        viewport.setOrientation(orientationAxes[next]);
        if (cameraFocalPoint) viewport.setViewReference({ ...viewport.getViewReference(), cameraFocalPoint });
        view.setSlab(shownSlab);
      },
      setSlab(next) {
        shownSlab = { ...next };
        if (next.thickness > 0) {
          viewport.setBlendMode(blendModes[next.mode]);
          viewport.setSlabThickness(next.thickness);
        } else {
          viewport.setBlendMode(Enums.BlendModes.COMPOSITE);
          viewport.resetSlabThickness();
        }
        viewport.render();
      },
      slab: () => ({ ...shownSlab }),
      setTool: (next) => setPrimaryTool(toolGroupId, (primary = next)),
      destroy,
    };
    if (slab) view.setSlab(slab);
    viewport.render();
    return view;
  } catch (error) {
    destroy();
    throw error;
  }
}
