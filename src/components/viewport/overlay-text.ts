// The header values the viewport's overlays show, formatted as a reader of the element's language expects them (pure,
// from DICOM JSON): dates and decimals in the locale's way, DICOM's abbreviations from the message table.
import { english, type Localizer } from '../../i18n/index.js';
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
 * marks it lossy when the header does not (a JPEG baseline frame without LossyImageCompression). Words and formats
 * are `localizer`'s (English by default).
 */
export function overlayTextOf(dataset: DicomJsonDataset | undefined, transferSyntaxUid?: string, { t, format }: Localizer = english): OverlayText {
  const text = (keyword: Parameters<typeof stringOf>[1]) => (dataset ? (stringOf(dataset, keyword) ?? '') : '');
  const number = (keyword: Parameters<typeof numberOf>[1]) => (dataset ? numberOf(dataset, keyword) : undefined);
  const sex = text('PatientSex');
  const seriesNumber = number('SeriesNumber');
  const location = number('SliceLocation');
  const thickness = number('SliceThickness');
  return {
    patientName: personNameForDisplay(text('PatientName')),
    patientId: text('PatientID'),
    patientBirthDateSex: [format.date(text('PatientBirthDate')), sex].filter(Boolean).join(' '),
    studyDate: format.date(text('StudyDate')),
    studyDescription: text('StudyDescription'),
    series: [seriesNumber === undefined ? '' : t('overlay.series', { number: format.number(seriesNumber) }), text('SeriesDescription')].filter(Boolean).join(' '),
    sliceLocation: location === undefined ? '' : t('overlay.location', { value: format.number(location, 2) }),
    sliceThickness: thickness === undefined ? '' : t('overlay.thickness', { value: format.number(thickness, 2) }),
    // PS3.3 C.7.6.1.1.5: once lossy, always flagged "01"; a lossy transfer syntax says so too.
    lossy: text('LossyImageCompression') === '01' || isLossySyntax(transferSyntaxUid),
  };
}
