// The lazy boundary of the standalone bundle: the rendering engine is a chunk of its own, fetched once per page.

import type { ImagingOptions } from '../../imaging/init.js';

export type ViewportEngine = typeof import('./viewport-engine.js');

let loading: Promise<ViewportEngine> | undefined;

export function loadViewportEngine(): Promise<ViewportEngine> {
  loading ??= import('./viewport-engine.js');
  return loading;
}

/**
 * Starts Cornerstone ahead of the first viewport (optional: viewports start it themselves); the first call's
 * options win.
 */
export async function initImaging(options?: ImagingOptions): Promise<void> {
  const engine = await loadViewportEngine();
  await engine.initImaging(options);
}
