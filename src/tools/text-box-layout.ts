// Moves new measurements' text boxes off the others, once each, after Cornerstone has drawn them: the boxes' real
// sizes are read from the viewport's SVG layer (Cornerstone places a box by an estimate of its size, and only nudges
// it up or down), the places from text-box-placement.ts, and a box is moved through Cornerstone's public annotation
// data (`data.handles.textBox.worldPosition` with `hasMoved`, as when the reader drags it), so it stays where put.
// A box the reader has moved is never moved here.
import type { Types } from '@cornerstonejs/core';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { placeBoxes, type Box } from './text-box-placement.js';
import { cornerstoneToolNameOf } from './tool-registry.js';

type Point3 = Types.Point3;

/** What the layout needs of a viewport: Cornerstone's canvas ↔ world mapping. */
export interface CanvasMapping {
  worldToCanvas(world: Point3): Types.Point2;
  canvasToWorld(canvas: Types.Point2): Point3;
}

interface TextBoxHandle {
  hasMoved?: boolean;
  worldPosition?: Point3;
}

/** Tools whose text is drawn at their point, not in a box linked to the measurement: it cannot be moved apart. */
const textAtPoint = new Set([cornerstoneToolNameOf('probe'), cornerstoneToolNameOf('text')]);

/** The text box handle of an annotation whose tool draws one linked to it (not a probe's or a label's text). */
function movableTextBox(annotation: ToolTypes.Annotation): TextBoxHandle | undefined {
  if (textAtPoint.has(annotation.metadata?.toolName ?? '')) return undefined;
  const textBox = (annotation.data as { handles?: { textBox?: TextBoxHandle } }).handles?.textBox;
  return textBox && Array.isArray(textBox.worldPosition) ? textBox : undefined;
}

/** Every text box drawn in the SVG layer, by annotation id, in canvas pixels. */
function drawnTextBoxes(svgLayer: Element): Map<string, Box> {
  const origin = svgLayer.getBoundingClientRect();
  const boxes = new Map<string, Box>();
  for (const group of svgLayer.querySelectorAll<SVGGElement>('g[data-annotation-uid]')) {
    if (!group.querySelector(':scope > text')) continue;
    // The dark box under the text (measurement-style.ts) when there is one; the text's own bounds otherwise.
    const shape = group.querySelector(':scope > rect.background') ?? group;
    const rect = shape.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const id = group.dataset.annotationUid!;
    const box = { x: rect.left - origin.left, y: rect.top - origin.top, width: rect.width, height: rect.height };
    const known = boxes.get(id);
    // One annotation may draw more than one text (never here today); its boxes count as their union.
    boxes.set(id, known ? union(known, box) : box);
  }
  return boxes;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * What a layout did: the ids laid out (placed, or moved by the reader already), those it moved, and where it pinned
 * each box it placed (moved or not: Cornerstone places an unpinned box again at each drawing, by its own estimate,
 * which would put it back over another).
 */
export interface TextBoxLayout {
  done: Set<string>;
  moved: Set<string>;
  pinned: Map<string, Point3>;
}

/**
 * Moves the text boxes of `annotations` (in order) clear of every other text box drawn in `element`'s SVG layer, and
 * pins them there. An annotation whose text is not drawn yet is not done; one without a movable box (a probe, a
 * label) is done at once: its text is an obstacle only.
 */
export function separateTextBoxes(element: HTMLElement, viewport: CanvasMapping, annotations: readonly ToolTypes.Annotation[]): TextBoxLayout {
  const done = new Set<string>();
  const moved = new Set<string>();
  const pinned = new Map<string, Point3>();
  const svgLayer = element.querySelector('.svg-layer');
  if (!svgLayer) return { done, moved, pinned };
  const drawn = drawnTextBoxes(svgLayer);
  const moving: Array<{ annotation: ToolTypes.Annotation; textBox: TextBoxHandle; box: Box }> = [];
  for (const annotation of annotations) {
    const id = annotation.annotationUID!;
    const textBox = movableTextBox(annotation);
    const box = drawn.get(id);
    if (!textBox || textBox.hasMoved) done.add(id);
    if (!textBox || textBox.hasMoved || !box) continue;
    moving.push({ annotation, textBox, box });
  }
  const movingIds = new Set(moving.map(({ annotation }) => annotation.annotationUID!));
  const fixed = [...drawn].filter(([id]) => !movingIds.has(id)).map(([, box]) => box);
  const { width, height } = svgLayer.getBoundingClientRect();
  const places = placeBoxes(
    moving.map(({ box }) => box),
    fixed,
    { x: 0, y: 0, width, height },
  );
  moving.forEach(({ annotation, textBox, box }, index) => {
    const id = annotation.annotationUID!;
    done.add(id);
    const place = places[index] ?? box;
    // Cornerstone draws the box at an offset from its position (the text's padding): the position moves as the box.
    const [x, y] = viewport.worldToCanvas(textBox.worldPosition!);
    if (place.x !== box.x || place.y !== box.y) {
      textBox.worldPosition = viewport.canvasToWorld([x + place.x - box.x, y + place.y - box.y]);
      moved.add(id);
    }
    textBox.hasMoved = true;
    pinned.set(id, [...textBox.worldPosition!] as Point3);
  });
  return { done, moved, pinned };
}
