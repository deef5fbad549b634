// The decimation that brings a volume within the memory budget, and what the reader is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimatedGrid, decimationNotice, decimationWithin, refusalNotice } from '../../src/imaging/volume-decimation.js';

const ct = { rows: 512, columns: 512, slices: 200 };
const mb = 1024 * 1024;

test('a volume within the budget is not decimated', () => {
  assert.deepEqual(decimationWithin(ct, 2, 100 * mb), { inPlane: 1, slices: 1, columns: 512, rows: 512, sliceCount: 200, bytes: 512 * 512 * 200 * 2 });
});

test('the least decimation that fits is chosen, in-plane before slices when they keep as many voxels', () => {
  // 100 MB in 2-byte voxels: half the slices keep 50 MB, in-plane by 2 keeps 25 MB; 60 MB allows only the first.
  assert.deepEqual(decimationWithin(ct, 2, 60 * mb), decimatedGrid(ct, 2, 1, 2));
  // 30 MB: every 3rd slice (67 slices, 33.5 MB) does not fit; in-plane by 2 (25 MB) keeps more than a slice in 4 (25 MB, tie → in-plane).
  assert.deepEqual(decimationWithin(ct, 2, 30 * mb), decimatedGrid(ct, 2, 2, 1));
  const least = decimationWithin(ct, 2, 2 * mb)!;
  assert.ok(least.bytes <= 2 * mb);
  assert.deepEqual([least.inPlane, least.slices], [4, 4]);
});

test('nothing fits: undefined; nor a decimation that leaves fewer than 3 slices', () => {
  assert.equal(decimationWithin(ct, 2, 1 * mb), undefined);
  assert.deepEqual(decimationWithin({ rows: 64, columns: 64, slices: 8 }, 2, 20_000), decimatedGrid({ rows: 64, columns: 64, slices: 8 }, 2, 2, 1));
  // 4 × 4 would be 2 slices: not a volume; 4 in-plane × every 3rd slice (1.5 KB) is the least left, too much for 1 KB.
  assert.equal(decimationWithin({ rows: 64, columns: 64, slices: 8 }, 2, 1_000), undefined);
});

test('sizes follow Cornerstone: floor in-plane, every k-th slice from the first', () => {
  assert.deepEqual(decimatedGrid({ rows: 65, columns: 63, slices: 41 }, 2, 2, 2), { inPlane: 2, slices: 2, columns: 31, rows: 32, sliceCount: 21, bytes: 31 * 32 * 21 * 2 });
});

test('the notices say by how much and name the budget', () => {
  assert.equal(
    decimationNotice(ct, 2, decimatedGrid(ct, 2, 2, 2), 20),
    'Decimated to fit the memory budget (cache-mb) of 20 MB: 256 × 256 pixels of 512 × 512, 100 slices of 200 (12.5 MB instead of 100 MB).',
  );
  assert.equal(decimationNotice(ct, 2, decimatedGrid(ct, 2, 1, 2), 60), 'Decimated to fit the memory budget (cache-mb) of 60 MB: 100 slices of 200 (50 MB instead of 100 MB).');
  assert.equal(refusalNotice(ct, 2, 1), 'Not shown as a volume: it needs 100 MB (1.56 MB even decimated by 4 each way), more than the memory budget (cache-mb) of 1 MB. Shown as a stack.');
  const small = { rows: 64, columns: 64, slices: 40 };
  assert.equal(decimationNotice(small, 2, decimatedGrid(small, 2, 2, 1), 0.1), 'Decimated to fit the memory budget (cache-mb) of 0.1 MB: 32 × 32 pixels of 64 × 64 (80 KB instead of 0.31 MB).');
});

test('ids for the decimated loader map back to the context\'s, with the in-plane factor it appended', async () => {
  const { decimatedImageIdOf, parseDecimatedImageId, decimatedSchemeOf } = await import('../../src/imaging/volume-decimation.js');
  const id = 'dicom-lightbox-3:source-1|http://127.0.0.1:8042/dicom-web/studies/1/series/2/instances/3/frames/1';
  const decimated = decimatedImageIdOf(id);
  assert.equal(decimated, 'dicom-lightbox-3-decimated:source-1|http://127.0.0.1:8042/dicom-web/studies/1/series/2/instances/3/frames/1');
  assert.equal(decimated.split(':')[0], decimatedSchemeOf('dicom-lightbox-3'), 'Cornerstone routes it by that scheme');
  assert.deepEqual(parseDecimatedImageId(`${decimated}#decimation=2`), { imageId: id, inPlane: 2 });
  assert.deepEqual(parseDecimatedImageId(decimated), { imageId: id, inPlane: 1 });
  assert.equal(parseDecimatedImageId(id), undefined, 'a context id is not a decimated one');
  assert.equal(parseDecimatedImageId(`${id}#decimation=2`), undefined);
});
