// What a measurement report held that could not be shown (src/measurements/sr-report.ts), said in the reader's
// language from the facts: the group's name (as the report names it) and why it was left out.
import type { Translate } from './localizer.js';

/** One measurement group of a report that is not shown, and why. */
export type SkippedContent =
  /** A tool's state this viewer has no tool for (`toolType`: the adapter's name, e.g. `Probe`). */
  | { reason: 'no-tool'; name: string; toolType: string }
  /** A group without an image or points. */
  | { reason: 'no-points'; name: string }
  /** A group whose coordinates (`graphicType`, e.g. `CIRCLE`) no tool here draws. */
  | { reason: 'graphic-no-tool'; name?: string; graphicType: string }
  /** A group without image coordinates. */
  | { reason: 'no-coordinates'; name?: string };

/** The line for `content` in `t`'s language: `Lesion 5: its CIRCLE has no tool here`. */
export function skippedContentMessage(content: SkippedContent, t: Translate): string {
  const name = content.name || t('measurements.skipped.group');
  switch (content.reason) {
    case 'no-tool':
      return t('measurements.skipped.no-tool', { name, toolType: content.toolType });
    case 'graphic-no-tool':
      return t('measurements.skipped.graphic-no-tool', { name, graphicType: content.graphicType });
    default:
      return t(`measurements.skipped.${content.reason}`, { name });
  }
}
