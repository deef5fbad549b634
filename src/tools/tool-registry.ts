// The viewer's tools, one descriptor each: the `tool` attribute's values, the keyboard keys that choose them, their
// default mouse and touch bindings and whether they navigate or annotate. Pure, so elements and the keyboard map can
// read it without loading Cornerstone's tools; stack-tools.ts pairs each name with its Cornerstone class, and the
// measurement report (sr-report.ts) reads the name its SR adapter knows the tool by.

/** A mouse button (with a modifier) or a number of fingers, in the viewer's words; stack-tools.ts maps them. */
export type ToolBinding =
  | { mouse: 'primary' | 'secondary' | 'middle' | 'wheel'; modifier?: 'ctrl' | 'shift' | 'alt' }
  | { fingers: number };

export interface ToolDescriptor {
  /** The `tool` attribute's value. */
  readonly name: string;
  /**
   * A navigation tool changes what the viewport shows and stays active on its default bindings when another tool
   * holds the primary button; an annotation tool draws measurements, and when it is not the chosen tool its
   * annotations stay visible and editable (Cornerstone's passive state) without taking any button.
   */
  readonly kind: 'navigation' | 'annotation';
  /** The key that makes it the chosen tool (the viewport's keyboard map). */
  readonly key?: string;
  /** Its bindings when another tool is chosen. */
  readonly bindings: readonly ToolBinding[];
  /** Its Cornerstone tool's `toolName` (an annotation's `metadata.toolName`); stack-tools.ts checks it against the class. */
  readonly cornerstoneToolName: string;
  /**
   * The tool type `@cornerstonejs/adapters` writes and reads it as in a DICOM SR (TID 1500); absent for a tool no
   * adapter handles (the text label, and the navigation tools).
   */
  readonly srToolType?: string;
}

export const toolDescriptors = [
  { name: 'window-level', kind: 'navigation', key: 'w', bindings: [], cornerstoneToolName: 'WindowLevel' },
  {
    name: 'zoom',
    kind: 'navigation',
    key: 'z',
    bindings: [{ mouse: 'secondary' }, { mouse: 'wheel', modifier: 'ctrl' }, { fingers: 2 }],
    cornerstoneToolName: 'Zoom',
  },
  { name: 'pan', kind: 'navigation', key: 'p', bindings: [{ mouse: 'middle' }, { fingers: 2 }], cornerstoneToolName: 'Pan' },
  { name: 'scroll', kind: 'navigation', key: 's', bindings: [{ mouse: 'wheel' }, { fingers: 3 }], cornerstoneToolName: 'StackScroll' },
  // The measurement tools (src/measurements/ describes their values): each draws with the primary button or one
  // finger when chosen; when not, its measurements stay shown and editable.
  { name: 'length', kind: 'annotation', bindings: [], cornerstoneToolName: 'Length', srToolType: 'Length' },
  { name: 'angle', kind: 'annotation', bindings: [], cornerstoneToolName: 'Angle', srToolType: 'Angle' },
  { name: 'cobb-angle', kind: 'annotation', bindings: [], cornerstoneToolName: 'CobbAngle', srToolType: 'CobbAngle' },
  { name: 'bidirectional', kind: 'annotation', bindings: [], cornerstoneToolName: 'Bidirectional', srToolType: 'Bidirectional' },
  { name: 'ellipse-roi', kind: 'annotation', bindings: [], cornerstoneToolName: 'EllipticalROI', srToolType: 'EllipticalROI' },
  { name: 'rectangle-roi', kind: 'annotation', bindings: [], cornerstoneToolName: 'RectangleROI', srToolType: 'RectangleROI' },
  { name: 'freehand-roi', kind: 'annotation', bindings: [], cornerstoneToolName: 'PlanarFreehandROI', srToolType: 'PlanarFreehandROI' },
  { name: 'probe', kind: 'annotation', bindings: [], cornerstoneToolName: 'Probe', srToolType: 'Probe' },
  { name: 'arrow', kind: 'annotation', bindings: [], cornerstoneToolName: 'ArrowAnnotate', srToolType: 'ArrowAnnotate' },
  { name: 'text', kind: 'annotation', bindings: [], cornerstoneToolName: 'Label' },
] as const satisfies readonly ToolDescriptor[];

export type ToolName = (typeof toolDescriptors)[number]['name'];

/** The tools that draw measurements. */
export const annotationToolNames: readonly ToolName[] = toolDescriptors.filter((descriptor) => descriptor.kind === 'annotation').map((descriptor) => descriptor.name);

/** The registry name of a Cornerstone tool (an annotation's `metadata.toolName`), if it is one of ours. */
export function registryNameOf(cornerstoneToolName: string): ToolName | undefined {
  return toolDescriptors.find((descriptor) => descriptor.cornerstoneToolName === cornerstoneToolName)?.name;
}

/** The Cornerstone tool name of a registry tool. */
export function cornerstoneToolNameOf(name: ToolName): string {
  return (toolDescriptors as readonly ToolDescriptor[]).find((descriptor) => descriptor.name === name)!.cornerstoneToolName;
}

/** The tool a key chooses, if any. */
export function toolForKey(key: string): ToolName | undefined {
  return (toolDescriptors as readonly ToolDescriptor[]).find((descriptor) => descriptor.key === key)?.name as ToolName | undefined;
}
