import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlayTextOf } from '../../src/components/viewport/overlay-text.js';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { personNameForDisplay } from '../../src/dicom/person-name.js';
import { en, localizerOf } from '../../src/i18n/index.js';
import { de } from '../../src/i18n/messages-de.js';

function header(values: Partial<Record<Parameters<typeof setValues>[1], unknown[]>>): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  for (const [keyword, value] of Object.entries(values)) setValues(dataset, keyword as Parameters<typeof setValues>[1], value!);
  return dataset;
}

test('no header gives empty texts and no LOSSY mark', () => {
  const text = overlayTextOf(undefined);
  assert.equal(text.patientName, '');
  assert.equal(text.series, '');
  assert.equal(text.lossy, false);
});

test('the patient name reads as the study list shows it', () => {
  for (const name of ['Doe^John^^Dr^Jr', 'Doe ^John ', '^John']) {
    const text = overlayTextOf(header({ PatientName: [{ Alphabetic: name }] }));
    assert.equal(text.patientName, personNameForDisplay(name), name);
  }
  assert.equal(overlayTextOf(header({ PatientName: [{ Alphabetic: 'Doe^John^^Dr^Jr' }] })).patientName, 'Doe, Dr John, Jr');
});

test('dates as the language writes them, birth date beside sex, series number beside description', () => {
  const dataset = header({ StudyDate: ['20260115'], PatientBirthDate: ['19700203'], PatientSex: ['F'], SeriesNumber: [3], SeriesDescription: ['Axial'] });
  const text = overlayTextOf(dataset);
  assert.equal(text.studyDate, 'Jan 15, 2026');
  assert.equal(text.patientBirthDateSex, 'Feb 3, 1970 F');
  assert.equal(text.series, 'Se: 3 Axial');
  const german = overlayTextOf(dataset, undefined, localizerOf(de, 'de'));
  assert.equal(german.studyDate, '15.01.2026');
  assert.equal(german.patientBirthDateSex, '03.02.1970 F');
  assert.equal(german.series, 'Se: 3 Axial', 'DICOM\'s abbreviation stays');
  assert.equal(overlayTextOf(dataset, undefined, localizerOf(en, 'en-GB')).studyDate, '15 Jan 2026', 'the locale, not only the table');
});

test('slice location and thickness in German: decimal comma, German abbreviations', () => {
  const text = overlayTextOf(header({ SliceLocation: ['-12.3456'], SliceThickness: [1.25] }), undefined, localizerOf(de, 'de-DE'));
  assert.equal(text.sliceLocation, 'Pos: -12,35 mm');
  assert.equal(text.sliceThickness, 'SD: 1,25 mm');
});

test('slice location and thickness to two decimals in mm; series 0 is still shown', () => {
  const text = overlayTextOf(header({ SliceLocation: ['-12.3456'], SliceThickness: [1.25], SeriesNumber: [0] }));
  assert.equal(text.sliceLocation, 'Loc: -12.35 mm');
  assert.equal(text.sliceThickness, 'Thk: 1.25 mm');
  assert.equal(text.series, 'Se: 0');
});

test('LOSSY from the header flag or from a lossy transfer syntax', () => {
  assert.equal(overlayTextOf(header({ LossyImageCompression: ['01'] })).lossy, true);
  assert.equal(overlayTextOf(header({ LossyImageCompression: ['00'] })).lossy, false);
  assert.equal(overlayTextOf(header({}), '1.2.840.10008.1.2.4.50').lossy, true, 'JPEG baseline without the flag');
  assert.equal(overlayTextOf(header({}), '1.2.840.10008.1.2.4.112').lossy, true, 'JPEG XL');
  assert.equal(overlayTextOf(header({}), '1.2.840.10008.1.2.4.102').lossy, true, 'H.264 video');
  assert.equal(overlayTextOf(header({}), '1.2.840.10008.1.2.4.90').lossy, false, 'JPEG 2000 lossless');
  assert.equal(overlayTextOf(header({}), '1.2.840.10008.1.2.4.201').lossy, false, 'HTJ2K lossless');
});
