// The reference server takes in the compressed sample series as `npm start` stores them, lists them in the demo
// study, and answers their frames as stored (transfer-syntax=*) and, for HTJ2K, decoded.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { generateCompressedSampleInstances, htj2kLosslessUid, htj2kMrSeries, jpegBaselineUid, jpegCtSeries } from '../../src/sample-data/compressed.js';
import { mrStoredSlice, type GeneratedInstance } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { openFileStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

let server: ListeningServer | undefined;
let instances: GeneratedInstance[];

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-compressed-ingest-'));
  const store = await openFileStore(join(dir, 'store'));
  instances = await generateCompressedSampleInstances();
  for (const instance of instances) assert.equal((await store.ingest(instance.bytes)).status, 'stored', instance.fileName);
  server = await startListeningServer({ store }, { dir });
});

after(async () => {
  await server?.close();
});

function identity(instance: GeneratedInstance): { series: string; sop: string; fragment: Buffer } {
  const parsed = dicomParser.parseDicom(instance.bytes);
  const fragment = parsed.elements.x7fe00010!.fragments![0]!;
  return {
    series: parsed.string('x0020000e')!,
    sop: parsed.string('x00080018')!,
    fragment: Buffer.from(instance.bytes.subarray(fragment.position, fragment.position + fragment.length)),
  };
}

const frameUrl = (instance: GeneratedInstance) => {
  const { series, sop } = identity(instance);
  return `${server!.root}/studies/${sampleStudy.studyInstanceUid}/series/${series}/instances/${sop}/frames/1`;
};

test('the demo study lists both compressed series with their descriptions', async () => {
  const response = await fetch(`${server!.root}/studies/${sampleStudy.studyInstanceUid}/series`, { headers: { Accept: 'application/dicom+json' } });
  assert.equal(response.status, 200);
  const series = (await response.json()) as Record<string, { Value?: unknown[] }>[];
  const descriptions = series.map((entry) => entry['0008103E']?.Value?.[0]);
  assert.ok(descriptions.includes(htj2kMrSeries.seriesDescription), String(descriptions));
  assert.ok(descriptions.includes(jpegCtSeries.seriesDescription), String(descriptions));
});

for (const [folder, mediaType, syntax] of [
  [htj2kMrSeries.folderName, 'image/jphc', htj2kLosslessUid],
  [jpegCtSeries.folderName, 'image/jpeg', jpegBaselineUid],
] as const) {
  test(`a frame of ${folder} comes back as stored with transfer-syntax=*`, async () => {
    const instance = instances.find((candidate) => candidate.fileName.includes(`/${folder}/`))!;
    const response = await fetch(frameUrl(instance), { headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } });
    assert.equal(response.status, 200);
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.toString('latin1').includes(`\r\nContent-Type: ${mediaType}; transfer-syntax=${syntax}\r\n`), body.subarray(0, 300).toString('latin1'));
    // The codestream as encoded, up to its EOC marker (the fragment's even-length padding may or may not travel).
    const { fragment } = identity(instance);
    const codestream = fragment.at(-1) === 0 && fragment.at(-2) === 0xd9 ? fragment.subarray(0, -1) : fragment;
    assert.deepEqual([...codestream.subarray(-2)], [0xff, 0xd9]);
    assert.ok(body.includes(codestream), 'the stored codestream is not in the answer');
  });
}

test('an HTJ2K frame asked for uncompressed is the MR slice, decoded by the server', async () => {
  const instance = instances.find((candidate) => candidate.fileName.includes(`/${htj2kMrSeries.folderName}/`))!;
  const response = await fetch(frameUrl(instance), { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
  assert.equal(response.status, 200);
  const expected = mrStoredSlice(0);
  assert.ok(Buffer.from(await response.arrayBuffer()).includes(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)));
});
