// The header values the viewport's overlays show, formatted as a reader expects them (pure, from DICOM JSON).
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

/** `Doe^John^^Dr` → `Doe, John Dr`. */
function personName(value: string | undefined): string {
  if (!value) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = value.split('^');
  const rest = [prefix, given, middle, suffix].filter(Boolean).join(' ');
  return rest ? `${family}, ${rest}` : family;
}

/** `20260115` → `2026-01-15`. */
function date(value: string | undefined): string {
  return value && /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : (value ?? '');
}

const lossySyntaxes = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.93', '1.2.840.10008.1.2.4.203', '1.2.840.10008.1.2.4.111']);

export function overlayTextOf(dataset: DicomJsonDataset | undefined, transferSyntaxUid?: string): OverlayText {
  const text = (keyword: Parameters<typeof stringOf>[1]) => (dataset ? (stringOf(dataset, keyword) ?? '') : '');
  const number = (keyword: Parameters<typeof numberOf>[1]) => (dataset ? numberOf(dataset, keyword) : undefined);
  const sex = text('PatientSex');
  const seriesNumber = number('SeriesNumber');
  const location = number('SliceLocation');
  const thickness = number('SliceThickness');
  return {
    patientName: personName(text('PatientName')),
    patientId: text('PatientID'),
    patientBirthDateSex: [date(text('PatientBirthDate')), sex].filter(Boolean).join(' '),
    studyDate: date(text('StudyDate')),
    studyDescription: text('StudyDescription'),
    series: [seriesNumber === undefined ? '' : `Se: ${seriesNumber}`, text('SeriesDescription')].filter(Boolean).join(' '),
    sliceLocation: location === undefined ? '' : `Loc: ${Math.round(location * 100) / 100} mm`,
    sliceThickness: thickness === undefined ? '' : `Thk: ${Math.round(thickness * 100) / 100} mm`,
    // PS3.3 C.7.6.1.1.5: once lossy, always flagged "01"; a lossy transfer syntax says so too.
    lossy: text('LossyImageCompression') === '01' || (transferSyntaxUid !== undefined && lossySyntaxes.has(transferSyntaxUid)),
  };
}
