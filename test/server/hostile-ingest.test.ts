// Hostile input at STOW, over real HTTP: each case is stored correctly or refused with a reason, within a bounded
// time and memory measured here, the server stays up, and nothing stored before changes.
import assert from 'node:assert/strict';
import { createDeflateRaw } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { storeFailureReasons, storeWarningReasons } from '../../src/dicom/store-status.js';
import { deflatedSyntax, element, encapsulatedInstance, instance, manyItems, nestedSequences, part10, dataSet, deflatedInstance, type InstanceOptions } from './hostile-files.js';
import { assertUnchanged, failureReasons, measured, startServer, storeDigest, storedCount, stow, type HostileServer } from './hostile-harness.js';

const study = '1.2.826.0.1.3680043.10.1341.1';
const series = `${study}.1`;
/** A UID for each case name: numbered in the order first asked for. */
const numbers = new Map<string, number>();
const uid = (name: number | string) => {
  if (typeof name === 'number') return `${study}.1.${name}`;
  if (!numbers.has(name)) numbers.set(name, 1000 + numbers.size);
  return `${study}.1.${numbers.get(name)}`;
};
const options = (n: number | string, more: Partial<InstanceOptions> = {}): InstanceOptions => ({ studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: uid(n), ...more });

let server: HostileServer;

before(async () => {
  server = await startServer();
  const answer = await stow(server.root, [instance(options(1)), instance(options(2, { rows: 4, columns: 4, frames: 3 }))]);
  assert.equal(answer.status, 200, answer.warnings);
});

after(async () => server?.close());

/** Sends `parts`, then checks that the server answers searches and that nothing stored before changed. */
async function hostile(what: string, parts: Uint8Array[]) {
  const beforeDigest = await storeDigest(server);
  const run = await measured(() => stow(server.root, parts));
  const search = await fetch(`${server.root}/studies`);
  assert.equal(search.status, 200, `${what}: the server still answers`);
  assertUnchanged(beforeDigest, await storeDigest(server), what);
  const answer = run.result;
  const failures = failureReasons(answer);
  assert.ok([200, 202, 409].includes(answer.status), `${what}: status ${answer.status} ${answer.text.slice(0, 200)}`);
  if (failures.length > 0) assert.match(answer.warnings, /\S/, `${what}: a refusal carries its reason`);
  return { ...run, answer, failures };
}

/** A 1 GiB OB of zeros after the data set's head, raw-deflated as it streams (the test never holds the gigabyte). */
async function deflateBomb(sopInstanceUid: string): Promise<Buffer> {
  const head = dataSet({ studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid, pixelData: Buffer.alloc(0) });
  const withoutPixels = head.subarray(0, head.length - 12);
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x0009, 0);
  header.writeUInt16LE(0x1010, 2);
  header.write('OB', 4, 'latin1');
  header.writeUInt32LE(1 << 30, 8);
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  deflate.write(Buffer.concat([withoutPixels, header]));
  const zeros = Buffer.alloc(1 << 20);
  for (let index = 0; index < 1024; index++) {
    if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return part10(Buffer.concat(chunks), sopInstanceUid, deflatedSyntax);
}

test('a deflated instance inflating to 1 GiB is refused while inflating: bounded memory, Out of Resources', async () => {
  const bomb = await deflateBomb(uid('bomb'));
  assert.ok(bomb.length < 2 * 1024 * 1024, `the bomb is ${bomb.length} bytes`);
  const { failures, answer, peakRssRise, milliseconds } = await hostile('deflate bomb', [bomb]);
  assert.deepEqual(failures, [storeFailureReasons.outOfResources]);
  assert.match(answer.warnings, /max-inflate-ratio/);
  // Inflating it whole took the process to 3.2 GB; stopping at 100× its size costs about 100 MB.
  assert.ok(peakRssRise < 400 * 1024 * 1024, `memory rose ${Math.round(peakRssRise / 1048576)} MB`);
  assert.ok(milliseconds < 20_000, `${Math.round(milliseconds)} ms`);
  // A well-behaved deflated instance still stores.
  const fine = await hostile('deflated instance', [deflatedInstance(options('deflated'))]);
  assert.equal(storedCount(fine.answer), 1, fine.answer.warnings);
});

test('an image declaring 16384 × 16384 is refused at ingest, before anything decodes it', async () => {
  const huge = encapsulatedInstance({ ...options('huge', { rows: 16384, columns: 16384 }), offsets: [0], fragments: [Buffer.alloc(64)] });
  const { failures, answer } = await hostile('declared image size', [huge]);
  assert.deepEqual(failures, [storeFailureReasons.outOfResources]);
  assert.match(answer.warnings, /max-frame-bytes/);
  const frames = encapsulatedInstance({ ...options('many-frames', { rows: 2048, columns: 2048, frames: 600 }), offsets: [0], fragments: [Buffer.alloc(64)] });
  assert.match((await hostile('declared frames', [frames])).answer.warnings, /max-pixel-bytes/);
});

test('sequences nested 400 deep are refused; 20 deep are stored, and instance searches on any key keep working', async () => {
  const deep = await hostile('deep nesting', [instance(options('deep', { extra: nestedSequences(400) }))]);
  assert.deepEqual(deep.failures, [storeFailureReasons.outOfResources]);
  assert.match(deep.answer.warnings, /max-sequence-depth/);
  const nested = await hostile('nesting within limits', [instance(options('nested', { extra: nestedSequences(20) }))]);
  assert.equal(storedCount(nested.answer), 1, nested.answer.warnings);
  const search = await fetch(`${server.root}/instances?Rows=8&ImageType=X`);
  assert.equal(search.status, 200, await search.text());
});

test('a million sequence items are refused before parsing, in bounded time and memory', async () => {
  const items = instance(options('items', { extra: manyItems(1_000_000) }));
  const { failures, answer, peakRssRise, milliseconds } = await hostile('a million items', [items]);
  assert.deepEqual(failures, [storeFailureReasons.outOfResources]);
  assert.match(answer.warnings, /max-items/);
  assert.ok(milliseconds < 10_000, `${Math.round(milliseconds)} ms`);
  assert.ok(peakRssRise < 300 * 1024 * 1024, `memory rose ${Math.round(peakRssRise / 1048576)} MB`);
});

test('UIDs with a NUL inside, letters or more than 64 characters are refused, never cut', async () => {
  const cases: Array<[string, Buffer]> = [
    ['NUL inside', Buffer.from(`${uid(7)}\0.666`, 'latin1')],
    ['letters', Buffer.from(`${uid(8)}.abc`, 'latin1')],
    ['too long', Buffer.from(`${uid(9)}.${'1'.repeat(64)}`, 'latin1')],
  ];
  for (const [what, raw] of cases) {
    const { failures, answer } = await hostile(what, [instance(options(`raw-${what}`, { rawSopInstanceUid: raw }))]);
    assert.deepEqual(failures, [storeFailureReasons.doesNotMatch], what);
    assert.match(answer.warnings, /not a valid UID/, what);
  }
  const search = await (await fetch(`${server.root}/instances?SOPInstanceUID=${uid(7)}`)).json();
  assert.deepEqual(search, []);
});

test('a polyglot with an MZ or ELF header in the preamble is stored with the preamble zeroed, and says so', async () => {
  for (const [what, header] of [['MZ', 'MZ\x90\x00'], ['ELF', '\x7fELF']] as const) {
    const preamble = Buffer.alloc(128);
    preamble.write(header, 0, 'latin1');
    const sent = instance(options(`polyglot-${what}`), preamble);
    const { answer } = await hostile(what, [sent]);
    assert.equal(storedCount(answer), 1, answer.warnings);
    assert.equal(answer.body['00081199']?.Value?.[0]?.['00081196']?.Value?.[0], storeWarningReasons.coercionOfDataElements);
    assert.match(answer.warnings, /preamble/);
    const retrieved = Buffer.from(await (await fetch(`${server.root}/studies/${study}/series/${series}/instances/${uid(`polyglot-${what}`)}`, { headers: { Accept: 'multipart/related; type="application/dicom"' } })).arrayBuffer());
    assert.ok(!retrieved.includes(Buffer.from(header, 'latin1')), `${what}: the header is gone from what is served`);
  }
  const digest = await storeDigest(server);
  for (const path of digest.files.keys()) {
    const head = (await readFile(join(server.dir, 'store', 'blobs', path))).subarray(0, 4).toString('latin1');
    assert.ok(!head.startsWith('MZ') && head !== '\x7fELF', `${path} starts with ${JSON.stringify(head)}`);
  }
});

test('the same SOP Instance UID with different content is refused (0x0111) and the stored copy is kept', async () => {
  const { failures, answer } = await hostile('duplicate UID', [instance(options(1, { patientName: 'SOMEONE^ELSE' }))]);
  assert.deepEqual(failures, [storeFailureReasons.duplicateSopInstance]);
  assert.match(answer.warnings, /already stored with different content/);
});

/** Offsets where each top-level element of an explicit VR little-endian Part 10 file starts, and its end. */
function elementBoundaries(file: Buffer): number[] {
  const boundaries: number[] = [];
  let at = 132;
  while (at + 8 <= file.length) {
    boundaries.push(at);
    const vr = file.toString('latin1', at + 4, at + 6);
    const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OD', 'OF', 'OL', 'OV', 'SV', 'UV'].includes(vr);
    const length = long ? file.readUInt32LE(at + 8) : file.readUInt16LE(at + 6);
    at += (long ? 12 : 8) + (length === 0xffffffff ? file.length : length);
  }
  return boundaries;
}

test('truncation at every element boundary (and inside each header) is stored as what remains or refused', async () => {
  const probe = instance(options('cut-probe'));
  let cases = 0;
  let stored = 0;
  let refused = 0;
  for (const [index, boundary] of elementBoundaries(probe).entries()) {
    for (const extra of [0, 3, 9]) {
      const sent = instance(options(`cut-${index}-${extra}`)).subarray(0, boundary + extra);
      const { failures, answer } = await hostile(`cut at ${boundary + extra}`, [sent]);
      cases += 1;
      if (failures.length > 0) refused += 1;
      else stored += 1;
      if (failures.length === 0) {
        // Stored: what is served is what was sent.
        const stored = answer.body['00081199']!.Value![0]!['00081190']!.Value![0] as string;
        const served = Buffer.from(await (await fetch(stored, { headers: { Accept: 'multipart/related; type="application/dicom"' } })).arrayBuffer());
        assert.ok(served.includes(sent.subarray(132)), `cut at ${boundary + extra}: stored as sent`);
      }
    }
  }
  assert.ok(cases > 50, `${cases} cases`);
  assert.ok(stored > 0 && refused > 0, `${stored} stored, ${refused} refused`);
});

test('wrong VR lengths and lengths past the end are refused or stored, never crash the server', async () => {
  const wrong = [
    ['US of 3 bytes', element(0x00280010, 'US', Buffer.from([8, 0, 0, 0]).subarray(0, 3))],
    ['PN claiming 0xFFF0 bytes', Buffer.concat([Buffer.from([0x10, 0x00, 0x10, 0x00]), Buffer.from('PN', 'latin1'), Buffer.from([0xf0, 0xff]), Buffer.from('SHORT')])],
    ['OB claiming 4 GB', Buffer.concat([Buffer.from([0x09, 0x00, 0x10, 0x10]), Buffer.from('OB\0\0', 'latin1'), Buffer.from([0xfe, 0xff, 0xff, 0xff])])],
    ['SQ item claiming past the end', Buffer.concat([Buffer.from([0x40, 0x00, 0x30, 0xa7]), Buffer.from('SQ\0\0', 'latin1'), Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0x00, 0x00, 0x10, 0x00])])],
  ] as const;
  for (const [what, bytes] of wrong) {
    const { answer } = await hostile(what, [instance(options(`wrong-${what}`, { extra: Buffer.from(bytes) }))]);
    assert.ok(answer.status === 409 || storedCount(answer) === 1, `${what}: ${answer.status}`);
  }
});

test('a Basic Offset Table of 40,000 frames is matched in one pass', async () => {
  const frames = 40_000;
  const fragments = Array.from({ length: frames }, () => Buffer.alloc(2));
  const offsets = fragments.map((_, index) => index * 10);
  const file = encapsulatedInstance({ ...options('offset-table', { rows: 1, columns: 1, frames }), offsets, fragments });
  const { answer, milliseconds } = await hostile('long offset table', [file]);
  assert.equal(storedCount(answer), 1, answer.warnings);
  // Matching each frame against every fragment blocked the server for seconds on a file of this size.
  assert.ok(milliseconds < 5_000, `${Math.round(milliseconds)} ms`);
  const location = await server.store.findInstance(uid('offset-table'));
  assert.equal(location?.frames?.length, frames);
  assert.deepEqual(location?.frames?.[frames - 1], [{ offset: location!.frames![0]![0]!.offset + (frames - 1) * 10, length: 2 }]);
});
