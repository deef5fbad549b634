// Cornerstone3D start-up, once per page however many elements ask for it.
import { Enums, getConfiguration, imageLoader, init as initCore, metaData, type Types } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index: the index also re-exports the decode worker's code and with it
// every codec's glue, which belongs in the worker alone.
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import { init as initTools } from '@cornerstonejs/tools';
import { createFrameLoader } from './frame-loader.js';
import { trackFrameRequest } from './frame-requests.js';
import { authorizeImageRequest } from './request-authorization.js';
import { voiLutFunctionOf } from './voi-lut-function.js';
import { markedLoadFailure, quietenReportedLoadFailures } from './load-rejections.js';

export interface ImagingOptions {
  /** Decode workers; defaults to half the cores (at least one), as the loader does. */
  maxWebWorkers?: number;
  /**
   * WebGL contexts the page's rendering engine renders its viewports through (default 1). Cornerstone's default,
   * 7, are all made when the engine starts (≈7 ms each, before the first image) and count against the browser's
   * limit of about 16 a page; stack viewports take turns in one offscreen canvas and share its textures.
   */
  webGlContextCount?: number;
}

let ready: Promise<void> | undefined;

/** A whole number of contexts, at least one; 1 unless given. */
const contextCount = (wanted: number | undefined) => (Number.isFinite(wanted) ? Math.max(1, Math.trunc(wanted!)) : 1);

/** Idempotent: the first call's options win; later calls wait for the same start-up. */
export function initImaging(options: ImagingOptions = {}): Promise<void> {
  ready ??= (async () => {
    const defaults = getConfiguration();
    initCore({ ...defaults, rendering: { ...defaults.rendering, webGlContextCount: contextCount(options.webGlContextCount) } });
    dicomImageLoader.init({
      maxWebWorkers: options.maxWebWorkers,
      // Cornerstone's loader, which serves image ids no stack registered (frame-loader.ts), awaits this before every
      // frame request: each backend's own auth hook answers for its URLs, and the request is tracked so that
      // switching series can abort it.
      beforeSend: (xhr: XMLHttpRequest, imageId: string) => trackFrameRequest(xhr, imageId, () => authorizeImageRequest(imageId)),
    });
    registerWadorsLoader();
    quietenReportedLoadFailures();
    initTools();
  })();
  return ready;
}

/**
 * The page's WADO-RS image loader (frame-loader.ts; Cornerstone's own for image ids no stack registered), with each
 * image's VOI LUT Function taken from its header (voi-lut-function.ts) and each failure marked as reported
 * (load-rejections.ts).
 */
function registerWadorsLoader(): void {
  const cornerstoneLoader = dicomImageLoader.wadors.loadImage as unknown as (imageId: string, options?: Record<string, unknown>) => Types.IImageLoadObject;
  const loadImage = createFrameLoader(cornerstoneLoader);
  imageLoader.registerImageLoader('wadors', (imageId, options) => {
    const loading = loadImage(imageId, options);
    const promise = loading.promise.then(
      (image) => {
        const module = metaData.get('voiLutModule', imageId) as { voiLUTFunction?: unknown } | undefined;
        // The attribute's default is LINEAR (PS3.3 C.11.2.1.3).
        image.voiLUTFunction = (voiLutFunctionOf(module?.voiLUTFunction) ?? 'LINEAR') as Enums.VOILUTFunctionType;
        return image;
      },
      (reason: unknown) => {
        throw markedLoadFailure(reason);
      },
    );
    return { ...loading, promise };
  });
}
