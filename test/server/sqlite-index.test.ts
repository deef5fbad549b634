// The SQLite index's group commit: adds made together share one transaction, yet each succeeds or fails alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { secondStudy } from '../../src/sample-data/phantom.js';
import { parseInstance } from '../../src/server/dicom/parse-instance.js';
import { attributesAtLevel } from '../../src/server/dicom/query-levels.js';
import type { IndexedInstance } from '../../src/server/store/instance-index.js';
import { IndexConflictError, SqliteIndex } from '../../src/server/store/sqlite-index.js';
import { relativeBulkDataUri } from '../../src/server/store/store.js';

function indexed(bytes: Uint8Array, overrides: Partial<IndexedInstance> = {}): IndexedInstance {
  const parsed = parseInstance(bytes, relativeBulkDataUri);
  return {
    ...parsed,
    studyAttributes: attributesAtLevel(parsed.metadata, 'study'),
    seriesAttributes: attributesAtLevel(parsed.metadata, 'series'),
    blobKey: `${parsed.sopInstanceUid}.dcm`,
    size: bytes.byteLength,
    sha256: 'not-checked-here',
    ...overrides,
  };
}

test('adds made in one turn are committed together, and a refused one fails alone', async () => {
  const index = new SqliteIndex(':memory:');
  try {
    const [first, second, third] = [...generateSampleInstances({ ctSlices: 3 })].slice(0, 3).map((instance) => indexed(instance.bytes));
    // The same series claimed by another study: refused, and its savepoint must not take the others with it.
    const conflicting = { ...third!, studyInstanceUid: secondStudy.studyInstanceUid };
    const outcomes = await Promise.allSettled([index.add(first!), index.add(conflicting), index.add(second!), index.add(first!)]);
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).constructor.name)),
      ['added', IndexConflictError.name, 'added', 'exists'],
    );
    assert.equal((await index.instancesAt({ studyInstanceUid: first!.studyInstanceUid })).length, 2);
    assert.equal(await index.findInstance(third!.sopInstanceUid), undefined);
    // The refused instance, sent again under its own study, is stored: nothing of the failed attempt remains.
    assert.equal(await index.add(third!), 'added');
  } finally {
    await index.close();
  }
});

test('adds still pending when the index closes are committed first', async () => {
  const index = new SqliteIndex(':memory:');
  const [instance] = [...generateSampleInstances({ ctSlices: 1 })].map((generated) => indexed(generated.bytes));
  const added = index.add(instance!);
  await index.close();
  assert.equal(await added, 'added');
});
