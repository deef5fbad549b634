// The measurement tools' Cornerstone classes beyond the length tool: a chunk of their own, fetched when the first tool
// group is made (after the first image's code), so the first image does not wait for them (test/package/size.test.ts).
import {
  AngleTool,
  ArrowAnnotateTool,
  BidirectionalTool,
  CobbAngleTool,
  EllipticalROITool,
  LabelTool,
  PlanarFreehandROITool,
  ProbeTool,
  RectangleROITool,
} from '@cornerstonejs/tools';

/**
 * Cornerstone's label takes a press on its point for a press on a handle, and does nothing with it: a label cannot be
 * moved by its point, and by touch (whose reach is 36 px) a short label cannot be moved at all. Here its point moves
 * it, as its text does.
 */
class MovableLabelTool extends LabelTool {
  static override toolName = LabelTool.toolName;

  override handleSelectedCallback(...[evt, annotation]: Parameters<LabelTool['handleSelectedCallback']>): void {
    this.toolSelectedCallback(evt, annotation as Parameters<LabelTool['toolSelectedCallback']>[1]);
  }
}

export const measurementToolClasses = {
  angle: AngleTool,
  'cobb-angle': CobbAngleTool,
  bidirectional: BidirectionalTool,
  'ellipse-roi': EllipticalROITool,
  'rectangle-roi': RectangleROITool,
  'freehand-roi': PlanarFreehandROITool,
  probe: ProbeTool,
  arrow: ArrowAnnotateTool,
  text: MovableLabelTool,
};
