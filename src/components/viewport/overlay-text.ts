// The header values the viewport's overlays show, formatted as a reader expects them (pure, from DICOM JSON).
import { dateForDisplay } from '../../dicom/date-time.js';
import { personNameForDisplay } from '../../dicom/person-name.js';
import { isLossySyntax } from '../../dicom/transfer-syntax.js';
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';

export interface OverlayText {
  patientName: string;
  patientId: string;
  patientBirthDateSex: string;
  studyDate: string;
  studyDescription: string;
  series: string;
  sliceLocation: string;
  sliceThickness: string;
  lossy: boolean;
}

/**
 * The overlay values of an image from its header; `transferSyntaxUid` is the syntax its pixels arrived in, which
 * marks it lossy when the header does not (a JPEG baseline frame without LossyImageCompression).
 */
export function overlayTextOf(dataset: DicomJsonDataset | undefined, transferSyntaxUid?: string): OverlayText {
  const text = (keyword: Parameters<typeof stringOf>[1]) => (dataset ? (stringOf(dataset, keyword) ?? '') : '');
  const number = (keyword: Parameters<typeof numberOf>[1]) => (dataset ? numberOf(dataset, keyword) : undefined);
  const sex = text('PatientSex');
  const seriesNumber = number('SeriesNumber');
  const location = number('SliceLocation');
  const thickness = number('SliceThickness');
  return {
    patientName: personNameForDisplay(text('PatientName')),
    patientId: text('PatientID'),
    patientBirthDateSex: [dateForDisplay(text('PatientBirthDate')), sex].filter(Boolean).join(' '),
    studyDate: dateForDisplay(text('StudyDate')),
    studyDescription: text('StudyDescription'),
    series: [seriesNumber === undefined ? '' : `Se: ${seriesNumber}`, text('SeriesDescription')].filter(Boolean).join(' '),
    sliceLocation: location === undefined ? '' : `Loc: ${Math.round(location * 100) / 100} mm`,
    sliceThickness: thickness === undefined ? '' : `Thk: ${Math.round(thickness * 100) / 100} mm`,
    // PS3.3 C.7.6.1.1.5: once lossy, always flagged "01"; a lossy transfer syntax says so too.
    lossy: text('LossyImageCompression') === '01' || isLossySyntax(transferSyntaxUid),
  };
}
