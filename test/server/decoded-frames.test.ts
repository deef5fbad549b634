// Compressed frames asked for uncompressed (PS3.18 8.7.3: explicit VR little endian is the default), rendered images
// of every stored syntax, deflated instances and native YBR_FULL_422, over real HTTP: the variant images transcoded
// by DCMTK, GDCM and OpenJPH, checked against the explicit VR little endian files they were made from.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseMultipart } from '@remix-run/multipart-parser/node';
import dicomParser from 'dicom-parser';
import sharp from 'sharp';
import { tagOf } from '../../src/dicomweb/tags.js';
import {
  variantByName,
  variantModalityValueAt,
  variantRegionAt,
  variantRegions,
  variantRgbAt,
  variantSize,
  type ImageVariant,
} from '../../src/sample-data/variants.js';
import { isEncapsulatedSyntax as isEncapsulated, transferSyntaxUids as transferSyntaxes } from '../../src/dicom/transfer-syntax.js';
import { windowed } from '../../src/server/imaging/render-frame.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import type { DicomwebClient } from '../support/dicomweb-client.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { variantFixtureFiles, writeVariantFixtures, type TransferSyntaxFixture } from '../support/variant-fixtures.js';
import { sameLengthUid, withUid } from './stow-helpers.js';

type Dataset = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;

const explicitLittleEndian = transferSyntaxes.explicitVrLittleEndian;
const uncompressed = [{ mediaType: 'application/octet-stream', transferSyntaxUID: explicitLittleEndian }];

let dir: string;
let fixturesDir: string;
let store: DicomStore;
let server: ListeningServer | undefined;
let root: string;
let client: DicomwebClient;
let fixtures: TransferSyntaxFixture[];

const byName = (name: string) => fixtures.find((fixture) => fixture.name === name)!;
const sopOf = (fixture: TransferSyntaxFixture) => fixture.sopInstanceUid;
const target = (fixture: TransferSyntaxFixture) => ({
  studyInstanceUID: fixture.studyInstanceUid,
  seriesInstanceUID: fixture.seriesInstanceUid,
  sopInstanceUID: sopOf(fixture),
});
const instanceUrl = (fixture: TransferSyntaxFixture) => `${root}/studies/${fixture.studyInstanceUid}/series/${fixture.seriesInstanceUid}/instances/${sopOf(fixture)}`;
const frameList = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
/** dicom-parser's key of an element. */
const parserKey = (keyword: 'PixelData' | 'RedPaletteColorLookupTableData') => `x${tagOf(keyword).toLowerCase()}`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-decoded-frames-test-'));
  fixturesDir = join(dir, 'variants');
  // The damaged-codestream series are the viewer's (viewport-decode-check.test.ts): the frames here decode.
  fixtures = (await writeVariantFixtures(fixturesDir)).fixtures.filter((fixture) => !fixture.corruption);
  store = await openFileStore(join(dir, 'store'));
  // Deflated files arrive by STOW-RS in their own test; the rest are imported here.
  for (const fixture of fixtures) {
    if (fixture.transferSyntaxUid !== transferSyntaxes.deflatedExplicitVrLittleEndian) await store.ingest(await readFile(variantFixtureFiles(fixturesDir, fixture).file));
  }
  server = await startListeningServer({ store }, { dir });
  ({ root, client } = server);
});

after(() => (server ? server.close() : rm(dir, { recursive: true, force: true })));

/** The native pixel bytes of the explicit VR little endian file a fixture was made from, one buffer a frame. */
async function sourceFrames(fixture: TransferSyntaxFixture): Promise<Buffer[]> {
  const bytes = await readFile(variantFixtureFiles(fixturesDir, fixture).source);
  const pixelData = dicomParser.parseDicom(bytes).elements[parserKey('PixelData')]!;
  const variant = variantByName(fixture.variant);
  const frameLength = pixelData.length / variant.frames;
  return frameList(variant.frames).map((frame) => bytes.subarray(pixelData.dataOffset + (frame - 1) * frameLength, pixelData.dataOffset + frame * frameLength));
}

/** Every part of a multipart/related response: its headers and bytes. */
async function partsOf(response: Response): Promise<Array<{ type: string; bytes: Buffer }>> {
  assert.equal(response.status, 200, `${response.url}: ${response.status} ${response.headers.get('warning')}`);
  const boundary = /boundary="?([^";]+)"?/.exec(response.headers.get('content-type') ?? '')![1]!;
  const body = Buffer.from(await response.arrayBuffer());
  return [...parseMultipart(body, { boundary, maxFileSize: 1 << 30 })].map((part) => ({ type: part.headers['content-type'] ?? '', bytes: Buffer.from(part.bytes) }));
}

/** Pixels at least 8 pixels from any other region (a JPEG block or a wavelet's reach): where lossy coding of flat regions is checked. */
const interior: Uint8Array = (() => {
  const mask = new Uint8Array(variantSize * variantSize);
  for (let y = 0; y < variantSize; y++) {
    for (let x = 0; x < variantSize; x++) {
      const region = variantRegionAt(x, y);
      const corners = [[-8, -8], [8, -8], [-8, 8], [8, 8]].map(([dx, dy]) => [Math.min(variantSize - 1, Math.max(0, x + dx!)), Math.min(variantSize - 1, Math.max(0, y + dy!))]);
      // Regions are 48-pixel squares, larger than the 17-pixel box: one crossing the box covers one of its corners.
      mask[y * variantSize + x] = corners.every(([cx, cy]) => variantRegionAt(cx!, cy!) === region) ? 1 : 0;
    }
  }
  return mask;
})();

/**
 * How far decoded samples of a lossy fixture may be from the source's, in stored values: the errors each encoder
 * made on the flat regions here (measured: JPEG baseline 0 grey, 3 colour; extended 0; JPEG 2000 0; HTJ2K 24), with
 * margin. JPEG-LS near-lossless bounds every sample's error by its NEAR parameter (2, set by the fixture's
 * dcmcjpls +md 2), edges included.
 */
const lossyTolerance: Record<string, { interior: number; everywhere?: number }> = {
  'jpeg-baseline': { interior: 6 },
  'jpeg-extended': { interior: 4 },
  'jpeg-ls-near-lossless': { interior: 2, everywhere: 2 },
  'jpeg2000-lossy': { interior: 16 },
  'htj2k-lossy': { interior: 48 },
};

/** The largest difference between two frames' samples (little-endian words of the variant's size), everywhere and inside regions. */
function sampleDifferences(variant: ImageVariant, decoded: Buffer, source: Buffer): { everywhere: number; interior: number } {
  const wide = variant.bitsAllocated === 16;
  const signed = variant.pixelRepresentation === 1;
  const read = (bytes: Buffer, index: number) => (wide ? (signed ? bytes.readInt16LE(index * 2) : bytes.readUInt16LE(index * 2)) : bytes[index]!);
  const samplesPerPixel = source.length / (wide ? 2 : 1) / (variantSize * variantSize);
  let everywhere = 0;
  let inside = 0;
  for (let index = 0; index < source.length / (wide ? 2 : 1); index++) {
    const difference = Math.abs(read(decoded, index) - read(source, index));
    everywhere = Math.max(everywhere, difference);
    if (interior[Math.floor(index / samplesPerPixel)]) inside = Math.max(inside, difference);
  }
  return { everywhere, interior: inside };
}

describe('compressed frames asked for uncompressed', () => {
  test('every compressed fixture decodes to native little endian: lossless ones byte for byte, lossy ones within their tolerance', async (t) => {
    const compressed = fixtures.filter((fixture) => isEncapsulated(fixture.transferSyntaxUid));
    assert.ok(compressed.length >= 30, `${compressed.length} compressed fixtures`);
    for (const fixture of compressed) {
      const variant = variantByName(fixture.variant);
      const frames = await client.retrieveInstanceFrames({ ...target(fixture), frameNumbers: frameList(variant.frames), mediaTypes: uncompressed });
      const sources = await sourceFrames(fixture);
      assert.equal(frames.length, sources.length, fixture.name);
      for (const [index, frame] of frames.entries()) {
        const decoded = Buffer.from(frame);
        assert.equal(decoded.length, sources[index]!.length, `${fixture.name} frame ${index + 1}: length`);
        if (!fixture.lossy) {
          assert.ok(decoded.equals(sources[index]!), `${fixture.name} frame ${index + 1}: not the source's pixel bytes`);
          continue;
        }
        const tolerance = lossyTolerance[fixture.syntax];
        assert.ok(tolerance, `no tolerance stated for ${fixture.syntax}`);
        const { everywhere, interior: inside } = sampleDifferences(variant, decoded, sources[index]!);
        t.diagnostic(`${fixture.name}: largest difference ${inside} inside regions, ${everywhere} anywhere`);
        assert.ok(inside <= tolerance.interior, `${fixture.name}: ${inside} inside regions, more than ${tolerance.interior}`);
        if (tolerance.everywhere !== undefined) assert.ok(everywhere <= tolerance.everywhere, `${fixture.name}: ${everywhere} at some pixel, more than ${tolerance.everywhere}`);
      }
    }
  });

  test('no Accept header means explicit VR little endian: lossy JPEG colour comes as RGB, and a Warning says so', async () => {
    const fixture = byName('rgb/jpeg-baseline');
    const response = await fetch(`${instanceUrl(fixture)}/frames/1`);
    assert.match(response.headers.get('content-type')!, /^multipart\/related; type="application\/octet-stream"; boundary=/);
    assert.match(response.headers.get('warning') ?? '', /decoded from 1\.2\.840\.10008\.1\.2\.4\.50 to RGB .*PhotometricInterpretation YBR_FULL_422 describes the stored/);
    const [part] = await partsOf(response);
    assert.equal(part!.type, `application/octet-stream; transfer-syntax=${explicitLittleEndian}`);
    assert.equal(part!.bytes.length, variantSize * variantSize * 3, 'three full samples a pixel: chroma upsampled');
    const variant = variantByName(fixture.variant);
    for (const region of variantRegions) {
      const [x, y] = region.centre;
      const rgb = [...part!.bytes.subarray((y * variantSize + x) * 3, (y * variantSize + x) * 3 + 3)];
      variantRgbAt(variant, x, y).forEach((expected, channel) => assert.ok(Math.abs(rgb[channel]! - expected) <= lossyTolerance['jpeg-baseline']!.interior, `${region.name}: ${rgb} for ${variantRgbAt(variant, x, y)}`));
    }
    // Lossless colour keeps its Photometric Interpretation: no Warning.
    const lossless = await fetch(`${instanceUrl(byName('rgb/jpeg-ls-lossless'))}/frames/1`);
    assert.equal(lossless.headers.get('warning'), null);
    await lossless.arrayBuffer();
  });

  test('bulk data of encapsulated pixel data, asked for uncompressed, is each frame decoded', async () => {
    const fixture = byName('multiframe-u16/jpeg-ls-lossless');
    const [metadata] = (await client.retrieveInstanceMetadata(target(fixture))) as Dataset[];
    const response = await fetch(metadata![tagOf('PixelData')]!.BulkDataURI!, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
    const parts = await partsOf(response);
    const sources = await sourceFrames(fixture);
    assert.equal(parts.length, sources.length);
    parts.forEach((part, index) => assert.ok(part.bytes.equals(sources[index]!), `frame ${index + 1}`));
  });

  test('406 with the reason: a syntax with no decoder here; another compressed syntax than the stored one', async () => {
    // GDCM's JPEG 2000 relabelled as Part 2 (1.2.840.10008.1.2.4.92): a syntax this server does not decode.
    const source = byName('mono2-u16/jpeg2000-lossless');
    const sop = sopOf(source);
    const part2Sop = sameLengthUid(sop, 92);
    const part2 = withUid(withUid(await readFile(variantFixtureFiles(fixturesDir, source).file), sop, part2Sop), '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.92');
    assert.equal((await store.ingest(part2)).status, 'stored');
    const url = `${root}/studies/${source.studyInstanceUid}/series/${source.seriesInstanceUid}/instances/${part2Sop}/frames/1`;
    const refused = await fetch(url, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
    assert.equal(refused.status, 406);
    assert.match(((await refused.json()) as { message: string }).message, /cannot decode 1\.2\.840\.10008\.1\.2\.4\.92 .*so it cannot send them uncompressed/);
    const asStored = await fetch(url, { headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } });
    assert.match((await partsOf(asStored))[0]!.type, /^image\/jpx; transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.92$/);

    const jpegLs = await fetch(`${instanceUrl(byName('mono2-u16/jpeg-ls-lossless'))}/frames/1`, { headers: { Accept: 'multipart/related; type="image/jp2"' } });
    assert.equal(jpegLs.status, 406);
    assert.match(((await jpegLs.json()) as { message: string }).message, /transcoding into another compressed syntax is not implemented/);
  });

  test('HTJ2K with RPCL options goes as stored under its own syntax, or decoded', async () => {
    const fixture = byName('rgb/htj2k-lossless-rpcl');
    const [part] = await partsOf(await fetch(`${instanceUrl(fixture)}/frames/1`, { headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } }));
    assert.equal(part!.type, 'image/jphc; transfer-syntax=1.2.840.10008.1.2.4.202');
    const [decoded] = await partsOf(await fetch(`${instanceUrl(fixture)}/frames/1`));
    assert.ok(decoded!.bytes.equals((await sourceFrames(fixture))[0]!));
  });
});

describe('rendered images of every stored syntax', () => {
  /** The grey a region's centre shows: the header's first window (PS3.3 C.11.2.1.2), MONOCHROME1 inverted. */
  function expectedGrey(variant: ImageVariant, x: number, y: number): number {
    const window = variant.windows[0]!;
    const grey = windowed(variantModalityValueAt(variant, x, y), window.center, window.width, variant.voiLutFunction ?? 'LINEAR');
    return variant.photometricInterpretation === 'MONOCHROME1' ? 255 - grey : grey;
  }

  test('region centres show the phantom values: JPEG 2000, HTJ2K, JPEG and every other syntax alike', async (t) => {
    // The server renders PALETTE COLOR indices as grey and ignores a Modality LUT Sequence (no lookup table of
    // either kind is applied; README lists both): left out here. Deflated instances are stored by their own test,
    // which checks that they render as their explicit VR originals.
    const renderable = fixtures.filter(
      (fixture) =>
        variantByName(fixture.variant).photometricInterpretation !== 'PALETTE COLOR' &&
        fixture.variant !== 'modality-lut-u12' &&
        fixture.transferSyntaxUid !== transferSyntaxes.deflatedExplicitVrLittleEndian,
    );
    for (const fixture of renderable) {
      const variant = variantByName(fixture.variant);
      const response = await fetch(`${instanceUrl(fixture)}/rendered`, { headers: { Accept: 'image/png' } });
      assert.equal(response.status, 200, `${fixture.name}: ${response.status} ${response.headers.get('warning')}`);
      const { data, info } = await sharp(Buffer.from(await response.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.width, info.height], [variantSize, variantSize], fixture.name);
      const colour = variant.windows.length === 0;
      // Lossless: the rounding of one 8-bit step (and of YBR to RGB); lossy: the stored tolerance through the window.
      let largest = 0;
      for (const region of variantRegions) {
        const [x, y] = region.centre;
        const at = (y * variantSize + x) * info.channels;
        // Colour of more than 8 bits a sample is shown scaled to 8 bits (the rgb-u16 variant's values are multiples of 257).
        const toEightBits = (value: number) => (variant.bitsStored > 8 ? Math.round((value * 255) / (2 ** variant.bitsStored - 1)) : value);
        const expected = colour ? variantRgbAt(variant, x, y).map(toEightBits) : [expectedGrey(variant, x, y)];
        expected.forEach((value, channel) => (largest = Math.max(largest, Math.abs(data[at + channel]! - value))));
      }
      const allowed = fixture.lossy ? 4 : colour && variant.photometricInterpretation !== 'RGB' ? 3 : 1;
      if (fixture.lossy) t.diagnostic(`${fixture.name}: rendered centres within ${largest} grey levels`);
      assert.ok(largest <= allowed, `${fixture.name}: a region centre is ${largest} off (allowed ${allowed})`);
    }
  });
});

describe('deflated explicit VR little endian', () => {
  const deflatedFixtures = () => fixtures.filter((fixture) => fixture.transferSyntaxUid === transferSyntaxes.deflatedExplicitVrLittleEndian);
  /** Metadata as comparable between a variant's deflated and explicit VR instances: what names the instance left out. */
  const comparable = (dataset: Dataset) => {
    const copy: Dataset = JSON.parse(JSON.stringify(dataset));
    for (const keyword of ['SOPInstanceUID', 'SeriesInstanceUID', 'SeriesDescription', 'SeriesNumber', 'AvailableTransferSyntaxUID'] as const) delete copy[tagOf(keyword)];
    for (const element of Object.values(copy)) if (element.BulkDataURI) element.BulkDataURI = element.BulkDataURI.replace(/.*\/bulkdata\//, '');
    return copy;
  };

  test('STOW-RS stores the file as sent: retrieve answers the same bytes, metadata is the explicit VR original\'s', async () => {
    const files = await Promise.all(deflatedFixtures().map(async (fixture) => readFile(variantFixtureFiles(fixturesDir, fixture).file)));
    assert.equal(files.length, 4);
    await client.storeInstances({ datasets: files.map((file) => file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer) });
    for (const [index, fixture] of deflatedFixtures().entries()) {
      assert.ok(Buffer.from(await client.retrieveInstance(target(fixture))).equals(files[index]!), `${fixture.name}: retrieve`);
      const [metadata] = (await client.retrieveInstanceMetadata(target(fixture))) as Dataset[];
      assert.deepEqual(metadata![tagOf('AvailableTransferSyntaxUID')]?.Value, [transferSyntaxes.deflatedExplicitVrLittleEndian]);
      const [original] = (await client.retrieveInstanceMetadata(target(byName(`${fixture.variant}/explicit-le`)))) as Dataset[];
      assert.deepEqual(comparable(metadata!), comparable(original!), `${fixture.name}: metadata`);
    }
  });

  test('frames, bulk data and rendered images are those of the native values, read from the inflated copy', async () => {
    for (const fixture of deflatedFixtures()) {
      const variant = variantByName(fixture.variant);
      const sources = await sourceFrames(fixture);
      const png = async (of: TransferSyntaxFixture) => Buffer.from(await (await fetch(`${instanceUrl(of)}/rendered`, { headers: { Accept: 'image/png' } })).arrayBuffer());
      assert.ok((await png(fixture)).equals(await png(byName(`${fixture.variant}/explicit-le`))), `${fixture.name}: rendered`);
      for (const accept of [uncompressed, [{ mediaType: 'application/octet-stream', transferSyntaxUID: '*' }]]) {
        const frames = await client.retrieveInstanceFrames({ ...target(fixture), frameNumbers: frameList(variant.frames).reverse(), mediaTypes: accept });
        frames.reverse().forEach((frame, index) => assert.ok(Buffer.from(frame).equals(sources[index]!), `${fixture.name} frame ${index + 1} (${accept[0]!.transferSyntaxUID})`));
      }
    }
    // The palette's lookup table data: bulk data inside the deflated dataset.
    const palette = byName('palette/deflated');
    const [metadata] = (await client.retrieveInstanceMetadata(target(palette))) as Dataset[];
    const [lut] = await client.retrieveBulkData({ BulkDataURI: metadata![tagOf('RedPaletteColorLookupTableData')]!.BulkDataURI! });
    const sourceBytes = await readFile(variantFixtureFiles(fixturesDir, palette).source);
    const source = dicomParser.parseDicom(sourceBytes).elements[parserKey('RedPaletteColorLookupTableData')]!;
    assert.ok(Buffer.from(lut!).equals(sourceBytes.subarray(source.dataOffset, source.dataOffset + source.length)));
  });

  test('DELETE removes the file and its inflated copy', async () => {
    const fixture = byName('mono2-u16/deflated');
    const blobsOf = async () => (await readdir(join(dir, 'store', 'blobs'), { recursive: true })).filter((name) => String(name).includes(sopOf(fixture)));
    assert.equal((await blobsOf()).length, 2, 'the file and its inflated copy');
    assert.equal((await fetch(instanceUrl(fixture), { method: 'DELETE' })).status, 204);
    assert.deepEqual(await blobsOf(), []);
  });
});

describe('native YBR_FULL_422', () => {
  test('stored; its frames are the two bytes a pixel as stored; it renders as RGB', async () => {
    const fixture = byName('ybr-full-422/explicit-le');
    const [frame] = await client.retrieveInstanceFrames({ ...target(fixture), frameNumbers: [1], mediaTypes: uncompressed });
    assert.equal(frame!.byteLength, variantSize * variantSize * 2);
    assert.ok(Buffer.from(frame!).equals((await sourceFrames(fixture))[0]!));
    const png = await (await fetch(`${instanceUrl(fixture)}/rendered`, { headers: { Accept: 'image/png' } })).arrayBuffer();
    const { data, info } = await sharp(Buffer.from(png)).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.channels, 3);
    const variant = variantByName(fixture.variant);
    for (const region of variantRegions) {
      const [x, y] = region.centre;
      const rgb = [...data.subarray((y * variantSize + x) * 3, (y * variantSize + x) * 3 + 3)];
      // YBR is 8-bit rounded twice (the generator's RGB→YBR, the renderer's YBR→RGB).
      variantRgbAt(variant, x, y).forEach((expected, channel) => assert.ok(Math.abs(rgb[channel]! - expected) <= 3, `${region.name}: ${rgb} for ${variantRgbAt(variant, x, y)}`));
    }
  });

});
