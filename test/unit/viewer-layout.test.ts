// The viewer's grid, hanging protocol and saved state: pure rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLayout, relayout } from '../../src/components/viewer/layout.js';
import { defaultProtocol } from '../../src/components/viewer/protocol.js';
import { checkViewerState } from '../../src/components/viewer/viewer-state.js';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';

test('layouts parse as rows x columns, any size up to 6 a side', () => {
  assert.deepEqual(parseLayout('1x1'), { rows: 1, columns: 1 });
  assert.deepEqual(parseLayout('2x3'), { rows: 2, columns: 3 });
  assert.deepEqual(parseLayout(' 3×3 '), { rows: 3, columns: 3 });
  assert.throws(() => parseLayout('2by2'), /not rows x columns/);
  assert.throws(() => parseLayout('0x2'), /1 to 6/);
  assert.throws(() => parseLayout('7x1'), /1 to 6/);
});

test('shrinking a layout keeps the active viewport\'s series', () => {
  // Active in cell 3 of a 2x2, shrinking to 1x2: its series moves into the last cell left.
  assert.deepEqual(relayout(['a', 'b', 'c', 'd'], 3, 2), { contents: ['a', 'd'], activeIndex: 1 });
  // Already on screen in a kept cell: that cell becomes the active one.
  assert.deepEqual(relayout(['a', 'b', 'a', 'd'], 2, 2), { contents: ['a', 'b'], activeIndex: 0 });
  // To one cell: the active series is the one left.
  assert.deepEqual(relayout(['a', 'b', 'c', 'd'], 1, 1), { contents: ['b'], activeIndex: 0 });
  // Active cell kept: nothing moves.
  assert.deepEqual(relayout(['a', 'b', 'c', 'd'], 0, 1), { contents: ['a'], activeIndex: 0 });
  // Growing adds empty cells.
  assert.deepEqual(relayout(['a'], 0, 3), { contents: ['a', undefined, undefined], activeIndex: 0 });
});

function series(uid: string, number: string | undefined, modality = 'CT', count = 10): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  setValues(dataset, 'SeriesInstanceUID', [uid]);
  if (number !== undefined) setValues(dataset, 'SeriesNumber', [number]);
  setValues(dataset, 'Modality', [modality]);
  setValues(dataset, 'NumberOfSeriesRelatedInstances', [count]);
  return dataset;
}

test('the default protocol hangs image series by series number, one a viewport', () => {
  const input = [series('s3', '3'), series('sr', '1', 'SR'), series('s2', '2'), series('none', undefined), series('empty', '0', 'CT', 0)];
  const hanging = defaultProtocol({ studyInstanceUid: 'st', series: input, layout: '2x2', viewportCount: 4 });
  assert.deepEqual(hanging.viewports.map((viewport) => viewport?.seriesInstanceUid), ['s2', 's3', 'none']);
  assert.deepEqual(defaultProtocol({ studyInstanceUid: 'st', series: input, layout: '1x1', viewportCount: 1 }).viewports, [{ studyInstanceUid: 'st', seriesInstanceUid: 's2' }]);
});

const goodState = {
  layout: '1x2',
  sync: 'position voi',
  study: '1.2.3',
  priors: [],
  activeIndex: 1,
  viewports: [{ studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' }, null],
};

test('a saved viewer state is checked before use, with what is wrong said', () => {
  assert.deepEqual(checkViewerState(goodState), goodState);
  assert.throws(() => checkViewerState(null), /not an object/);
  assert.throws(() => checkViewerState({ ...goodState, layout: 'big' }), /not rows x columns/);
  assert.throws(() => checkViewerState({ ...goodState, sync: 'position scroll' }), /unknown sync "scroll"/);
  assert.throws(() => checkViewerState({ ...goodState, layout: '1x1' }), /2 viewports do not fit layout 1x1/);
  assert.throws(() => checkViewerState({ ...goodState, viewports: [{ studyInstanceUid: '1' }] }), /viewports\[0\] needs/);
  assert.throws(() => checkViewerState({ ...goodState, activeIndex: 2 }), /activeIndex 2/);
  assert.throws(() => checkViewerState({ ...goodState, priors: [3] }), /priors/);
});

test('an MPR layout\'s saved state: its grid\'s viewports, and the crosshairs\' centre checked', () => {
  const series = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' };
  const mpr = { ...goodState, layout: 'mpr-3d', activeIndex: 3, viewports: [series, series, series, series], crosshairs: { centre: [1, -2, 3.5] } };
  assert.deepEqual(checkViewerState(mpr), mpr);
  assert.deepEqual(checkViewerState({ ...mpr, layout: 'mpr', activeIndex: 0, viewports: [series, series, series] }).layout, 'mpr');
  assert.throws(() => checkViewerState({ ...mpr, layout: 'mpr', activeIndex: 0 }), /4 viewports do not fit layout mpr/);
  assert.throws(() => checkViewerState({ ...mpr, crosshairs: { centre: [1, 2] } }), /crosshairs.centre must be three finite numbers/);
  assert.throws(() => checkViewerState({ ...mpr, crosshairs: { centre: [1, 2, Number.NaN] } }), /three finite numbers/);
  assert.throws(() => checkViewerState({ ...goodState, crosshairs: { centre: [1, 2, 3] } }), /crosshairs belong to an MPR layout, not 1x2/);
});
