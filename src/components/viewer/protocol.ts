// Which series goes into which viewport when a study opens: the default protocol, and the shape of a host's own.
import { imageSeriesInOrder } from '../../dicomweb/series-choice.js';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';

/** What a viewport of the grid shows. */
export interface ViewportAssignment {
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

/** A hanging: the layout (`RxC`, else the viewer's) and each viewport's series in grid order (missing ones stay empty). */
export interface Hanging {
  layout?: string;
  viewports: Array<ViewportAssignment | undefined>;
}

/** What a protocol is given: the study opened, its series (QIDO-RS results) and its viewer's layout. */
export interface ProtocolInput {
  studyInstanceUid: string;
  series: DicomJsonDataset[];
  layout: string;
  /** Viewports in the viewer's layout. */
  viewportCount: number;
}

/** A host's own hanging protocol (the viewer's `protocol` property). */
export type ViewerProtocol = (input: ProtocolInput) => Hanging;

/** The default: the study's image series by Series Number, one a viewport of the viewer's layout. */
export const defaultProtocol: ViewerProtocol = ({ studyInstanceUid, series, viewportCount }) => ({
  viewports: imageSeriesInOrder(series)
    .slice(0, viewportCount)
    .map((seriesInstanceUid) => ({ studyInstanceUid, seriesInstanceUid })),
});
