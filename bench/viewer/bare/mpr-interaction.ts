// The peer of `bench/viewer/mpr-interaction.ts`: a bare Cornerstone3D page at the top-left corner, as Cornerstone's own
// examples set it up. `mode=crosshairs`: three orthographic 256² viewports of one streaming volume with CrosshairsTool
// on the left button (a press away from its lines jumps its centre there and drags it on); `mode=slab`: one 512²
// axial viewport under a 20 mm MIP slab, StackScrollTool on the wheel.
import { Enums, init as initCore, RenderingEngine, setVolumesForViewports, volumeLoader, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { addTool, CrosshairsTool, Enums as ToolEnums, init as initTools, StackScrollTool, ToolGroupManager } from '@cornerstonejs/tools';
import { installRenderCount } from '../mpr-interaction-count.js';

const orientations = [Enums.OrientationAxis.AXIAL, Enums.OrientationAxis.SAGITTAL, Enums.OrientationAxis.CORONAL];

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const [root, study, series] = ['root', 'study', 'series'].map((name) => params.get(name)!);
  const slab = params.get('mode') === 'slab';
  const side = slab ? 512 : 256;
  const elements = orientations.slice(0, slab ? 1 : 3).map(() => {
    const element = document.createElement('div');
    element.style.cssText = `width: ${side}px; height: ${side}px; display: inline-block; vertical-align: top`;
    element.oncontextmenu = (event) => event.preventDefault();
    document.body.append(element);
    return element;
  });
  document.body.style.whiteSpace = 'nowrap';
  initCore();
  dicomImageLoader.init();
  initTools();
  const response = await fetch(`${root}/studies/${study}/series/${series}/metadata`, { headers: { Accept: 'application/dicom+json' } });
  const instances = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
  instances.sort((a, b) => Number(a['00200013']?.Value?.[0]) - Number(b['00200013']?.Value?.[0]));
  const imageIds = instances.map((instance) => {
    const imageId = `wadors:${root}/studies/${study}/series/${series}/instances/${String(instance['00080018']!.Value![0])}/frames/1`;
    dicomImageLoader.wadors.metaDataManager.add(imageId, instance as never);
    return imageId;
  });
  const engine = new RenderingEngine('bare-mpr-interaction');
  const viewportIds = elements.map((element, index) => {
    const viewportId = `bare-mpr-interaction-${index}`;
    engine.enableElement({ viewportId, type: Enums.ViewportType.ORTHOGRAPHIC, element, defaultOptions: { orientation: orientations[index]! } });
    return viewportId;
  });
  const volumeId = 'cornerstoneStreamingImageVolume:bare-mpr-interaction';
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds });
  const loaded = new Promise<void>((resolve) => (volume as unknown as { load(done: () => void): void }).load(() => resolve()));
  await setVolumesForViewports(engine, [{ volumeId, ...(slab ? { blendMode: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND, slabThickness: 20 } : {}) }], viewportIds);
  const group = ToolGroupManager.createToolGroup('bare-mpr-interaction')!;
  for (const viewportId of viewportIds) group.addViewport(viewportId, engine.id);
  if (slab) {
    addTool(StackScrollTool);
    group.addTool(StackScrollTool.toolName);
    group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  } else {
    addTool(CrosshairsTool);
    group.addTool(CrosshairsTool.toolName);
    group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  }
  engine.render();
  await loaded;
  const viewports = viewportIds.map((viewportId) => engine.getViewport(viewportId) as Types.IVolumeViewport);
  if (slab) {
    installRenderCount(() => [elements[0]!]);
    window.__pressPoint = () => ({ x: side / 2, y: side / 2 });
    window.__probe = () => JSON.stringify(viewports[0]!.getCamera().focalPoint);
    return;
  }
  const crosshairs = () => group.getToolInstance(CrosshairsTool.toolName) as unknown as { toolCenter?: Types.Point3 };
  // The axial and sagittal views move as the centre is dragged in the coronal view.
  installRenderCount(() => elements.slice(0, 2));
  window.__pressPoint = () => {
    const centre = crosshairs().toolCenter;
    if (!centre) return null;
    const [x, y] = viewports[2]!.worldToCanvas(centre);
    const box = elements[2]!.getBoundingClientRect();
    return { x: Math.round(box.left + x), y: Math.round(box.top + y) };
  };
  window.__probe = () => JSON.stringify(crosshairs().toolCenter);
}

run().then(
  () => (window.__interactionReady = true),
  (error: unknown) => (window.__interactionReady = { error: String((error as Error)?.stack ?? error) }),
);
