// Bulk data of explicit VR big endian instances (DCMTK's `dcmconv +tb`) answered in little endian, as PS3.18 wants
// it: the palette variant's Red/Green/Blue Palette Color Lookup Table Data (OW) and a 16-bit image's pixel data,
// compared over real HTTP with the same instance in explicit VR little endian; frames of the palette instance too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { tagOf } from '../../src/dicomweb/tags.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSeriesUid, variantSopInstanceUid, variantStudy, type ImageVariantName } from '../../src/sample-data/variants.js';
import { swapBytes, vrAtPath } from '../../src/server/dicom/byte-order.js';
import { openFileStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

type Dataset = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;
const lutKeywords = ['RedPaletteColorLookupTableData', 'GreenPaletteColorLookupTableData', 'BluePaletteColorLookupTableData'] as const;
const parserKey = (keyword: (typeof lutKeywords)[number] | 'PixelData') => `x${tagOf(keyword).toLowerCase()}`;

interface Pair {
  variant: ImageVariantName;
  /** Syntax name → the instance's series and SOP Instance UIDs. */
  uids: Record<'littleEndian' | 'bigEndian', { seriesInstanceUid: string; sopInstanceUid: string }>;
}

let server: ListeningServer;
/** The lookup tables written into the palette instance, as 16-bit numbers. */
let tables: Uint16Array[];
const palette: Pair = { variant: 'palette', uids: {} as Pair['uids'] };
const grey: Pair = { variant: 'mono2-u16', uids: {} as Pair['uids'] };

/**
 * Lookup tables whose entries have different high and low bytes: the variant's own (v·257, both bytes equal) would
 * read the same byte-swapped or not, and could not show a missing swap.
 */
function asymmetricTables(): Uint16Array[] {
  return [0, 1, 2].map((channel) => Uint16Array.from({ length: 256 }, (_, index) => (index << 8) | ((255 - index + channel * 40) & 0xff)));
}

/** The explicit VR little endian source of a variant under its own UIDs, with the palette's tables replaced. */
function sourceOf(variant: ImageVariantName, syntaxName: string): Uint8Array {
  const bytes = variantInstance(variantByName(variant), syntaxName, 70);
  if (variant !== 'palette') return bytes;
  const parsed = dicomParser.parseDicom(bytes);
  lutKeywords.forEach((keyword, channel) => {
    const element = parsed.elements[parserKey(keyword)]!;
    assert.equal(element.length, tables[channel]!.byteLength, `${keyword} holds 256 16-bit entries`);
    bytes.set(new Uint8Array(tables[channel]!.buffer), element.dataOffset);
  });
  return bytes;
}

async function writePair(dir: string, pair: Pair): Promise<string[]> {
  const files: string[] = [];
  for (const [key, syntaxName] of [['littleEndian', 'bulk explicit-le'], ['bigEndian', 'bulk big-endian']] as const) {
    const source = join(dir, `${pair.variant}-${key}-source.dcm`);
    await writeFile(source, sourceOf(pair.variant, syntaxName));
    let file = source;
    if (key === 'bigEndian') {
      file = join(dir, `${pair.variant}-${key}.dcm`);
      execFileSync('dcmconv', ['+tb', source, file]);
      assert.equal(dicomParser.readPart10Header(await readFile(file)).string('x00020010'), '1.2.840.10008.1.2.2');
    }
    files.push(file);
    pair.uids[key] = { seriesInstanceUid: variantSeriesUid(pair.variant, syntaxName), sopInstanceUid: variantSopInstanceUid(pair.variant, syntaxName) };
  }
  return files;
}

async function metadataOf(pair: Pair, key: keyof Pair['uids']): Promise<Dataset> {
  const { seriesInstanceUid, sopInstanceUid } = pair.uids[key];
  const [metadata] = (await server.client.retrieveInstanceMetadata({
    studyInstanceUID: variantStudy.studyInstanceUid,
    seriesInstanceUID: seriesInstanceUid,
    sopInstanceUID: sopInstanceUid,
  })) as Dataset[];
  return metadata!;
}

async function bulkData(pair: Pair, key: keyof Pair['uids'], keyword: (typeof lutKeywords)[number] | 'PixelData'): Promise<Uint8Array> {
  const uri = (await metadataOf(pair, key))[tagOf(keyword)]?.BulkDataURI;
  assert.ok(uri, `${pair.variant} ${key}: ${keyword} has a BulkDataURI`);
  const parts = await server.client.retrieveBulkData({ BulkDataURI: uri });
  assert.equal(parts.length, 1);
  return new Uint8Array(parts[0]!);
}

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-big-endian-bulk-data-test-'));
  tables = asymmetricTables();
  const files = [...(await writePair(dir, palette)), ...(await writePair(dir, grey))];
  const store = await openFileStore(join(dir, 'store'));
  for (const file of files) await store.ingest(await readFile(file));
  server = await startListeningServer({ store }, { dir });
});

after(() => server?.close());

describe('bulk data of big-endian instances', () => {
  test('Red, Green and Blue Palette Color Lookup Table Data come in little endian, as from the little-endian instance', async () => {
    for (const [channel, keyword] of lutKeywords.entries()) {
      const bigEndian = await bulkData(palette, 'bigEndian', keyword);
      const littleEndian = await bulkData(palette, 'littleEndian', keyword);
      assert.deepEqual(bigEndian, littleEndian, keyword);
      assert.deepEqual(new Uint16Array(bigEndian.slice().buffer), tables[channel], `${keyword}: the table written`);
    }
  });

  test('16-bit pixel data comes in little endian, as from the little-endian instance', async () => {
    assert.deepEqual(await bulkData(grey, 'bigEndian', 'PixelData'), await bulkData(grey, 'littleEndian', 'PixelData'));
  });

  test('frames of the big-endian palette instance are those of the little-endian one', async () => {
    const frames = async (key: keyof Pair['uids']) =>
      (
        await server.client.retrieveInstanceFrames({
          studyInstanceUID: variantStudy.studyInstanceUid,
          seriesInstanceUID: palette.uids[key].seriesInstanceUid,
          sopInstanceUID: palette.uids[key].sopInstanceUid,
          frameNumbers: [1],
        })
      ).map((frame) => new Uint8Array(frame));
    const [bigEndian] = await frames('bigEndian');
    const [littleEndian] = await frames('littleEndian');
    assert.ok(bigEndian && bigEndian.length > 0);
    assert.deepEqual(bigEndian, littleEndian);
  });
});

describe('byte swapping by VR', () => {
  test('swaps each number of the VR\'s size and leaves bytes alone', () => {
    const bytes = () => Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const swapped = (unit: 1 | 2 | 4 | 8) => {
      const buffer = bytes();
      swapBytes(buffer, unit);
      return [...buffer];
    };
    assert.deepEqual(swapped(1), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(swapped(2), [2, 1, 4, 3, 6, 5, 8, 7]);
    assert.deepEqual(swapped(4), [4, 3, 2, 1, 8, 7, 6, 5]);
    assert.deepEqual(swapped(8), [8, 7, 6, 5, 4, 3, 2, 1]);
  });

  test('finds the VR of an element by its bulk data path, inside sequences too', () => {
    const metadata = {
      '00281201': { vr: 'OW' },
      '00540016': { vr: 'SQ', Value: [{ '00181072': { vr: 'TM' } }, { '00189999': { vr: 'FD' } }] },
    };
    assert.equal(vrAtPath(metadata, '00281201'), 'OW');
    assert.equal(vrAtPath(metadata, '00540016/1/00189999'), 'FD');
    assert.equal(vrAtPath(metadata, '00540016/2/00189999'), undefined);
    assert.equal(vrAtPath(metadata, '7FE00010'), undefined);
  });
});
