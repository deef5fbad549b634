// Cornerstone3D start-up, once per page however many elements ask for it.
import { init as initCore } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';
import { authorizeImageRequest } from './request-authorization.js';

export interface ImagingOptions {
  /** Decode workers; defaults to half the cores (at least one), as the loader does. */
  maxWebWorkers?: number;
}

let ready: Promise<void> | undefined;

/** Idempotent: the first call's options win; later calls wait for the same start-up. */
export function initImaging(options: ImagingOptions = {}): Promise<void> {
  ready ??= (async () => {
    initCore();
    dicomImageLoader.init({
      maxWebWorkers: options.maxWebWorkers,
      // The loader awaits this before every frame request: each backend's own auth hook answers for its URLs.
      beforeSend: (_xhr: unknown, imageId: string) => authorizeImageRequest(imageId),
    });
    initTools();
  })();
  return ready;
}
