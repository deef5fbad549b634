// The RLE decoder (PS3.5 Annex G) against DCMTK's encoder: every sample size and number of samples a pixel gives
// back exactly the source's native bytes, interleaved or plane by plane; a segment that runs short is refused.
// Under test/imaging/ rather than test/codecs/: npm run test:node runs test/imaging/*.test.ts.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { decodeRle } from '../../src/codecs/rle.js';
import { CodestreamError } from '../../src/codecs/jpeg2000-codestream.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSize, type ImageVariantName } from '../../src/sample-data/variants.js';
import { encode, firstFragment, recipes } from '../support/variant-fixtures.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-rle-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function encoded(name: ImageVariantName): Promise<{ source: Uint8Array; frame: Uint8Array }> {
  const sourceBytes = variantInstance(variantByName(name), 'rle', 1);
  const source = join(dir, `${name}-source.dcm`);
  await writeFile(source, sourceBytes);
  const frame = firstFragment(await encode(recipes.rle!, source, join(dir, `${name}-rle.dcm`)));
  const pixelData = dicomParser.parseDicom(sourceBytes).elements.x7fe00010!;
  return { source: sourceBytes.slice(pixelData.dataOffset, pixelData.dataOffset + pixelData.length), frame };
}

for (const name of ['mono2-u16', 'mono2-s16', 'mono1-u8', 'rgb', 'rgb-u16', 'mono2-u32'] as const) {
  test(`${name}: DCMTK's RLE decodes to exactly the source's bytes`, async () => {
    const variant = variantByName(name);
    const { source, frame } = await encoded(name);
    const samplesPerPixel = variant.photometricInterpretation === 'RGB' ? 3 : 1;
    const decoded = decodeRle(frame, { rows: variantSize, columns: variantSize, samplesPerPixel, bitsAllocated: variant.bitsAllocated });
    assert.equal(decoded.length, source.length);
    assert.ok(Buffer.from(decoded).equals(Buffer.from(source)), 'decoded bytes differ from the source');
  });
}

test('planar configuration 1: plane by plane', async () => {
  const { source, frame } = await encoded('rgb-u16');
  const decoded = decodeRle(frame, { rows: variantSize, columns: variantSize, samplesPerPixel: 3, bitsAllocated: 16, planarConfiguration: 1 });
  const pixels = variantSize * variantSize;
  const interleaved = new Uint16Array(source.slice().buffer);
  const planes = new Uint16Array(decoded.slice().buffer);
  for (const pixel of [0, 40 * variantSize + 30, pixels - 1]) {
    for (let c = 0; c < 3; c++) assert.equal(planes[c * pixels + pixel], interleaved[pixel * 3 + c]);
  }
});

test('a segment cut short is refused', async () => {
  const { frame } = await encoded('mono2-u16');
  const cut = frame.slice(0, frame.length - 40);
  assert.throws(() => decodeRle(cut, { rows: variantSize, columns: variantSize, samplesPerPixel: 1, bitsAllocated: 16 }), CodestreamError);
});
