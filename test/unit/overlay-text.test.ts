import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlayTextOf } from '../../src/components/viewport/overlay-text.js';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { personNameForDisplay } from '../../src/dicom/person-name.js';

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

test('dates in ISO order, birth date beside sex, series number beside description', () => {
  const text = overlayTextOf(
    header({ StudyDate: ['20260115'], PatientBirthDate: ['19700203'], PatientSex: ['F'], SeriesNumber: [3], SeriesDescription: ['Axial'] }),
  );
  assert.equal(text.studyDate, '2026-01-15');
  assert.equal(text.patientBirthDateSex, '1970-02-03 F');
  assert.equal(text.series, 'Se: 3 Axial');
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
