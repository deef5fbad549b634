import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dicomwebPath, dicomwebUrl } from '../../src/dicom/dicomweb-path.js';

const study = '1.2.840.1';
const series = '1.2.840.1.2';
const instance = '1.2.840.1.2.3';

test('study, series and instance resources, relative and below a root', () => {
  assert.equal(dicomwebPath(), 'studies');
  assert.equal(dicomwebPath({ studyInstanceUid: study }), `studies/${study}`);
  assert.equal(dicomwebPath({ studyInstanceUid: study, seriesInstanceUid: series }), `studies/${study}/series/${series}`);
  assert.equal(
    dicomwebUrl('https://pacs.example/dicom-web/', { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance }),
    `https://pacs.example/dicom-web/studies/${study}/series/${series}/instances/${instance}`,
  );
  assert.equal(dicomwebUrl('/dicom-web'), '/dicom-web/studies');
});

test('metadata, rendered, thumbnail and searches hang below a resource', () => {
  assert.equal(dicomwebPath({ studyInstanceUid: study, seriesInstanceUid: series }, 'metadata'), `studies/${study}/series/${series}/metadata`);
  assert.equal(dicomwebPath({ studyInstanceUid: study }, 'thumbnail'), `studies/${study}/thumbnail`);
  assert.equal(dicomwebPath({ studyInstanceUid: study }, 'series'), `studies/${study}/series`);
  assert.equal(dicomwebPath({ studyInstanceUid: study, seriesInstanceUid: series }, 'instances'), `studies/${study}/series/${series}/instances`);
  assert.throws(() => dicomwebPath({}, 'series'), /within a study/);
});

test('frames: one, a list, rendered; never zero or fractional', () => {
  const at = { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance };
  const base = `studies/${study}/series/${series}/instances/${instance}`;
  assert.equal(dicomwebPath(at, { frames: [1] }), `${base}/frames/1`);
  assert.equal(dicomwebPath(at, { frames: [3, 1, 2] }), `${base}/frames/3,1,2`);
  assert.equal(dicomwebPath(at, { frames: [1], rendered: true }), `${base}/frames/1/rendered`);
  assert.throws(() => dicomwebPath(at, { frames: [0] }), /whole numbers from 1/);
  assert.throws(() => dicomwebPath(at, { frames: [1.5] }), /whole numbers from 1/);
  assert.throws(() => dicomwebPath(at, { frames: [] }), /whole numbers from 1/);
  assert.throws(() => dicomwebPath({ studyInstanceUid: study, seriesInstanceUid: series }, { frames: [1] }), /belong to an instance/);
});

test('bulk data paths keep their slashes, each segment encoded', () => {
  const at = { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance };
  assert.equal(dicomwebPath(at, { bulkdata: '7FE00010' }), `studies/${study}/series/${series}/instances/${instance}/bulkdata/7FE00010`);
  assert.equal(dicomwebPath(at, { bulkdata: '00540016/0/00281201' }), `studies/${study}/series/${series}/instances/${instance}/bulkdata/00540016/0/00281201`);
  assert.equal(dicomwebPath(at, { bulkdata: 'a b/c?d' }), `studies/${study}/series/${series}/instances/${instance}/bulkdata/a%20b/c%3Fd`);
});

test('a value that is not a UID is encoded rather than changing the path', () => {
  assert.equal(dicomwebPath({ studyInstanceUid: '1/../2?x#y' }), 'studies/1%2F..%2F2%3Fx%23y');
});

test('a series without its study, or an instance without its series, is refused', () => {
  assert.throws(() => dicomwebPath({ seriesInstanceUid: series }), /within its study/);
  assert.throws(() => dicomwebPath({ studyInstanceUid: study, sopInstanceUid: instance }), /within its series/);
  assert.throws(() => dicomwebPath({ studyInstanceUid: '' }), /empty UID/, 'not the list of all studies by accident');
});
