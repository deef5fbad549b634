// An orthographic volume viewport (MPR) of a stack in an imaging context: the stack's images (image ids of the
// context, fetched with its source's credentials) become a Cornerstone streaming volume, shown in one orientation.
// The start of the volume adapter that MPR builds on; the viewport-agnostic operations (viewport-ops.ts) drive it.
import { cache, Enums, volumeLoader, type Types } from '@cornerstonejs/core';
import type { ImagingContext } from '../imaging-context.js';
import { connectImagingContext, initImaging } from '../init.js';
import { acquireRenderingEngine, releaseRenderingEngine } from '../rendering-engine.js';
import { registerStackImages, releaseStackImages } from '../stack-images.js';
import type { StackImages } from '../stack-frames.js';

export type VolumeOrientation = 'axial' | 'sagittal' | 'coronal';

const orientationAxes: Record<VolumeOrientation, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
};

export interface VolumeView {
  readonly viewport: Types.IVolumeViewport;
  readonly volumeId: string;
  /** Settles when every image of the volume loaded or failed: how many loaded, of how many. */
  readonly loaded: Promise<{ loaded: number; total: number }>;
  /** Frees the viewport, the volume and its images, and the engine reference. */
  destroy(): void;
}

/**
 * Shows a stack (image ids keyed by `context`, imaging-context.ts; sorted along their normal, stack-order.ts) as a
 * volume in `element`, looking along `orientation`.
 */
export async function showVolume(context: ImagingContext, element: HTMLDivElement, stack: StackImages, orientation: VolumeOrientation = 'axial'): Promise<VolumeView> {
  await initImaging();
  connectImagingContext(context);
  registerStackImages(context, stack);
  const viewportId = `dicom-volume-${Math.random().toString(36).slice(2, 10)}`;
  const volumeId = `cornerstoneStreamingImageVolume:${viewportId}`;
  const engine = acquireRenderingEngine(context);
  let volume: Types.IImageVolume | undefined;
  const destroy = () => {
    engine.disableElement(viewportId);
    if (volume) cache.removeVolumeLoadObject(volumeId);
    releaseStackImages(context, stack.imageIds);
    releaseRenderingEngine(context);
  };
  try {
    engine.enableElement({ viewportId, type: Enums.ViewportType.ORTHOGRAPHIC, element, defaultOptions: { orientation: orientationAxes[orientation] } });
    const viewport = engine.getViewport(viewportId) as Types.IVolumeViewport;
    volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: stack.imageIds });
    // The streaming volume's load takes a callback for its end (IStreamingImageVolume types it without one).
    const streaming = volume as unknown as { load(done: () => void): void; framesLoaded: number };
    const loaded = new Promise<{ loaded: number; total: number }>((resolve) => {
      streaming.load(() => resolve({ loaded: streaming.framesLoaded, total: stack.imageIds.length }));
    });
    await viewport.setVolumes([{ volumeId }]);
    viewport.render();
    return { viewport, volumeId, loaded, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
