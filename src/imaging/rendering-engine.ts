// The page's one rendering engine: browsers allow about 16 WebGL contexts and each engine takes several.
import { RenderingEngine } from '@cornerstonejs/core';

const engineId = 'dicom-lightbox';
let engine: RenderingEngine | undefined;
let users = 0;
let pendingDestroy: ReturnType<typeof setTimeout> | undefined;

/** Every viewport element acquires the engine when connected… */
export function acquireRenderingEngine(): RenderingEngine {
  clearTimeout(pendingDestroy);
  pendingDestroy = undefined;
  engine ??= new RenderingEngine(engineId);
  users += 1;
  return engine;
}

/** …and releases it when disconnected; the last one out frees its WebGL contexts (not at once, so moving an element within the page keeps it). */
export function releaseRenderingEngine(): void {
  users = Math.max(0, users - 1);
  if (users > 0 || !engine) return;
  pendingDestroy = setTimeout(() => {
    pendingDestroy = undefined;
    if (users === 0 && engine) {
      engine.destroy();
      engine = undefined;
    }
  }, 0);
}

/** The engine if one exists now (for diagnostics and tests: it must hold no viewport of a removed element). */
export function currentRenderingEngine(): RenderingEngine | undefined {
  return engine;
}
