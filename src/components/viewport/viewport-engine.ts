// Everything <dicom-viewport> needs from Cornerstone, in one module that the element loads when it first connects:
// a page that only defines the elements (a study list, say) never downloads the rendering engine.
export { StackViewportController } from './stack-viewport-controller.js';
export { MeasurementController } from '../../measurements/measurement-controller.js';
export { startImaging } from '../../imaging/init.js';
export { registerStackImages } from '../../imaging/stack-images.js';
export { releaseCacheBudget, setCacheBudget } from '../../imaging/cache-budget.js';
export { isImageCached } from '../../imaging/image-cache.js';

// Cornerstone's metadata registry, for a page that answers metadata in front of the loader's own (tests put a
// failing provider there).
export { metaData } from '@cornerstonejs/core';

// The operations shared by stack and volume viewports; volume viewports (MPR) are a chunk of their own, fetched
// when a volume is shown (as <dicom-viewport orientation> does).
export * as viewportOps from '../../imaging/viewports/viewport-ops.js';
export const loadVolumeViewport = () => import('../../imaging/viewports/volume-viewport.js');

// A container of viewports (`<dicom-viewer>`) owns the tool group it hands them, and destroys it with its measurements.
export { destroyToolGroup } from '../../tools/stack-tools.js';
