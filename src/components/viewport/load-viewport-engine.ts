// The lazy boundary of the standalone bundle: the rendering engine is a chunk of its own, fetched once per page.

import type { ImagingOptions } from '../../imaging/init.js';

/**
 * The engine chunk's module (viewport-engine.ts): what a viewport needs from Cornerstone. Not the rendering engine
 * (Cornerstone's RenderingEngine, rendering-engine.ts), which this module's code acquires.
 */
export type ViewportEngineModule = typeof import('./viewport-engine.js');

let loading: Promise<ViewportEngineModule> | undefined;

export function loadViewportEngine(): Promise<ViewportEngineModule> {
  loading ??= import('./viewport-engine.js');
  return loading;
}

/**
 * Starts Cornerstone ahead of the first viewport (optional: viewports start it themselves); the first call's
 * options win.
 */
export async function initImaging(options?: ImagingOptions): Promise<void> {
  const engine = await loadViewportEngine();
  await engine.startImaging(options);
}
