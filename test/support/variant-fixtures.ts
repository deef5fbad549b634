// The variant test images transcoded by DCMTK and GDCM's real encoders into every transfer syntax the viewer
// must decode (Node side; reference-server.ts ingests them and tells the page what it holds).
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { tagOf } from '../../src/dicomweb/tags.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSeriesUid, variantStudy, type ImageVariantName } from '../../src/sample-data/variants.js';

export interface TransferSyntaxFixture {
  /** `variant/syntax`, e.g. `mono2-u16/jpeg-ls-lossless`. */
  name: string;
  variant: ImageVariantName;
  syntax: string;
  transferSyntaxUid: string;
  lossy: boolean;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** As the encoder wrote it: DCMTK gives lossy results a new SOP Instance UID. */
  sopInstanceUid: string;
  /**
   * Set for a series of two images from the same encoder, the first intact and the second (`imageIndex`) with its
   * codestream damaged as `damage` says: the viewer must refuse the second, never show the first in its place.
   */
  corruption?: { imageIndex: number; damage: string };
}

export interface SyntaxRecipe {
  uid: string;
  lossy: boolean;
  /** The encoder's command line from the source file to the output file, or an in-process encoder. */
  command: ((source: string, output: string) => [string, string[]]) | { encode: (source: Uint8Array) => Promise<Uint8Array> };
  variants: ImageVariantName[];
}

const dcmtk = (tool: string, ...options: string[]) => (source: string, output: string): [string, string[]] => [tool, [...options, source, output]];

/** FACTS.md lists these commands and their limits (JPEG baseline ≤ 8 bits, extended ≤ 12, near-lossless unsigned only). */
export const recipes: Record<string, SyntaxRecipe> = {
  'explicit-le': {
    uid: '1.2.840.10008.1.2.1',
    lossy: false,
    command: dcmtk('dcmconv', '+te'),
    variants: ['mono2-u16', 'mono2-s16', 'mono2-u12', 'mono2-u8', 'mono1-u8', 'rgb', 'rgb-u16', 'mono2-u32', 'modality-lut-u12', 'ybr-full', 'ybr-full-422', 'palette', 'multiframe-u16', 'windows-u16', 'sigmoid-u16'],
  },
  'implicit-le': { uid: '1.2.840.10008.1.2', lossy: false, command: dcmtk('dcmconv', '+ti'), variants: ['mono2-u16', 'rgb'] },
  'big-endian': { uid: '1.2.840.10008.1.2.2', lossy: false, command: dcmtk('dcmconv', '+tb'), variants: ['mono2-u16', 'mono2-s16'] },
  // The palette's lookup tables are bulk data inside the deflated dataset too.
  deflated: { uid: '1.2.840.10008.1.2.1.99', lossy: false, command: dcmtk('dcmconv', '+td'), variants: ['mono2-u16', 'rgb', 'palette', 'multiframe-u16'] },
  rle: { uid: '1.2.840.10008.1.2.5', lossy: false, command: dcmtk('dcmcrle'), variants: ['mono2-u16', 'mono2-s16', 'mono1-u8', 'rgb', 'rgb-u16', 'mono2-u32', 'ybr-full', 'multiframe-u16'] },
  'jpeg-baseline': { uid: '1.2.840.10008.1.2.4.50', lossy: true, command: dcmtk('dcmcjpeg', '+eb'), variants: ['mono2-u8', 'rgb'] },
  'jpeg-extended': { uid: '1.2.840.10008.1.2.4.51', lossy: true, command: dcmtk('dcmcjpeg', '+ee'), variants: ['mono2-u12'] },
  'jpeg-lossless': { uid: '1.2.840.10008.1.2.4.57', lossy: false, command: dcmtk('dcmcjpeg', '+el'), variants: ['mono2-u16', 'mono2-s16'] },
  'jpeg-lossless-sv1': { uid: '1.2.840.10008.1.2.4.70', lossy: false, command: dcmtk('dcmcjpeg', '+e1'), variants: ['mono2-u16', 'mono2-s16', 'rgb'] },
  'jpeg-ls-lossless': { uid: '1.2.840.10008.1.2.4.80', lossy: false, command: dcmtk('dcmcjpls', '+el'), variants: ['mono2-u16', 'mono2-s16', 'rgb', 'multiframe-u16', 'modality-lut-u12'] },
  'jpeg-ls-near-lossless': { uid: '1.2.840.10008.1.2.4.81', lossy: true, command: dcmtk('dcmcjpls', '+en', '+md', '2'), variants: ['mono2-u16'] },
  'jpeg2000-lossless': { uid: '1.2.840.10008.1.2.4.90', lossy: false, command: (s, o) => ['gdcmconv', ['--j2k', s, o]], variants: ['mono2-u16', 'mono2-s16', 'rgb'] },
  'jpeg2000-lossy': { uid: '1.2.840.10008.1.2.4.91', lossy: true, command: (s, o) => ['gdcmconv', ['--j2k', '--lossy', '-r', '10', s, o]], variants: ['mono2-u16'] },
  // No HTJ2K encoder in Debian 12: OpenJPH's own, from the WASM build Cornerstone decodes with (encoder included).
  'htj2k-lossless': {
    uid: '1.2.840.10008.1.2.4.201',
    lossy: false,
    command: { encode: (source) => encodeHtj2k(source, '1.2.840.10008.1.2.4.201', { lossless: true }) },
    variants: ['mono2-u16', 'mono2-s16', 'mono2-u8', 'rgb', 'multiframe-u16'],
  },
  // PS3.5 8.2.14's RPCL options: lossless, RPCL progression order, a TLM marker segment (tile-parts by resolution),
  // so that a reader can stop after any resolution.
  'htj2k-lossless-rpcl': {
    uid: '1.2.840.10008.1.2.4.202',
    lossy: false,
    command: { encode: (source) => encodeHtj2k(source, '1.2.840.10008.1.2.4.202', { lossless: true, rpcl: true }) },
    variants: ['mono2-u16', 'rgb'],
  },
  'htj2k-lossy': {
    uid: '1.2.840.10008.1.2.4.203',
    lossy: true,
    command: { encode: (source) => encodeHtj2k(source, '1.2.840.10008.1.2.4.203', { lossless: false, quantizationStep: 0.001 }) },
    variants: ['mono2-u16'],
  },
};

interface OpenJphCodec {
  HTJ2KEncoder: new () => {
    getDecodedBuffer(frameInfo: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
    setQuality(lossless: boolean, quantizationStep: number): void;
    /** 0 LRCP, 1 RLCP, 2 RPCL, 3 PCRL, 4 CPRL (OpenJPH's order, as HTJ2KDecoder.getProgressionOrder answers it). */
    setProgressionOrder(order: number): void;
    setTLMMarker(on: boolean): void;
    setTilePartDivisionsAtResolutions(on: boolean): void;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
    delete(): void;
  };
}

let openJph: Promise<OpenJphCodec> | undefined;

/** OpenJPH's WASM module (the package's Emscripten factory), loaded once. */
function loadOpenJph(): Promise<OpenJphCodec> {
  openJph ??= (async () => {
    const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjph') as (() => Promise<OpenJphCodec>) | { default: () => Promise<OpenJphCodec> };
    return typeof factory === 'function' ? factory() : factory.default();
  })();
  return openJph;
}

/** True when a codestream's main header has RPCL progression (COD's SGcod, ITU T.800 A.6.1) and a TLM segment. */
function hasRpclOptions(codestream: Uint8Array): boolean {
  const bytes = Buffer.from(codestream.buffer, codestream.byteOffset, codestream.byteLength);
  const mainHeaderEnd = bytes.indexOf(Buffer.from([0xff, 0x90])); // first SOT
  const cod = bytes.indexOf(Buffer.from([0xff, 0x52]));
  const tlm = bytes.indexOf(Buffer.from([0xff, 0x55]));
  const rpcl = 2;
  return cod >= 0 && cod < mainHeaderEnd && bytes[cod + 5] === rpcl && tlm >= 0 && tlm < mainHeaderEnd;
}

/** One explicit VR little endian data element (PS3.5 7.1.2). */
function explicitElement(tag: string, vr: string, value: Uint8Array): Uint8Array {
  const longForm = ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT'].includes(vr);
  const header = new DataView(new ArrayBuffer(longForm ? 12 : 8));
  header.setUint16(0, parseInt(tag.slice(1, 5), 16), true);
  header.setUint16(2, parseInt(tag.slice(5, 9), 16), true);
  header.setUint8(4, vr.charCodeAt(0));
  header.setUint8(5, vr.charCodeAt(1));
  if (longForm) header.setUint32(8, value.length, true);
  else header.setUint16(6, value.length, true);
  return Buffer.concat([new Uint8Array(header.buffer), value]);
}

/**
 * Re-encodes an explicit VR little endian file's frames with OpenJPH and writes them encapsulated (PS3.5 A.4: an
 * empty basic offset table, one fragment a frame) under `transferSyntaxUid`; the rest of the dataset is kept.
 */
async function encodeHtj2k(source: Uint8Array, transferSyntaxUid: string, quality: { lossless: boolean; quantizationStep?: number; rpcl?: boolean }): Promise<Uint8Array> {
  const codec = await loadOpenJph();
  const parsed = dicomParser.parseDicom(source);
  const pixelData = parsed.elements.x7fe00010!;
  const rows = parsed.uint16('x00280010')!;
  const columns = parsed.uint16('x00280011')!;
  const samplesPerPixel = parsed.uint16('x00280002') ?? 1;
  const bitsAllocated = parsed.uint16('x00280100')!;
  const bitsStored = parsed.uint16('x00280101')!;
  const signed = parsed.uint16('x00280103') === 1;
  const frames = Number(parsed.string('x00280008') ?? 1);
  const frameBytes = (rows * columns * samplesPerPixel * bitsAllocated) / 8;

  const fragments: Uint8Array[] = [];
  for (let frame = 0; frame < frames; frame++) {
    const encoder = new codec.HTJ2KEncoder();
    try {
      const input = encoder.getDecodedBuffer({ width: columns, height: rows, bitsPerSample: bitsStored, componentCount: samplesPerPixel, isSigned: signed, isUsingColorTransform: false });
      input.set(source.subarray(pixelData.dataOffset + frame * frameBytes, pixelData.dataOffset + (frame + 1) * frameBytes));
      encoder.setQuality(quality.lossless, quality.quantizationStep ?? 0);
      if (quality.rpcl) {
        encoder.setProgressionOrder(2);
        encoder.setTLMMarker(true);
        encoder.setTilePartDivisionsAtResolutions(true);
      }
      encoder.encode();
      const encoded = encoder.getEncodedBuffer();
      if (quality.rpcl && !hasRpclOptions(encoded)) throw new Error('OpenJPH wrote no RPCL progression or no TLM marker segment');
      const fragment = new Uint8Array(encoded.length + (encoded.length % 2));
      fragment.set(encoded);
      fragments.push(fragment);
    } finally {
      encoder.delete();
    }
  }

  const item = (bytes: Uint8Array) => {
    const header = new DataView(new ArrayBuffer(8));
    header.setUint32(0, 0xe000fffe, true);
    header.setUint32(4, bytes.length, true);
    return Buffer.concat([new Uint8Array(header.buffer), bytes]);
  };
  const pixelHeader = new DataView(new ArrayBuffer(12));
  pixelHeader.setUint32(0, 0x00107fe0, true);
  pixelHeader.setUint8(4, 0x4f); // OB
  pixelHeader.setUint8(5, 0x42);
  pixelHeader.setUint32(8, 0xffffffff, true);
  const delimiter = new DataView(new ArrayBuffer(8));
  delimiter.setUint32(0, 0xe0ddfffe, true);

  // The file meta information again, with the new transfer syntax and group length.
  const metaElements: Uint8Array[] = [];
  let metaEnd = 132;
  for (const [tag, element] of Object.entries(parsed.elements)) {
    if (!tag.startsWith('x0002')) continue;
    metaEnd = Math.max(metaEnd, element.dataOffset + element.length);
    if (tag === 'x00020000') continue;
    let value = source.subarray(element.dataOffset, element.dataOffset + element.length);
    if (tag === 'x00020010') value = Buffer.from(transferSyntaxUid.length % 2 ? `${transferSyntaxUid}\0` : transferSyntaxUid, 'latin1');
    metaElements.push(explicitElement(tag, element.vr!, value));
  }
  const metaBody = Buffer.concat(metaElements);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaBody.length, true);
  const headerEnd = pixelData.dataOffset - 12; // explicit VR OB/OW: tag, VR, reserved, 32-bit length
  const lossyMarks = quality.lossless ? [] : [explicitElement('x00282110', 'CS', Buffer.from('01'))];
  if (!quality.lossless && parsed.elements.x00282110) throw new Error('the source already says LossyImageCompression');
  const dataset = source.subarray(metaEnd, headerEnd);
  // (0028,2110) sorts after every (0028,xxxx) the source has below it and before (7FE0,0010): insert it in order.
  const [before, after] = lossyMarks.length ? splitBefore(dataset, parsed, metaEnd, 'x00282110') : [dataset, new Uint8Array()];
  return Buffer.concat([
    source.subarray(0, 132),
    explicitElement('x00020000', 'UL', groupLength),
    metaBody,
    before,
    ...lossyMarks,
    after,
    new Uint8Array(pixelHeader.buffer),
    item(new Uint8Array()),
    ...fragments.map(item),
    new Uint8Array(delimiter.buffer),
  ]);
}

/** Splits the dataset bytes (starting at `start` in the file) before the first top-level element whose tag sorts after `tag`. */
function splitBefore(dataset: Uint8Array, parsed: dicomParser.DataSet, start: number, tag: string): [Uint8Array, Uint8Array] {
  let at = dataset.length;
  for (const [key, element] of Object.entries(parsed.elements)) {
    if (key.startsWith('x0002') || key <= tag) continue;
    const headerLength = ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT'].includes(element.vr ?? '') ? 12 : 8;
    at = Math.min(at, element.dataOffset - headerLength - start);
  }
  return [dataset.subarray(0, at), dataset.subarray(at)];
}

/** How one codec's frame is damaged: what it does, and the new frame from the encoder's. */
export interface Damage {
  syntax: string;
  variant: ImageVariantName;
  damage: string;
  apply: (frame: Uint8Array) => Uint8Array;
}

function indexOfMarker(frame: Uint8Array, marker: number): number {
  const at = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).indexOf(Buffer.from([marker >> 8, marker & 0xff]));
  if (at < 0) throw new Error(`the encoder wrote no 0x${marker.toString(16)} marker`);
  return at;
}

/** The frame with its JPEG (or JPEG-LS) frame header saying 64 × 256: as many samples as 128 × 128, in another shape. */
function reshapedJpeg(frameHeader: number) {
  return (frame: Uint8Array) => {
    const copy = frame.slice();
    const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
    const at = indexOfMarker(copy, frameHeader);
    view.setUint16(at + 5, 256);
    view.setUint16(at + 7, 64);
    return copy;
  };
}

/** One damaged frame a codec: the shapes archives hold (a codestream cut short, a header garbled, a size that lies). */
export const damages: Damage[] = [
  {
    syntax: 'jpeg2000-lossless',
    variant: 'mono2-u16',
    damage: 'COD garbled after SIZ (OpenJPEG fails reading the main header)',
    apply: (frame) => {
      const copy = frame.slice();
      const cod = indexOfMarker(copy, 0xff52);
      copy.fill(0, cod + 4, cod + 12);
      return copy;
    },
  },
  {
    syntax: 'jpeg2000-lossless',
    variant: 'mono2-s16',
    damage: 'codestream cut short in its tile data',
    apply: (frame) => frame.slice(0, Math.floor(frame.length / 4) * 2),
  },
  {
    syntax: 'htj2k-lossless',
    variant: 'mono2-u16',
    damage: 'SIZ says 64 × 256',
    apply: (frame) => {
      const copy = frame.slice();
      const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
      const siz = indexOfMarker(copy, 0xff51);
      view.setUint32(siz + 6, 64);
      view.setUint32(siz + 10, 256);
      return copy;
    },
  },
  { syntax: 'jpeg-ls-lossless', variant: 'mono2-u16', damage: 'SOF55 says 64 × 256', apply: reshapedJpeg(0xfff7) },
  { syntax: 'jpeg-ls-lossless', variant: 'mono2-s16', damage: 'scan cut short', apply: (frame) => frame.slice(0, Math.floor(frame.length / 4) * 2) },
  { syntax: 'jpeg-lossless-sv1', variant: 'mono2-u16', damage: 'SOF3 says 64 × 256', apply: reshapedJpeg(0xffc3) },
  { syntax: 'jpeg-baseline', variant: 'mono2-u8', damage: 'SOF0 says 64 × 256', apply: reshapedJpeg(0xffc0) },
  {
    syntax: 'rle',
    variant: 'mono2-u16',
    damage: 'the RLE header points both segments at the first',
    apply: (frame) => {
      const copy = frame.slice();
      const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
      view.setUint32(8, view.getUint32(4, true), true);
      return copy;
    },
  },
];

/** The first fragment of an encapsulated file's pixel data: a frame, for the single-frame files made here. */
export function firstFragment(file: Uint8Array): Uint8Array {
  const fragment = dicomParser.parseDicom(file).elements.x7fe00010!.fragments![0]!;
  // A plain Uint8Array of its own: a Buffer's slice() shares memory, which the damages below must not write through.
  return new Uint8Array(file.subarray(fragment.position, fragment.position + fragment.length));
}

/** Replaces the first fragment of an encapsulated file's pixel data (PS3.5 A.4: item tag, length, bytes). */
function withFirstFragment(file: Uint8Array, replace: (fragment: Uint8Array) => Uint8Array): Uint8Array {
  const fragment = dicomParser.parseDicom(file).elements.x7fe00010!.fragments![0]!;
  let replaced = replace(firstFragment(file));
  if (replaced.length % 2) replaced = Buffer.concat([replaced, new Uint8Array(1)]);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, replaced.length, true);
  return Buffer.concat([file.subarray(0, fragment.position - 4), length, replaced, file.subarray(fragment.position + fragment.length)]);
}

/** Encodes `source` into `output` by the recipe, and checks that the encoder wrote its transfer syntax. */
export async function encode(recipe: SyntaxRecipe, source: string, output: string): Promise<Buffer> {
  if (typeof recipe.command === 'function') {
    const [tool, args] = recipe.command(source, output);
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } else {
    await writeFile(output, await recipe.command.encode(new Uint8Array(await readFile(source))));
  }
  // A Buffer: dicom-parser inflates a deflated dataset only from one.
  const written = await readFile(output);
  if (!written.includes(Buffer.from(recipe.uid))) throw new Error(`the encoder did not write ${recipe.uid} to ${output}`);
  return written;
}

const sopInstanceUidKey = `x${tagOf('SOPInstanceUID').toLowerCase()}`;

/** Where writeVariantFixtures puts a fixture's file, and the explicit VR little endian file it was made from. */
export function variantFixtureFiles(dir: string, fixture: Pick<TransferSyntaxFixture, 'variant' | 'syntax'>): { file: string; source: string } {
  return { file: join(dir, `${fixture.variant}-${fixture.syntax}.dcm`), source: join(dir, `${fixture.variant}-${fixture.syntax}-source.dcm`) };
}

/** Writes every variant in every syntax its recipe lists under `dir`; resolves to the files and what the page is told. */
export async function writeVariantFixtures(dir: string): Promise<{ files: string[]; fixtures: TransferSyntaxFixture[] }> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const fixtures: TransferSyntaxFixture[] = [];
  let seriesNumber = 0;
  for (const [syntax, recipe] of Object.entries(recipes)) {
    for (const variantName of recipe.variants) {
      seriesNumber += 1;
      const { source, file: output } = variantFixtureFiles(dir, { variant: variantName, syntax });
      await writeFile(source, variantInstance(variantByName(variantName), syntax, seriesNumber));
      const written = await encode(recipe, source, output);
      files.push(output);
      fixtures.push({
        name: `${variantName}/${syntax}`,
        variant: variantName,
        syntax,
        transferSyntaxUid: recipe.uid,
        lossy: recipe.lossy,
        studyInstanceUid: variantStudy.studyInstanceUid,
        seriesInstanceUid: variantSeriesUid(variantName, syntax),
        sopInstanceUid: dicomParser.parseDicom(written, { untilTag: sopInstanceUidKey }).string(sopInstanceUidKey)!,
      });
    }
  }
  for (const { syntax, variant: variantName, damage, apply } of damages) {
    const recipe = recipes[syntax]!;
    seriesNumber += 1;
    // Two images of one series, both from the encoder; the second is damaged afterwards.
    const seriesName = `${syntax}-damaged`;
    const images: Uint8Array[] = [];
    for (const instanceNumber of [1, 2]) {
      const { source, file: output } = variantFixtureFiles(dir, { variant: variantName, syntax: `${seriesName}-${instanceNumber}` });
      await writeFile(source, variantInstance(variantByName(variantName), seriesName, seriesNumber, instanceNumber));
      const encoded = await encode(recipe, source, output);
      images.push(instanceNumber === 2 ? withFirstFragment(encoded, apply) : encoded);
      if (instanceNumber === 2) await writeFile(output, images[1]!);
      files.push(output);
    }
    fixtures.push({
      name: `${variantName}/${seriesName}`,
      variant: variantName,
      syntax: seriesName,
      transferSyntaxUid: recipe.uid,
      lossy: recipe.lossy,
      studyInstanceUid: variantStudy.studyInstanceUid,
      seriesInstanceUid: variantSeriesUid(variantName, seriesName),
      sopInstanceUid: dicomParser.parseDicom(images[1]!, { untilTag: sopInstanceUidKey }).string(sopInstanceUidKey)!,
      corruption: { imageIndex: 1, damage },
    });
  }
  return { files, fixtures };
}
