// The peer of `bench/viewer/measurement-drag.ts`: a bare Cornerstone3D page with EllipticalROITool active on the same
// CT image, as Cornerstone's own examples set it up, 512×512 at the page's top-left corner.
import { Enums, init as initCore, RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { addTool, annotation, EllipticalROITool, Enums as ToolEnums, init as initTools, ToolGroupManager, type Types as ToolTypes } from '@cornerstonejs/tools';
import { installDragCount, rightmost } from '../measurement-drag-count.js';

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const [root, study, series] = ['root', 'study', 'series'].map((name) => params.get(name)!);
  const element = document.createElement('div');
  element.style.cssText = 'width: 512px; height: 512px';
  element.oncontextmenu = (event) => event.preventDefault();
  document.body.append(element);
  initCore();
  dicomImageLoader.init();
  initTools();
  const response = await fetch(`${root}/studies/${study}/series/${series}/metadata`, { headers: { Accept: 'application/dicom+json' } });
  const instances = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
  instances.sort((a, b) => Number(a['00200013']?.Value?.[0]) - Number(b['00200013']?.Value?.[0]));
  const imageIds = instances.map((instance) => {
    const sop = String(instance['00080018']!.Value![0]);
    const imageId = `wadors:${root}/studies/${study}/series/${series}/instances/${sop}/frames/1`;
    dicomImageLoader.wadors.metaDataManager.add(imageId, instance as never);
    return imageId;
  });
  const engine = new RenderingEngine('bare-drag');
  engine.enableElement({ viewportId: 'bare', type: Enums.ViewportType.STACK, element });
  addTool(EllipticalROITool);
  const group = ToolGroupManager.createToolGroup('bare-drag')!;
  group.addTool(EllipticalROITool.toolName);
  group.addViewport('bare', engine.id);
  group.setToolActive(EllipticalROITool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  const viewport = engine.getViewport('bare') as StackViewport;
  const shown = new Promise<void>((resolve) => element.addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true }));
  await viewport.setStack(imageIds, 0);
  await shown;
  installDragCount(() => [...element.querySelectorAll('svg text')].map((node) => node.textContent).join('|'));
  // The handle from the annotation's points, through the viewport's transform to the canvas.
  window.__handlePoint = () => {
    const [drawn] = (annotation.state.getAnnotations(EllipticalROITool.toolName, element) ?? []) as ToolTypes.Annotation[];
    const canvas = element.querySelector('canvas');
    if (!drawn?.data.handles?.points?.length || !canvas) return null;
    const rect = canvas.getBoundingClientRect();
    return rightmost(drawn.data.handles.points.map((point) => viewport.worldToCanvas(point)).map(([x, y]) => ({ x: rect.left + x, y: rect.top + y })));
  };
}

run().then(
  () => (window.__dragReady = true),
  (error: unknown) => (window.__dragReady = { error: String((error as Error)?.stack ?? error) }),
);
