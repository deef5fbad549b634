// The decode pool: frames decode on worker threads (the event loop keeps turning meanwhile), a bounded number at
// once with a bounded queue, and frames past max-frame-bytes are refused before any decoding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodePool, DecodeQueueFullError, FrameTooLargeError, type FrameDecoder } from '../../src/server/imaging/decode-pool.js';
import { inProcessDecoder } from '../../src/server/imaging/in-process-decoder.js';
import type { PixelLayout } from '../../src/server/dicom/pixel-layout.js';
import { parseLimits } from '../../src/server/limits.js';

const rle = '1.2.840.10008.1.2.5';
const layoutOf = (size: number): PixelLayout => ({ rows: size, columns: size, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0, planarConfiguration: 0, photometricInterpretation: 'MONOCHROME2' });

/** An RLE frame of size × size zeros (two segments of 128-byte replicate runs). */
function rleFrame(size: number): Buffer {
  const segment = Buffer.alloc(Math.ceil((size * size) / 128) * 2);
  for (let at = 0; at < segment.length; at += 2) segment[at] = 0x81;
  const header = Buffer.alloc(64);
  header.writeUInt32LE(2, 0);
  header.writeUInt32LE(64, 4);
  header.writeUInt32LE(64 + segment.length, 8);
  return Buffer.concat([header, segment, segment]);
}

/** Turns of the event loop while `decoder` renders-decodes a 3072² frame. */
async function turnsDuring(decoder: FrameDecoder): Promise<number> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  const decoded = await decoder.decodeFrame(rleFrame(3072), rle, layoutOf(3072));
  running = false;
  assert.equal(decoded.samples.length, 3072 * 3072);
  return turns;
}

test('a frame decodes on a worker thread: the event loop keeps turning, as it does not in-process', async () => {
  const pool = new DecodePool({ decodeConcurrency: 1, maxFrameBytes: 64 * 1024 * 1024 });
  try {
    await pool.decodeFrame(rleFrame(8), rle, layoutOf(8)); // the thread started and its codecs loaded
    const pooled = await turnsDuring(pool);
    const inProcess = await turnsDuring(inProcessDecoder);
    assert.ok(pooled > 20 && pooled > inProcess * 5, `${pooled} turns on the pool, ${inProcess} in-process`);
  } finally {
    await pool.close();
  }
});

test('frames past max-frame-bytes are refused before decoding; a full queue refuses more', async () => {
  const pool = new DecodePool({ decodeConcurrency: 1, maxFrameBytes: 1024 * 1024 });
  try {
    await assert.rejects(pool.decodeFrame(rleFrame(8), rle, layoutOf(16384)), FrameTooLargeError);
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => pool.decodeToNative(rleFrame(512), rle, layoutOf(512))));
    const refused = results.filter((result) => result.status === 'rejected');
    assert.ok(refused.length > 0 && refused.every((result) => (result as PromiseRejectedResult).reason instanceof DecodeQueueFullError));
    assert.ok(results.filter((result) => result.status === 'fulfilled').length >= 32);
    assert.equal(pool.pending, 0);
  } finally {
    await pool.close();
  }
});

test('--limit settings: units, unknown names and bad values', () => {
  const limits = parseLimits(['max-part-bytes=256MiB,idle-timeout-ms=2min', 'max-inflate-ratio=50']);
  assert.equal(limits.maxPartBytes, 256 * 1024 * 1024);
  assert.equal(limits.idleTimeoutMs, 120_000);
  assert.equal(limits.maxInflateRatio, 50);
  assert.throws(() => parseLimits(['max-bogus=1']), /unknown limit "max-bogus"/);
  assert.throws(() => parseLimits(['max-part-bytes=-1']), /positive whole number/);
  assert.throws(() => parseLimits(['max-part-bytes=12XB']), /positive whole number/);
});
