// A volume rendering (3D) of a stack in an imaging context: the context's shared volume (volume-store.ts) in a
// Cornerstone 3D viewport under one of its CT presets, turned by dragging (trackball), zoomed on the right button and
// the wheel, panned on the middle.
import { Enums, utilities, type Types } from '@cornerstonejs/core';
import { addTool, Enums as ToolEnums, PanTool, state as toolState, ToolGroupManager, TrackballRotateTool, ZoomTool } from '@cornerstonejs/tools';
import type { RenderingCamera, ViewportState } from '../../events/viewport-changed.js';
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
  /** Calls `listener` whenever the camera changes (a tool, a command, a state); returns the function that stops it. */
  onCameraChange(listener: () => void): () => void;
  /** The camera on screen. */
  camera(): RenderingCamera;
  /**
   * What the rendering shows, as `getViewportState()` reports it: its camera, its zoom and pan against the camera it
   * opened with, and the window its preset spans (a preset's, so never set from a state); one image, no rotation or
   * flips of its own (turning the camera is its rotation).
   */
  viewState(): Omit<ViewportState, 'invert'>;
  /** Puts a camera on screen (one render). */
  setCamera(camera: RenderingCamera): void;
  destroy(): void;
}

const vector = (value: Types.Point3 | undefined): [number, number, number] => [value?.[0] ?? 0, value?.[1] ?? 0, value?.[2] ?? 0];

/** A rendering viewport's camera, as a state keeps it. */
export function renderingCameraOf(viewport: Types.IVolumeViewport): RenderingCamera {
  const { position, focalPoint, viewUp, parallelProjection, parallelScale, viewAngle } = viewport.getCamera();
  const camera: RenderingCamera = { position: vector(position), focalPoint: vector(focalPoint), viewUp: vector(viewUp), parallelProjection: parallelProjection !== false };
  if (camera.parallelProjection && parallelScale !== undefined) camera.parallelScale = parallelScale;
  if (!camera.parallelProjection && viewAngle !== undefined) camera.viewAngle = viewAngle;
  return camera;
}

/** Checks a camera before it goes on screen: a malformed one would leave a blank or a broken view. */
export function checkRenderingCamera(camera: RenderingCamera): void {
  const isPoint = (value: unknown) => Array.isArray(value) && value.length === 3 && value.every((each) => typeof each === 'number' && Number.isFinite(each));
  for (const name of ['position', 'focalPoint', 'viewUp'] as const) if (!isPoint(camera[name])) throw new TypeError(`camera.${name} must be three finite numbers`);
  const [dx, dy, dz] = [0, 1, 2].map((axis) => camera.position[axis]! - camera.focalPoint[axis]!) as [number, number, number];
  if (Math.hypot(dx, dy, dz) === 0) throw new RangeError('camera.position must differ from camera.focalPoint');
  if (Math.hypot(...camera.viewUp) === 0) throw new RangeError('camera.viewUp must not be zero');
  const scale = camera.parallelProjection ? camera.parallelScale : camera.viewAngle;
  if (scale !== undefined && !(Number.isFinite(scale) && scale > 0)) throw new RangeError(`camera.${camera.parallelProjection ? 'parallelScale' : 'viewAngle'} must be a positive number`);
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

/**
 * Keeps the rendering's light where its camera is. vtk.js makes the light at the first render, where the camera is
 * then, and never moves it (its renderer's "follow the camera" step is not run by the OpenGL renderer): a turned
 * volume would be lit from the side, and what one camera shows would depend on the cameras before it, so a camera
 * restored from a state would not show what it showed. Moved at each camera change, before the render that follows.
 */
function keepLightOnCamera(context: ImagingContext, element: HTMLDivElement, viewport: Types.IVolumeViewport): () => void {
  type FollowingRenderer = { updateLightsGeometryToFollowCamera?(): void };
  return context.listen(element, Enums.Events.CAMERA_MODIFIED, () => (viewport.getRenderer() as unknown as FollowingRenderer).updateLightsGeometryToFollowCamera?.());
}

/**
 * Keeps the rendering's camera when its element changes size. Cornerstone's trackball tool watches the element of
 * each viewport it joins and resets the camera to the volume's centre on a resize (keeping only zoom and turn), so a
 * camera set from a state, or panned, would move as a layout settles. Size observers run in the order they were
 * made: one made before the tool's (before `join`, which adds the viewport to the tool group) takes the camera, one
 * made after it puts the camera back.
 */
function keepCameraOnResize(element: HTMLDivElement, viewport: Types.IVolumeViewport, join: () => void): () => void {
  let kept: Types.ICamera | undefined;
  const before = new ResizeObserver(() => {
    kept = viewport.getCamera();
  });
  before.observe(element);
  join();
  const after = new ResizeObserver(() => {
    if (!kept) return;
    const { position, focalPoint, viewUp, parallelScale, viewAngle } = kept;
    kept = undefined;
    viewport.setCamera({ position, focalPoint, viewUp, parallelScale, viewAngle });
    viewport.render();
  });
  after.observe(element);
  return () => {
    before.disconnect();
    after.disconnect();
  };
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
  const stopListening: Array<() => void> = [];
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const stop of stopListening.splice(0)) stop();
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
    stopListening.push(keepCameraOnResize(element, viewport, () => ToolGroupManager.getToolGroup(toolGroupId)!.addViewport(viewportId, engine.id)));
    stopListening.push(keepLightOnCamera(context, element, viewport));
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
      onCameraChange(listener) {
        const stop = context.listen(element, Enums.Events.CAMERA_MODIFIED, listener);
        stopListening.push(stop);
        return stop;
      },
      camera: () => renderingCameraOf(viewport),
      viewState() {
        const range = viewport.getProperties()?.voiRange;
        const { windowCenter, windowWidth } = range ? utilities.windowLevel.toWindowLevel(range.lower, range.upper) : { windowCenter: 0, windowWidth: 0 };
        const presentation = viewport.getViewPresentation();
        return {
          imageIndex: 0,
          windowCenter,
          windowWidth,
          zoom: presentation.zoom ?? 1,
          pan: [...(presentation.pan ?? [0, 0])] as [number, number],
          rotation: 0,
          flipHorizontal: false,
          flipVertical: false,
          camera: renderingCameraOf(viewport),
        };
      },
      setCamera(camera) {
        checkRenderingCamera(camera);
        const { position, focalPoint, viewUp, parallelProjection, parallelScale, viewAngle } = camera;
        viewport.setCamera({
          position: [...position] as Types.Point3,
          focalPoint: [...focalPoint] as Types.Point3,
          viewUp: [...viewUp] as Types.Point3,
          parallelProjection,
          ...(parallelScale !== undefined ? { parallelScale } : {}),
          ...(viewAngle !== undefined ? { viewAngle } : {}),
        });
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
