// An imaging context's one rendering engine, shared by its viewports: browsers allow about 16 WebGL contexts and
// each engine takes several.
import { RenderingEngine } from '@cornerstonejs/core';
import type { ImagingContext } from './imaging-context.js';

/** Every viewport element acquires its context's engine when it shows something… */
export function acquireRenderingEngine(context: ImagingContext): RenderingEngine {
  const slot = context.engineSlot;
  clearTimeout(slot.pendingDestroy);
  slot.pendingDestroy = undefined;
  slot.engine ??= new RenderingEngine(context.renderingEngineId);
  slot.users += 1;
  return slot.engine;
}

/**
 * …and releases it when disconnected; the last one out frees its WebGL contexts (not at once, so moving an element
 * within the page keeps it).
 */
export function releaseRenderingEngine(context: ImagingContext): void {
  const slot = context.engineSlot;
  slot.users = Math.max(0, slot.users - 1);
  if (slot.users > 0 || !slot.engine) return;
  slot.pendingDestroy = setTimeout(() => {
    slot.pendingDestroy = undefined;
    if (slot.users === 0 && slot.engine) {
      slot.engine.destroy();
      slot.engine = undefined;
    }
  }, 0);
}
