// Cornerstone3D start-up, once per page however many elements ask for it.
import { cache, Enums, getConfiguration, imageLoader, init as initCore, metaData, type Types } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index: the index also re-exports the decode worker's code and with it
// every codec's glue, which belongs in the worker alone.
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import { init as initTools } from '@cornerstonejs/tools';
import { createFrameLoader } from './frame-loader.js';
import type { ImagingContext } from './imaging-context.js';
import { imagingStatsNow } from './stats.js';
import { scopeAnnotations } from '../tools/annotation-scope.js';
import { voiLutFunctionOf } from './voi-lut-function.js';
import { markedLoadFailure, observeCacheInsertions } from './load-rejections.js';

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

/**
 * Starts Cornerstone for the page. Idempotent: the first call's options win; later calls wait for the same start-up.
 * The public `initImaging()` (load-viewport-engine.ts) fetches the engine chunk and calls this.
 */
export function startImaging(options: ImagingOptions = {}): Promise<void> {
  ready ??= (async () => {
    const defaults = getConfiguration();
    initCore({ ...defaults, rendering: { ...defaults.rendering, webGlContextCount: contextCount(options.webGlContextCount) } });
    // Cornerstone's own `wadors:` loader serves image ids a page makes itself, with no credentials of ours: the
    // elements' image ids are their contexts' (connectImagingContext) and carry the source that asked for them.
    dicomImageLoader.init({ maxWebWorkers: options.maxWebWorkers });
    registerImageLoader('wadors', dicomImageLoader.wadors.loadImage as unknown as ImageLoad);
    observeCacheInsertions(cache);
    initTools();
    scopeAnnotations();
  })();
  return ready;
}

type ImageLoad = (imageId: string, options?: Record<string, unknown>) => Types.IImageLoadObject;

/**
 * Makes a context's image ids loadable: Cornerstone's loader registry is the page's, and each context has a scheme
 * of its own there, served by its frame loader (frame-loader.ts). Idempotent; after startImaging().
 */
export function connectImagingContext(context: ImagingContext): void {
  context.readCornerstone ??= imagingStatsNow;
  if (context.loaderRegistered) return;
  context.loaderRegistered = true;
  registerImageLoader(context.images.scheme, createFrameLoader(context.images));
}

/**
 * Registers a WADO-RS loader with each image's VOI LUT Function taken from its header (voi-lut-function.ts) and
 * each failure marked as reported (load-rejections.ts).
 */
function registerImageLoader(scheme: string, load: ImageLoad): void {
  imageLoader.registerImageLoader(scheme, (imageId, options) => {
    const loading = load(imageId, options);
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
