// The tools of stack viewports in Cornerstone: each registry tool (tool-registry.ts) with its class, and the tool
// groups that bind them. Mouse: the chosen tool on the left button, zoom on the right, pan on the middle, scroll on
// the wheel, zoom on Ctrl + wheel. Touch: the chosen tool with one finger, pinch-zoom and pan with two, scroll with
// three. The keyboard is the element's (keyboard-commands.ts).
//
// A tool group belongs to whoever made it: a viewport element makes its own, a viewer that contains viewports
// makes one for all of them and hands its id down (shared/tool-group-key.ts); the owner destroys it.
import {
  addTool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  StackScrollTool,
  state as toolState,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { cornerstoneToolNameOf, toolDescriptors, type ToolBinding, type ToolName } from './tool-registry.js';
import { removeScopedAnnotations } from './annotation-scope.js';
import { styleToolGroup, unstyleToolGroup } from './measurement-style.js';

const { MouseBindings, KeyboardBindings } = ToolEnums;

/**
 * Zoom by dragging one finger. Cornerstone's ZoomTool zooms only by pinching on touch (`pinchToZoom`, default on),
 * and one tool of a group has one configuration: this copy, configured to drag, takes the finger when zoom is the
 * chosen tool, while ZoomTool keeps the pinch.
 */
class DragZoomTool extends ZoomTool {
  static override toolName = 'DicomLightboxDragZoom';
}

/** A Cornerstone tool class, as addTool and tool groups take it. */
type ToolClass = Parameters<typeof addTool>[0] & { toolName: string };

/** The tools whose classes are in the page from the start; the other measurement tools come in their own chunk. */
const eagerClassOf = {
  'window-level': WindowLevelTool,
  zoom: ZoomTool,
  pan: PanTool,
  scroll: StackScrollTool,
  length: LengthTool,
} satisfies Partial<Record<ToolName, ToolClass>>;

type LazyToolName = Exclude<ToolName, keyof typeof eagerClassOf>;

const cornerstoneNames = Object.fromEntries(toolDescriptors.map(({ name }) => [name, cornerstoneToolNameOf(name)])) as Record<ToolName, string>;

/** A class must be the tool the registry names: annotations are matched to their tools by that name. */
function checkedClass(name: ToolName, toolClass: ToolClass): ToolClass {
  if (toolClass.toolName !== cornerstoneNames[name]) {
    throw new Error(`Tool registry: "${name}" names Cornerstone's "${cornerstoneNames[name]}", but its class is "${toolClass.toolName}"`);
  }
  return toolClass;
}

/** The lazily loaded classes (one import per page, like the engine chunk itself). */
let lazyClasses: Promise<Record<LazyToolName, ToolClass>> | undefined;

function loadLazyClasses(): Promise<Record<LazyToolName, ToolClass>> {
  lazyClasses ??= import('./measurement-tools.js').then((module) => {
    const classes = module.measurementToolClasses as Record<LazyToolName, ToolClass>;
    for (const [name, toolClass] of Object.entries(classes)) checkedClass(name as LazyToolName, toolClass);
    return classes;
  });
  return lazyClasses;
}

/**
 * Text tools ask for their text when drawn; Cornerstone's default asks with the page's blocking prompt(). Until the
 * element that draws one says how it asks (measurement-controller.ts), the drawing gets no text and goes.
 */
const askNoText = { getTextCallback: (done: (text: string) => void) => done(''), changeTextCallback: (_data: unknown, _detail: unknown, done: (text: string) => void) => done('') };
const toolConfigurations: Partial<Record<ToolName, Record<string, unknown>>> = {
  arrow: askNoText,
  text: askNoText,
};

/**
 * Every Cornerstone tool a group holds, in the order their bindings are first set: Cornerstone gives one finger to
 * the first tool bound to it or to the left button, so DragZoomTool comes before ZoomTool.
 */
const groupTools: ReadonlyArray<{ toolName: string; toolClass?: ToolClass; lazy?: LazyToolName; configuration?: Record<string, unknown> }> = [
  { toolName: WindowLevelTool.toolName, toolClass: WindowLevelTool },
  { toolName: DragZoomTool.toolName, toolClass: DragZoomTool, configuration: { pinchToZoom: false } },
  ...toolDescriptors
    .filter(({ name }) => name !== 'window-level')
    .map(({ name }) =>
      name in eagerClassOf
        ? { toolName: cornerstoneNames[name], toolClass: checkedClass(name, eagerClassOf[name as keyof typeof eagerClassOf]) }
        : { toolName: cornerstoneNames[name], lazy: name as LazyToolName, configuration: toolConfigurations[name] },
    ),
];

/** Tools are registered with Cornerstone once per page; registering twice throws. */
function registerTools(classes: Partial<Record<LazyToolName, ToolClass>> = {}): void {
  for (const { toolClass, lazy } of groupTools) {
    const registered = toolClass ?? (lazy ? classes[lazy] : undefined);
    if (registered && !toolState.tools[registered.toolName]) addTool(registered);
  }
}

type Binding = { mouseButton?: number; modifierKey?: number; numTouchPoints?: number };

const mouseButtons = { primary: MouseBindings.Primary, secondary: MouseBindings.Secondary, middle: MouseBindings.Auxiliary, wheel: MouseBindings.Wheel };
const modifierKeys = { ctrl: KeyboardBindings.Ctrl, shift: KeyboardBindings.Shift, alt: KeyboardBindings.Alt };

function cornerstoneBinding(binding: ToolBinding): Binding {
  if ('fingers' in binding) return { numTouchPoints: binding.fingers };
  return binding.modifier ? { mouseButton: mouseButtons[binding.mouse], modifierKey: modifierKeys[binding.modifier] } : { mouseButton: mouseButtons[binding.mouse] };
}

/** The bindings of every tool of a group when `primary` holds the left button (and one finger). */
function bindingsFor(primary: ToolName): Map<string, Binding[]> {
  const bindings = new Map<string, Binding[]>(groupTools.map(({ toolName }) => [toolName, []]));
  for (const descriptor of toolDescriptors) {
    bindings.get(cornerstoneNames[descriptor.name])!.push(...descriptor.bindings.map(cornerstoneBinding));
  }
  const primaryName = cornerstoneNames[primary];
  // The left button and one finger; a primary zoom keeps its right button too, and drags with one finger.
  bindings.get(primaryName)!.unshift({ mouseButton: MouseBindings.Primary });
  bindings.get(primary === 'zoom' ? DragZoomTool.toolName : primaryName)!.unshift({ mouseButton: MouseBindings.Primary, numTouchPoints: 1 });
  return bindings;
}

/**
 * The tool group of this id, made with every tool and `primary` on the left button if it does not exist yet.
 * Resolves once the measurement tools (their own chunk) have joined it; they join unbound (passive), so whoever
 * holds the group's chosen tool gives it the primary button again then (the group keeps no record of its choice
 * here: that is its owner's).
 */
export function ensureToolGroup(toolGroupId: string, primary: ToolName = 'window-level'): Promise<void> {
  let group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) {
    registerTools();
    group = ToolGroupManager.createToolGroup(toolGroupId)!;
    styleToolGroup(toolGroupId);
    for (const { toolClass, configuration } of groupTools) if (toolClass) group.addTool(toolClass.toolName, configuration);
    setPrimaryTool(toolGroupId, primary);
  }
  const made = group;
  return loadLazyClasses().then((classes) => {
    // The group may have gone (its viewport removed) or been made again meanwhile.
    if (ToolGroupManager.getToolGroup(toolGroupId) !== made) return;
    registerTools(classes);
    for (const { lazy, configuration } of groupTools) {
      if (lazy && !made.hasTool(cornerstoneNames[lazy])) {
        made.addTool(cornerstoneNames[lazy], configuration);
        made.setToolPassive(cornerstoneNames[lazy]);
      }
    }
  });
}

export function addViewportToToolGroup(toolGroupId: string, viewportId: string, renderingEngineId: string): void {
  ToolGroupManager.getToolGroup(toolGroupId)?.addViewport(viewportId, renderingEngineId);
}

export function removeViewportFromToolGroup(toolGroupId: string, viewportId: string, renderingEngineId: string): void {
  ToolGroupManager.getToolGroup(toolGroupId)?.removeViewports(renderingEngineId, viewportId);
}

/** Gives the left button (and one finger) to another tool, keeping the other bindings. */
export function setPrimaryTool(toolGroupId: string, primary: ToolName): void {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) return;
  for (const [toolName, bindings] of bindingsFor(primary)) {
    if (!group.hasTool(toolName)) continue; // a measurement tool still on its way: bound when it joins
    // Passive first: setToolActive adds to the bindings a tool already has instead of replacing them. An annotation
    // tool left without bindings stays passive: its measurements remain visible and editable.
    group.setToolPassive(toolName, { removeAllBindings: true });
    if (bindings.length > 0) group.setToolActive(toolName, { bindings: bindings as never });
  }
}

/** Destroys a tool group and the measurements made in it (annotation-scope.ts). */
export function destroyToolGroup(toolGroupId: string): void {
  ToolGroupManager.destroyToolGroup(toolGroupId);
  unstyleToolGroup(toolGroupId);
  removeScopedAnnotations(toolGroupId);
}
