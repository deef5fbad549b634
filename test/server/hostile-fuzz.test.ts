// A bounded fuzz loop in the suite: valid files (native, RLE-encapsulated, nested sequences, deflated) mutated with
// a fixed seed (flipped bytes, rewritten lengths, cuts, repeats), stored over STOW and, when stored, retrieved and
// rendered. Each case is stored as sent or refused with a reason; the server stays up and nothing stored before
// changes. FUZZ_COUNT (default 300) and FUZZ_SEED (default 1) set the run; `npm run fuzz` runs a longer one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deflatedInstance, encapsulatedInstance, instance, nestedSequences, seededRandom, type InstanceOptions } from './hostile-files.js';
import { assertUnchanged, failureReasons, measured, startServer, storedCount, stow, storeDigest, type HostileServer } from './hostile-harness.js';

const count = Number(process.env['FUZZ_COUNT'] ?? 300);
const seed = Number(process.env['FUZZ_SEED'] ?? 1);
const study = '1.2.826.0.1.3680043.10.1341.5';
const series = `${study}.1`;
const options = (n: number, more: Partial<InstanceOptions> = {}): InstanceOptions => ({ studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: `${study}.1.${n}`, ...more });

/** RLE of one 16-bit frame of `pixels` zeros: two segments, each one replicate run per 128 bytes. */
function rleFrame(pixels: number): Buffer {
  const segment = Buffer.alloc(Math.ceil(pixels / 128) * 2);
  for (let at = 0; at < segment.length; at += 2) segment[at] = 0x81; // -127: repeat the next byte 128 times
  const header = Buffer.alloc(64);
  header.writeUInt32LE(2, 0);
  header.writeUInt32LE(64, 4);
  header.writeUInt32LE(64 + segment.length, 8);
  return Buffer.concat([header, segment, segment]);
}

const bases: Array<(n: number) => Buffer> = [
  (n) => instance(options(n, { rows: 16, columns: 16, frames: 2 })),
  (n) => encapsulatedInstance({ ...options(n, { rows: 16, columns: 16 }), offsets: [0], fragments: [rleFrame(256)] }),
  (n) => instance(options(n, { extra: nestedSequences(6) })),
  (n) => deflatedInstance(options(n, { rows: 8, columns: 8 })),
];

function mutate(file: Buffer, random: () => number): Buffer {
  const at = () => 132 + Math.floor(random() * (file.length - 132));
  const copy = Buffer.from(file);
  switch (Math.floor(random() * 5)) {
    case 0: // flip a few bytes
      for (let flips = 1 + Math.floor(random() * 8); flips > 0; flips--) copy[at()] = Math.floor(random() * 256);
      return copy;
    case 1: { // rewrite a 16- or 32-bit value (a length, often) with an extreme
      const where = at() & ~1;
      const extremes = [0, 1, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 0xfffffffe];
      if (where + 4 <= copy.length) copy.writeUInt32LE(extremes[Math.floor(random() * extremes.length)]!, where);
      return copy;
    }
    case 2: // cut
      return copy.subarray(0, at());
    case 3: { // repeat a run
      const from = at();
      const length = Math.floor(random() * 64);
      return Buffer.concat([copy.subarray(0, from), copy.subarray(from, from + length), copy.subarray(from)]);
    }
    default: { // insert random bytes
      const from = at();
      const noise = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 16) }, () => Math.floor(random() * 256)));
      return Buffer.concat([copy.subarray(0, from), noise, copy.subarray(from)]);
    }
  }
}

let server: HostileServer;
before(async () => {
  server = await startServer();
});
after(async () => server?.close());

test(`${count} mutated files (seed ${seed}): each stored as sent or refused with a reason, nothing lost`, { timeout: Math.max(120_000, count * 2_000) }, async () => {
  const random = seededRandom(seed);
  let stored = 0;
  let refused = 0;
  let worstMilliseconds = 0;
  let worstRssRise = 0;
  const batch = 10;
  for (let first = 0; first < count; first += batch) {
    const cases = Array.from({ length: Math.min(batch, count - first) }, (_, index) => {
      const n = first + index + 1;
      return mutate(bases[n % bases.length]!(n), random);
    });
    const before = await storeDigest(server);
    const { result: answer, milliseconds, peakRssRise } = await measured(() => stow(server.root, cases));
    worstMilliseconds = Math.max(worstMilliseconds, milliseconds);
    worstRssRise = Math.max(worstRssRise, peakRssRise);
    const what = `cases ${first + 1}–${first + cases.length}`;
    assert.ok([200, 202, 409].includes(answer.status), `${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
    assert.equal(storedCount(answer) + failureReasons(answer).length, cases.length, `${what}: every part answered`);
    assert.equal((await fetch(`${server.root}/studies`)).status, 200, `${what}: the server still answers`);
    assertUnchanged(before, await storeDigest(server), what);
    stored += storedCount(answer);
    refused += failureReasons(answer).length;
    for (const item of answer.body['00081199']?.Value ?? []) {
      const url = item['00081190']!.Value![0] as string;
      const retrieved = await fetch(url, { headers: { Accept: 'multipart/related; type="application/dicom"' } });
      assert.equal(retrieved.status, 200, `${what}: ${url} retrieves`);
      await retrieved.arrayBuffer();
      // Rendering decodes whatever the mutation left in the pixel data: an answer with a reason, never a crash.
      const rendered = await fetch(`${url}/rendered`);
      const reason = rendered.headers.get('warning') ?? '';
      assert.ok(rendered.status === 200 || (rendered.status >= 400 && rendered.status < 500) || rendered.status === 501 || /cannot be decoded/.test(reason), `${what}: ${url}/rendered ${rendered.status} ${reason}`);
      await rendered.arrayBuffer();
    }
  }
  assert.ok(worstMilliseconds < 10_000, `a batch took ${Math.round(worstMilliseconds)} ms`);
  assert.ok(worstRssRise < 500 * 1024 * 1024, `memory rose ${Math.round(worstRssRise / 1048576)} MB in a batch`);
  assert.equal(stored + refused, count);
  process.stdout.write(`# fuzz: ${count} cases, seed ${seed}: ${stored} stored, ${refused} refused; slowest batch ${Math.round(worstMilliseconds)} ms, peak memory rise ${Math.round(worstRssRise / 1048576)} MB\n`);
});
