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

export const measurementToolClasses = {
  angle: AngleTool,
  'cobb-angle': CobbAngleTool,
  bidirectional: BidirectionalTool,
  'ellipse-roi': EllipticalROITool,
  'rectangle-roi': RectangleROITool,
  'freehand-roi': PlanarFreehandROITool,
  probe: ProbeTool,
  arrow: ArrowAnnotateTool,
  text: LabelTool,
};
