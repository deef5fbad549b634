// Reading one DICOM Part 10 file: what the index needs (UIDs, query attributes, frame byte ranges) and its
// DICOM JSON metadata (PS3.18 F.2) with bulk data replaced by BulkDataURIs.
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import type { DicomJsonDataset, DicomJsonElement, PersonNameValue } from '../../dicomweb/dicom-json.js';
import { numberOf } from '../../dicomweb/dicom-json.js';
import { tagOf, type TagKeyword } from '../../dicom/tags.js';
import { dictionaryTagOf, dictionaryVrOf } from './dictionary.js';
import { nativeFrameBits, pixelLayoutOf } from './pixel-layout.js';
import { isEncapsulatedSyntax, transferSyntaxUids } from '../../dicom/transfer-syntax.js';
import { defaultLimits, type ServerLimits } from '../limits.js';
import { checkStructureLimits, StructureLimitError } from './structure-limits.js';

export type DicomParseErrorCode =
  | 'not-dicom'
  | 'not-an-instance'
  | 'truncated'
  | 'malformed'
  | 'missing-uid'
  | 'unsupported-transfer-syntax'
  /** Within the format, but beyond what this server agrees to hold or work on (see limits.ts). */
  | 'limit-exceeded';

/** The limits parsing applies (see limits.ts). */
export type ParseLimits = Pick<ServerLimits, 'maxInflatedBytes' | 'maxInflateRatio' | 'maxFrameBytes' | 'maxPixelBytes' | 'maxSequenceDepth' | 'maxItems'>;

/** Why a buffer cannot be stored; `code` lets an importer tell "skip this file" from "this file is broken". */
export class DicomParseError extends Error {
  constructor(
    readonly code: DicomParseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DicomParseError';
  }
}

/** A run of bytes in the stored file. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** The bytes of one frame: one range for native pixel data, one per fragment for encapsulated. */
export type FrameRanges = ByteRange[];

/** Where an element's value lies, by its path: tags and item indexes joined by '/', e.g. `00540016/0/00181072`. */
export interface BulkDataLocation extends ByteRange {
  path: string;
}

export interface ParsedInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  /** 0 when the instance has no pixel data. */
  numberOfFrames: number;
  /**
   * Each frame's byte ranges in the file; null when the frames of encapsulated pixel data cannot be told
   * apart (several fragments per frame and no Basic Offset Table).
   */
  frames: FrameRanges[] | null;
  bitsAllocated: number | undefined;
  /** Values of native binary elements, for the bulk data URIs that name them. */
  bulkData: BulkDataLocation[];
  /** The whole dataset as DICOM JSON, file meta information left out, AvailableTransferSyntaxUID added. */
  metadata: DicomJsonDataset;
  /**
   * Deflated files only (1.2.840.10008.1.2.1.99): the file with its dataset inflated, as explicit VR little endian
   * (see explicitCopyOfDeflated). `frames` and `bulkData` are offsets into these bytes, not into the file as sent:
   * a deflate stream cannot be read from the middle.
   */
  inflated?: Buffer;
}

/** Makes the BulkDataURI of the element at `path` (see BulkDataLocation) of the instance. */
export type BulkDataUriMaker = (
  instance: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string },
  path: string,
) => string;

const mediaStorageDirectoryStorage = '1.2.840.10008.1.3.10';
/** dicom-parser's key of an element: "x" and the tag in lower case. */
function parserKey(keyword: TagKeyword): string {
  return `x${tagOf(keyword).toLowerCase()}`;
}

const mediaStorageSopClassKey = `x${dictionaryTagOf('MediaStorageSOPClassUID')!.toLowerCase()}`;
const binaryVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** VRs whose value is one string that may contain backslashes (PS3.5 6.2). */
const singleValuedTextVrs = new Set(['LT', 'ST', 'UT', 'UR']);
/** VRs whose leading spaces are significant (PS3.5 6.2). */
const leadingSpaceVrs = new Set(['LT', 'ST', 'UT']);
/** VRs subject to Specific Character Set; the others are in the default repertoire (ASCII). */
const characterSetVrs = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
const uidPattern = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** True when a value is a syntactically valid UID (PS3.5 9.1): numeric components, at most 64 characters. */
export function isValidUid(value: string): boolean {
  return value.length > 0 && value.length <= 64 && uidPattern.test(value);
}

/** Parses a Part 10 buffer. Throws DicomParseError when it cannot be stored. */
export function parseInstance(bytes: Uint8Array, makeBulkDataUri: BulkDataUriMaker, limits: ParseLimits = defaultLimits): ParsedInstance {
  if (bytes.length < 132 || bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) {
    throw new DicomParseError('not-dicom', 'not a DICOM Part 10 file (no "DICM" prefix after the 128-byte preamble)');
  }
  const byteArray = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta = readMetaHeader(byteArray);
  const transferSyntaxUid = transferSyntaxOf(meta);
  const deflated = transferSyntaxUid === transferSyntaxUids.deflatedExplicitVrLittleEndian;
  /** The bytes element offsets point into: the file itself, or for a deflated one its explicit VR copy. */
  const readable = deflated ? explicitCopyOfDeflated(byteArray, meta, limits) : byteArray;
  try {
    checkStructureLimits(readable, (meta as DataSet & { position: number }).position, {
      explicitVr: transferSyntaxUid !== transferSyntaxUids.implicitVrLittleEndian,
      littleEndian: transferSyntaxUid !== transferSyntaxUids.explicitVrBigEndian,
    }, limits);
  } catch (error) {
    if (error instanceof StructureLimitError) throw new DicomParseError('limit-exceeded', error.message);
    throw error;
  }

  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(readable, {
      // Implicit VR: VRs from the dictionary; unknown (private) tags stay undefined so the parser can still spot sequences.
      vrCallback: (tag: string) => dictionaryVrOf(tag.slice(1)),
    });
  } catch (error) {
    // dicom-parser throws on reading past the end ("buffer overrun"): a file cut short, almost always.
    throw new DicomParseError('truncated', `the dataset is truncated or malformed: ${describeParserError(error)}`);
  }
  checkWithinBounds(dataSet, readable.length);

  const mediaStorageSopClass = dataSet.string(mediaStorageSopClassKey);
  if (mediaStorageSopClass === mediaStorageDirectoryStorage) {
    throw new DicomParseError('not-an-instance', 'a DICOMDIR (Media Storage Directory), not a composite instance');
  }

  const littleEndian = transferSyntaxUid !== transferSyntaxUids.explicitVrBigEndian;
  const characterSet = decoderFor(dataSet.string(parserKey('SpecificCharacterSet')));
  const bulkData: BulkDataLocation[] = [];
  // The UIDs are needed for bulk data URIs, so read them before converting the dataset.
  const uids = {
    studyInstanceUid: requiredUid(dataSet, readable, 'StudyInstanceUID'),
    seriesInstanceUid: requiredUid(dataSet, readable, 'SeriesInstanceUID'),
    sopInstanceUid: requiredUid(dataSet, readable, 'SOPInstanceUID'),
  };
  const sopClassUid = requiredUid(dataSet, readable, 'SOPClassUID');

  const context: ConversionContext = {
    byteArray: readable,
    littleEndian,
    characterSet,
    bulkData,
    makeUri: (path) => makeBulkDataUri(uids, path),
  };
  const metadata = toDicomJson(dataSet, context, '');
  const availableTransferSyntax = dictionaryTagOf('AvailableTransferSyntaxUID');
  if (availableTransferSyntax) metadata[availableTransferSyntax] = { vr: 'UI', Value: [transferSyntaxUid] };

  if (dataSet.elements[parserKey('PixelData')]) checkDeclaredImageSize(metadata, Math.max(1, numberOf(metadata, 'NumberOfFrames') ?? 1), limits);
  const { numberOfFrames, frames } = frameRangesOf(dataSet, metadata, transferSyntaxUid);
  return {
    ...uids,
    sopClassUid,
    transferSyntaxUid,
    numberOfFrames,
    frames,
    bitsAllocated: numberOf(metadata, 'BitsAllocated'),
    bulkData,
    metadata,
    ...(deflated && { inflated: readable }),
  };
}

/**
 * A deflated file (PS3.5 A.5) as explicit VR little endian: preamble and file meta information as sent, but for the
 * Transfer Syntax UID, which says explicit VR little endian (NUL-padded to the length of the one sent, so that no
 * offset moves), then the dataset inflated. DCMTK and dicom-parser read it as a plain Part 10 file. (dicom-parser's
 * own inflating is not used: it parses the inflated copy from byte 0, preamble and meta group included.)
 */
/** Inflated sizes up to this are allowed whatever the ratio (see ServerLimits.maxInflateRatio). */
const inflateRatioFloor = 16 * 1024 * 1024;

function explicitCopyOfDeflated(file: Buffer, meta: DataSet, limits: ParseLimits): Buffer {
  const position = (meta as DataSet & { position: number }).position;
  const deflatedLength = file.length - position;
  // zlib stops writing at maxOutputLength: a few kilobytes sent never make the server inflate gigabytes first
  // (deflate compresses runs of zeros about a thousandfold).
  // The ratio applies past a floor: small synthetic or blank images deflate far beyond any ratio real data reaches.
  const byRatio = Math.max(inflateRatioFloor, limits.maxInflateRatio * deflatedLength);
  const maxOutputLength = Math.min(limits.maxInflatedBytes, byRatio);
  let dataset: Buffer;
  try {
    dataset = inflateRawSync(file.subarray(position), { maxOutputLength });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      const which = maxOutputLength === byRatio ? `${limits.maxInflateRatio} times its ${deflatedLength} deflated bytes (the limit max-inflate-ratio)` : `${limits.maxInflatedBytes} bytes (the limit max-inflated-bytes)`;
      throw new DicomParseError('limit-exceeded', `the deflated data set inflates to more than ${which}`);
    }
    throw new DicomParseError('malformed', `the deflated dataset cannot be inflated: ${(error as Error).message}`);
  }
  const copy = Buffer.concat([file.subarray(0, position), dataset]);
  const syntax = meta.elements.x00020010!;
  copy.fill(0, syntax.dataOffset, syntax.dataOffset + syntax.length);
  copy.write(transferSyntaxUids.explicitVrLittleEndian, syntax.dataOffset, 'latin1');
  return copy;
}

/** The file meta information, read before the dataset: its transfer syntax says how to read the rest. */
function readMetaHeader(byteArray: Buffer): DataSet {
  try {
    return dicomParser.readPart10Header(byteArray);
  } catch (error) {
    throw new DicomParseError('truncated', `cannot read the file meta information: ${describeParserError(error)}`);
  }
}

function transferSyntaxOf(meta: DataSet): string {
  const uid = meta.string(parserKey('TransferSyntaxUID'))?.replace(/\0/g, '').trim();
  if (!uid) throw new DicomParseError('malformed', 'the file meta information has no Transfer Syntax UID (0002,0010)');
  return uid;
}

function describeParserError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'exception' in error) return describeParserError((error as { exception: unknown }).exception);
  return String(error);
}

/** dicom-parser stops quietly at the end of the buffer; an element reaching past it means the file was cut short. */
function checkWithinBounds(dataSet: DataSet, size: number): void {
  for (const warning of dataSet.warnings ?? []) {
    if (/missing sequence delimiter|item delimiter|could not be found|past the end/i.test(warning)) {
      throw new DicomParseError('truncated', `the file ends inside an element: ${warning}`);
    }
  }
  for (const element of Object.values(dataSet.elements)) {
    if (element.dataOffset + element.length > size || element.dataOffset > size) {
      throw new DicomParseError(
        'truncated',
        `the file ends inside element ${formatTag(element.tag)} (${element.dataOffset + element.length - size} bytes missing)`,
      );
    }
    for (const item of element.items ?? []) if (item.dataSet) checkWithinBounds(item.dataSet, size);
  }
}

function formatTag(tag: string): string {
  const hex = tag.slice(1).toUpperCase();
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

function requiredUid(dataSet: DataSet, byteArray: Buffer, keyword: 'StudyInstanceUID' | 'SeriesInstanceUID' | 'SOPInstanceUID' | 'SOPClassUID'): string {
  const tag = parserKey(keyword);
  const element = dataSet.elements[tag];
  // The raw value, not dataSet.string(), which stops at the first NUL: "1.2.3\0…" must not be stored as "1.2.3".
  const raw = element ? byteArray.toString('latin1', element.dataOffset, element.dataOffset + element.length) : '';
  const value = uidValueOf(raw);
  if (!value) throw new DicomParseError('missing-uid', `${keyword} ${formatTag(tag)} is missing or empty`);
  if (!isValidUid(value)) throw new DicomParseError('missing-uid', `${keyword} ${formatTag(tag)} is not a valid UID (digits and dots, at most 64 characters): ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

/** A UI value without its padding (one trailing NUL, PS3.5 9.1; trailing spaces tolerated); anything else inside stays and fails validation. */
export function uidValueOf(raw: string): string {
  return raw.replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

/** Text decoding per Specific Character Set; ISO 2022 code extensions fall back to Latin-1 (not handled yet). */
function decoderFor(specificCharacterSet: string | undefined): TextDecoder {
  const terms = (specificCharacterSet ?? '').split('\\').map((term) => term.trim());
  if (terms.includes('ISO_IR 192')) return new TextDecoder('utf-8');
  return new TextDecoder('latin1');
}

interface ConversionContext {
  byteArray: Buffer;
  littleEndian: boolean;
  characterSet: TextDecoder;
  bulkData: BulkDataLocation[];
  makeUri: (path: string) => string;
}

/** (FFFC,FFFC): padding after the data set, encoding rather than content. */
const dataSetTrailingPadding = dictionaryTagOf('DataSetTrailingPadding');

function toDicomJson(dataSet: DataSet, context: ConversionContext, pathPrefix: string): DicomJsonDataset {
  const json: DicomJsonDataset = {};
  const tags = Object.keys(dataSet.elements).sort();
  for (const key of tags) {
    const element = dataSet.elements[key]!;
    const tag = key.slice(1).toUpperCase();
    // File meta information is about the file, not the instance; group lengths and item markers are encoding.
    if (tag.startsWith('0002') || tag.endsWith('0000') || tag.startsWith('FFFE') || tag === dataSetTrailingPadding) continue;
    json[tag] = toJsonElement(element, tag, context, pathPrefix + tag);
  }
  return json;
}

function vrOfElement(element: Element, tag: string): string {
  if (element.vr && /^[A-Z]{2}$/.test(element.vr)) return element.vr;
  return dictionaryVrOf(tag) ?? 'UN';
}

function toJsonElement(element: Element, tag: string, context: ConversionContext, path: string): DicomJsonElement {
  const vr = element.items ? 'SQ' : vrOfElement(element, tag);
  if (vr === 'SQ') {
    const items = element.items ?? [];
    return {
      vr,
      ...(items.length > 0 && {
        Value: items.map((item, index) => (item.dataSet ? toDicomJson(item.dataSet, context, `${path}/${index}/`) : {})),
      }),
    };
  }
  if (binaryVrs.has(vr) || tag === tagOf('PixelData')) {
    if (element.length === 0 && !element.encapsulatedPixelData) return { vr };
    if (!element.encapsulatedPixelData) context.bulkData.push({ path, offset: element.dataOffset, length: element.length });
    return { vr, BulkDataURI: context.makeUri(path) };
  }
  if (element.length === 0) return { vr };
  const values = readValues(element, vr, context);
  return values.length > 0 ? { vr, Value: values } : { vr };
}

function readValues(element: Element, vr: string, context: ConversionContext): unknown[] {
  const { byteArray, littleEndian } = context;
  const start = element.dataOffset;
  const end = start + element.length;
  const view = new DataView(byteArray.buffer, byteArray.byteOffset + start, element.length);
  const fixed = (size: number, read: (offset: number) => unknown): unknown[] => {
    const values: unknown[] = [];
    for (let offset = 0; offset + size <= element.length; offset += size) values.push(read(offset));
    return values;
  };
  switch (vr) {
    case 'US':
      return fixed(2, (o) => view.getUint16(o, littleEndian));
    case 'SS':
      return fixed(2, (o) => view.getInt16(o, littleEndian));
    case 'UL':
      return fixed(4, (o) => view.getUint32(o, littleEndian));
    case 'SL':
      return fixed(4, (o) => view.getInt32(o, littleEndian));
    case 'FL':
      return fixed(4, (o) => view.getFloat32(o, littleEndian));
    case 'FD':
      return fixed(8, (o) => view.getFloat64(o, littleEndian));
    // 64-bit integers stay exact: a JSON number when it is a safe integer, a string otherwise.
    case 'UV':
      return fixed(8, (o) => safeNumber(view.getBigUint64(o, littleEndian)));
    case 'SV':
      return fixed(8, (o) => safeNumber(view.getBigInt64(o, littleEndian)));
    case 'AT':
      return fixed(4, (o) => {
        const group = view.getUint16(o, littleEndian).toString(16).padStart(4, '0');
        const elementNumber = view.getUint16(o + 2, littleEndian).toString(16).padStart(4, '0');
        return (group + elementNumber).toUpperCase();
      });
  }
  const decoder = characterSetVrs.has(vr) ? context.characterSet : asciiDecoder;
  const text = decoder.decode(byteArray.subarray(start, end));
  const rawValues = singleValuedTextVrs.has(vr) ? [text] : text.split('\\');
  return rawValues.map((raw) => {
    const trimmed = leadingSpaceVrs.has(vr) ? raw.replace(/[\0 ]+$/, '') : raw.replace(/\0/g, '').trim();
    if (trimmed === '') return null;
    switch (vr) {
      case 'PN':
        return personName(trimmed);
      case 'DS':
      case 'IS': {
        // PS3.18 F.2.3: DS and IS are JSON numbers; a malformed value stays a string rather than vanish.
        const number = Number(trimmed);
        return Number.isFinite(number) ? number : trimmed;
      }
      default:
        return trimmed;
    }
  });
}

const asciiDecoder = new TextDecoder('latin1');

function safeNumber(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** PS3.18 F.2.2: a person name's component groups, empty groups left out. */
function personName(value: string): PersonNameValue {
  const [alphabetic, ideographic, phonetic] = value.split('=');
  const name: PersonNameValue = {};
  if (alphabetic) name.Alphabetic = alphabetic;
  if (ideographic) name.Ideographic = ideographic;
  if (phonetic) name.Phonetic = phonetic;
  return name;
}

function frameRangesOf(
  dataSet: DataSet,
  metadata: DicomJsonDataset,
  transferSyntaxUid: string,
): { numberOfFrames: number; frames: FrameRanges[] | null } {
  const pixelData = dataSet.elements[parserKey('PixelData')];
  if (!pixelData) return { numberOfFrames: 0, frames: [] };
  const numberOfFrames = Math.max(1, numberOf(metadata, 'NumberOfFrames') ?? 1);

  if (pixelData.encapsulatedPixelData || isEncapsulatedSyntax(transferSyntaxUid)) {
    return { numberOfFrames, frames: encapsulatedFrames(pixelData, numberOfFrames) };
  }

  const layout = pixelLayoutOf(metadata);
  if (!layout) throw new DicomParseError('malformed', 'PixelData is present but Rows, Columns or BitsAllocated is missing');
  const frameBits = nativeFrameBits(layout);
  if (frameBits % 8 !== 0 && numberOfFrames > 1) {
    // 1-bit frames that do not end on a byte boundary share bytes; serving them needs bit shifting (not done yet).
    return { numberOfFrames, frames: null };
  }
  const frameLength = Math.ceil(frameBits / 8);
  if (frameLength * numberOfFrames > pixelData.length) {
    throw new DicomParseError(
      'truncated',
      `PixelData holds ${pixelData.length} bytes; ${numberOfFrames} frame(s) of ${layout.rows}×${layout.columns} ${layout.photometricInterpretation}, ${layout.samplesPerPixel} sample(s) at ${layout.bitsAllocated} bits, need ${frameLength * numberOfFrames}`,
    );
  }
  const frames: FrameRanges[] = [];
  for (let index = 0; index < numberOfFrames; index++) {
    frames.push([{ offset: pixelData.dataOffset + index * frameLength, length: frameLength }]);
  }
  return { numberOfFrames, frames };
}

/**
 * Refuses pixel data whose declared size (Rows × Columns × Samples per Pixel × BitsAllocated / 8, a frame and all
 * frames) is beyond the limits, before anything decodes it: a 4 MB RLE file declaring 16384 × 16384 would cost
 * gigabytes and seconds on every rendered request.
 */
export function checkDeclaredImageSize(metadata: DicomJsonDataset, numberOfFrames: number, limits: Pick<ParseLimits, 'maxFrameBytes' | 'maxPixelBytes'>): void {
  const layout = pixelLayoutOf(metadata);
  if (!layout) return;
  const frameBytes = (layout.rows * layout.columns * layout.samplesPerPixel * layout.bitsAllocated) / 8;
  const describe = `${layout.columns}×${layout.rows}, ${layout.samplesPerPixel} sample(s) at ${layout.bitsAllocated} bits`;
  if (frameBytes > limits.maxFrameBytes) {
    throw new DicomParseError('limit-exceeded', `a frame of ${describe} is ${frameBytes} bytes decoded, more than ${limits.maxFrameBytes} (the limit max-frame-bytes)`);
  }
  if (frameBytes * numberOfFrames > limits.maxPixelBytes) {
    throw new DicomParseError('limit-exceeded', `${numberOfFrames} frames of ${describe} are ${frameBytes * numberOfFrames} bytes decoded, more than ${limits.maxPixelBytes} (the limit max-pixel-bytes)`);
  }
}

/**
 * Frame boundaries of encapsulated pixel data (PS3.5 A.4): from the Basic Offset Table when it has one entry
 * per frame; without one, one fragment per frame when the counts agree, or every fragment for a single frame.
 */
function encapsulatedFrames(pixelData: Element, numberOfFrames: number): FrameRanges[] | null {
  const fragments = pixelData.fragments ?? [];
  if (fragments.length === 0) throw new DicomParseError('malformed', 'encapsulated PixelData has no fragments');
  const toRange = (fragment: { position: number; length: number }): ByteRange => ({
    offset: fragment.position,
    length: fragment.length,
  });
  const offsetTable = pixelData.basicOffsetTable ?? [];
  if (offsetTable.length === numberOfFrames && offsetTable[0] === 0) {
    // One pass over fragments and table together (fragments lie in file order, and a table in frame order
    // ascends): each fragment belongs to the last frame whose offset is at or before it.
    for (let index = 1; index < numberOfFrames; index++) {
      if (offsetTable[index]! <= offsetTable[index - 1]!) throw new DicomParseError('malformed', `the Basic Offset Table does not ascend at frame ${index + 1}`);
    }
    const frames: FrameRanges[] = Array.from({ length: numberOfFrames }, () => []);
    let frame = 0;
    for (const fragment of fragments) {
      while (frame + 1 < numberOfFrames && fragment.offset >= offsetTable[frame + 1]!) frame += 1;
      if (fragment.offset >= offsetTable[frame]!) frames[frame]!.push(toRange(fragment));
    }
    const empty = frames.findIndex((ranges) => ranges.length === 0);
    if (empty >= 0) throw new DicomParseError('malformed', `the Basic Offset Table points frame ${empty + 1} at no fragment`);
    return frames;
  }
  if (numberOfFrames === 1) return [fragments.map(toRange)];
  if (fragments.length === numberOfFrames) return fragments.map((fragment) => [toRange(fragment)]);
  return null;
}
