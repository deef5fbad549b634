// The codestream checks against real encoders' output (DCMTK, GDCM, OpenJPH): every intact frame passes, and each
// damaged frame the browser tests serve (variant-fixtures.ts) is refused before a decoder sees it.
// Under test/imaging/ rather than test/codecs/: npm run test:node runs test/imaging/*.test.ts.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkEncodedFrame, DecodedImageCheckError } from '../../src/imaging/decoded-image-check.js';
import type { NativeImageFrame } from '../../src/imaging/native-frame.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSize, type ImageVariantName } from '../../src/sample-data/variants.js';
import { damages, encode, firstFragment, recipes } from '../support/variant-fixtures.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-codestreams-'));
});
after(() => rm(dir, { recursive: true, force: true }));

function headerOf(name: ImageVariantName): NativeImageFrame {
  const variant = variantByName(name);
  const colour = ['RGB', 'YBR_FULL', 'YBR_FULL_422'].includes(variant.photometricInterpretation);
  return {
    rows: variantSize,
    columns: variantSize,
    samplesPerPixel: colour ? 3 : 1,
    bitsAllocated: variant.bitsAllocated,
    bitsStored: variant.bitsStored,
    pixelRepresentation: variant.pixelRepresentation,
    photometricInterpretation: variant.photometricInterpretation,
  };
}

async function encodedFrame(syntax: string, name: ImageVariantName): Promise<Uint8Array> {
  const source = join(dir, `${name}-${syntax}-source.dcm`);
  await writeFile(source, variantInstance(variantByName(name), syntax, 1));
  return firstFragment(await encode(recipes[syntax]!, source, join(dir, `${name}-${syntax}.dcm`)));
}

const compressed = ['rle', 'jpeg-baseline', 'jpeg-extended', 'jpeg-lossless', 'jpeg-lossless-sv1', 'jpeg-ls-lossless', 'jpeg-ls-near-lossless', 'jpeg2000-lossless', 'jpeg2000-lossy', 'htj2k-lossless', 'htj2k-lossless-rpcl', 'htj2k-lossy'];

for (const syntax of compressed) {
  test(`every ${syntax} frame the encoder writes passes`, async () => {
    for (const name of recipes[syntax]!.variants) {
      const header = headerOf(name);
      checkEncodedFrame(header, recipes[syntax]!.uid, await encodedFrame(syntax, name));
    }
  });
}

for (const { syntax, variant, damage, apply } of damages) {
  test(`${syntax} ${variant}: ${damage} is refused`, async () => {
    const intact = await encodedFrame(syntax, variant);
    checkEncodedFrame(headerOf(variant), recipes[syntax]!.uid, intact);
    const damaged = apply(intact);
    assert.ok(!Buffer.from(damaged).equals(Buffer.from(intact)), 'the damage changed the frame');
    assert.throws(() => checkEncodedFrame(headerOf(variant), recipes[syntax]!.uid, damaged), DecodedImageCheckError);
  });
}

test('a frame whose codestream declares another size, another number of components or wider samples is refused', async () => {
  const frame = await encodedFrame('jpeg2000-lossless', 'mono2-u16');
  const uid = recipes['jpeg2000-lossless']!.uid;
  assert.throws(() => checkEncodedFrame({ ...headerOf('mono2-u16'), rows: 64 }, uid, frame), /128×128 image where the header says 128×64/);
  assert.throws(() => checkEncodedFrame({ ...headerOf('mono2-u16'), samplesPerPixel: 3 }, uid, frame), /1 component where the header says 3/);
  assert.throws(() => checkEncodedFrame({ ...headerOf('mono2-u16'), bitsAllocated: 8 }, uid, frame), /16-bit samples where the header allocates 8/);
  const rgb = await encodedFrame('rle', 'rgb');
  assert.throws(() => checkEncodedFrame(headerOf('mono2-u8'), recipes.rle!.uid, rgb), /3 segments where 1 sample of 8 bits need 1/);
});
