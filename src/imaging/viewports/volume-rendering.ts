// A volume rendering (3D) of a stack in an imaging context: the context's shared volume (volume-store.ts) in a
// Cornerstone 3D viewport under one of its CT presets, turned by dragging (trackball), zoomed on the right button and
// the wheel, panned on the middle.
import { Enums, type Types } from '@cornerstonejs/core';
import { addTool, Enums as ToolEnums, PanTool, state as toolState, ToolGroupManager, TrackballRotateTool, ZoomTool } from '@cornerstonejs/tools';
import type { ImagingContext } from '../imaging-context.js';
import { connectImagingContext, startImaging } from '../init.js';
import { acquireRenderingEngine, releaseRenderingEngine } from '../rendering-engine.js';
import { registerStackImages, releaseStackImages } from '../stack-images.js';
import type { StackImages } from '../stack-frames.js';
import { acquireVolume, type VolumeDecimation, type VolumeHold } from './volume-store.js';

/** The CT presets offered, by the name `volume-preset` takes, and Cornerstone's preset each one is. */
export const renderingPresets = {
  bone: 'CT-Bone',
  'soft-tissue': 'CT-Soft-Tissue',
  lung: 'CT-Lung',
  angio: 'CT-AAA',
} as const;
export type RenderingPreset = keyof typeof renderingPresets;

export function isRenderingPreset(value: string): value is RenderingPreset {
  return value in renderingPresets;
}

export interface VolumeRendering {
  readonly viewport: Types.IVolumeViewport;
  readonly volumeId: string;
  readonly loaded: Promise<{ loaded: number; total: number }>;
  setPreset(preset: RenderingPreset): void;
  /** Turns the view about its vertical screen axis by `degrees` (the trackball's drag does the same by hand). */
  rotate(degrees: number): void;
  zoomBy(factor: number): void;
  destroy(): void;
}

function ensureRenderingTools(toolGroupId: string): void {
  for (const tool of [TrackballRotateTool, ZoomTool, PanTool]) if (!toolState.tools[tool.toolName]) addTool(tool);
  const group = ToolGroupManager.createToolGroup(toolGroupId)!;
  const { MouseBindings } = ToolEnums;
  group.addTool(TrackballRotateTool.toolName);
  group.addTool(ZoomTool.toolName);
  group.addTool(PanTool.toolName);
  group.setToolActive(TrackballRotateTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }, { numTouchPoints: 1 }] as never });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }, { mouseButton: MouseBindings.Wheel }, { numTouchPoints: 2 }] as never });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] as never });
}

/** Renders a stack (image ids keyed by `context`) as a volume in `element` under `preset`. */
export async function showVolumeRendering(context: ImagingContext, element: HTMLDivElement, stack: StackImages, preset: RenderingPreset = 'bone', decimation?: VolumeDecimation): Promise<VolumeRendering> {
  await startImaging();
  connectImagingContext(context);
  registerStackImages(context, stack);
  const viewportId = `dicom-rendering-${Math.random().toString(36).slice(2, 10)}`;
  const toolGroupId = `${viewportId}-tools`;
  const engine = acquireRenderingEngine(context);
  let hold: VolumeHold | undefined;
  let enabled = false;
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    if (enabled) {
      ToolGroupManager.destroyToolGroup(toolGroupId);
      engine.disableElement(viewportId);
    }
    hold?.release();
    releaseStackImages(context, stack.imageIds);
    releaseRenderingEngine(context);
  };
  try {
    engine.enableElement({ viewportId, type: Enums.ViewportType.VOLUME_3D, element, defaultOptions: { background: [0, 0, 0] as Types.Point3 } });
    enabled = true;
    const viewport = engine.getViewport(viewportId) as Types.IVolumeViewport;
    ensureRenderingTools(toolGroupId);
    ToolGroupManager.getToolGroup(toolGroupId)!.addViewport(viewportId, engine.id);
    hold = await acquireVolume(context, stack.imageIds, Math.floor(stack.imageIds.length / 2), decimation);
    await viewport.setVolumes([{ volumeId: hold.volumeId }]);
    const rendering: VolumeRendering = {
      viewport,
      volumeId: hold.volumeId,
      loaded: hold.loaded,
      setPreset(next) {
        viewport.setProperties({ preset: renderingPresets[next] });
        viewport.render();
      },
      rotate(degrees) {
        const { viewUp, position, focalPoint } = viewport.getCamera();
        if (!viewUp || !position || !focalPoint) return;
        // Rodrigues' rotation of the camera's position about viewUp through the focal point.
        const angle = (degrees * Math.PI) / 180;
        const [kx, ky, kz] = viewUp;
        const v = [position[0] - focalPoint[0], position[1] - focalPoint[1], position[2] - focalPoint[2]];
        const dot = kx * v[0]! + ky * v[1]! + kz * v[2]!;
        const cross = [ky * v[2]! - kz * v[1]!, kz * v[0]! - kx * v[2]!, kx * v[1]! - ky * v[0]!];
        const rotated = [0, 1, 2].map((axis) => v[axis]! * Math.cos(angle) + cross[axis]! * Math.sin(angle) + viewUp[axis]! * dot * (1 - Math.cos(angle)));
        viewport.setCamera({ position: rotated.map((value, axis) => value + focalPoint[axis]!) as Types.Point3 });
        viewport.render();
      },
      zoomBy(factor) {
        const { parallelScale } = viewport.getCamera();
        if (parallelScale) viewport.setCamera({ parallelScale: parallelScale / factor });
        viewport.render();
      },
      destroy,
    };
    rendering.setPreset(preset);
    viewport.resetCamera();
    viewport.render();
    return rendering;
  } catch (error) {
    destroy();
    throw error;
  }
}
