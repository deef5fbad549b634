// Hand-built DICOM files for the hostile-input tests: every byte placed on purpose, so a test can nest sequences a
// thousand deep, declare a 16384² image in a few bytes, hide a NUL inside a UID or put an executable header in the
// preamble. Explicit VR little endian unless said otherwise.
import { deflateRawSync } from 'node:zlib';

const longLengthVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
export const explicitLittleEndian = '1.2.840.10008.1.2.1';
export const deflatedSyntax = '1.2.840.10008.1.2.1.99';
export const rleSyntax = '1.2.840.10008.1.2.5';
const secondaryCapture = '1.2.840.10008.5.1.4.1.1.7';

function tagBytes(tag: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt16LE(tag >>> 16, 0);
  bytes.writeUInt16LE(tag & 0xffff, 2);
  return bytes;
}

/** One element; text values padded to even length (NUL for UI, space otherwise). */
export function element(tag: number, vr: string, value: Buffer | string | number[]): Buffer {
  let bytes: Buffer;
  if (typeof value === 'string') bytes = Buffer.from(value, 'latin1');
  else if (Array.isArray(value)) {
    bytes = Buffer.alloc(value.length * 2);
    value.forEach((number, index) => bytes.writeUInt16LE(number, index * 2));
  } else bytes = value;
  if (bytes.length % 2 === 1) bytes = Buffer.concat([bytes, Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]);
  const header = Buffer.alloc(longLengthVrs.has(vr) ? 12 : 8);
  tagBytes(tag).copy(header);
  header.write(vr, 4, 'latin1');
  if (longLengthVrs.has(vr)) header.writeUInt32LE(bytes.length, 8);
  else header.writeUInt16LE(bytes.length, 6);
  return Buffer.concat([header, bytes]);
}

const itemTag = 0xfffee000;
/** An item of undefined length holding `content`, with its delimiter. */
export function item(content: Buffer): Buffer {
  const head = Buffer.alloc(8);
  tagBytes(itemTag).copy(head);
  head.writeUInt32LE(0xffffffff, 4);
  const delimiter = Buffer.alloc(8);
  tagBytes(0xfffee00d).copy(delimiter);
  return Buffer.concat([head, content, delimiter]);
}

/** A sequence of undefined length. */
export function sequence(tag: number, items: Buffer[]): Buffer {
  const head = Buffer.alloc(12);
  tagBytes(tag).copy(head);
  head.write('SQ', 4, 'latin1');
  head.writeUInt32LE(0xffffffff, 8);
  const delimiter = Buffer.alloc(8);
  tagBytes(0xfffee0dd).copy(delimiter);
  return Buffer.concat([head, ...items, delimiter]);
}

/** `depth` sequences each holding one item holding the next: (0040,A730) Content Sequence, as SRs nest. */
export function nestedSequences(depth: number): Buffer {
  let inner = element(0x0040a040, 'CS', 'TEXT');
  for (let level = 0; level < depth; level++) inner = sequence(0x0040a730, [item(inner)]);
  return inner;
}

/** Empty items, `count` of them, in one sequence (8 bytes an item plus its delimiter). */
export function manyItems(count: number): Buffer {
  const one = item(Buffer.alloc(0));
  return sequence(0x0040a730, [Buffer.alloc(one.length * count, 0).fill(one)]);
}

export interface InstanceOptions {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  rows?: number;
  columns?: number;
  frames?: number;
  /** Raw value bytes of the SOP Instance UID, for UIDs with NULs inside. */
  rawSopInstanceUid?: Buffer;
  /** Elements placed between Patient ID and the study's UIDs (tags in group 0010–0020). */
  extra?: Buffer;
  /** Native pixel data (default: rows × columns × frames 16-bit words, value index % 4096) or encapsulated fragments. */
  pixelData?: Buffer;
  patientName?: string;
}

/** The data set (no Part 10 framing) of a small 16-bit MONOCHROME2 secondary capture. */
export function dataSet(options: InstanceOptions): Buffer {
  const rows = options.rows ?? 8;
  const columns = options.columns ?? 8;
  const frames = options.frames ?? 1;
  const pixels = options.pixelData ?? Buffer.from(Uint16Array.from({ length: rows * columns * frames }, (_, index) => index % 4096).buffer);
  return Buffer.concat([
    element(0x00080016, 'UI', secondaryCapture),
    element(0x00080018, 'UI', options.rawSopInstanceUid ?? options.sopInstanceUid),
    element(0x00080060, 'CS', 'OT'),
    element(0x00100010, 'PN', options.patientName ?? 'HOSTILE^TEST'),
    element(0x00100020, 'LO', 'HOSTILE-1'),
    options.extra ?? Buffer.alloc(0),
    element(0x0020000d, 'UI', options.studyInstanceUid),
    element(0x0020000e, 'UI', options.seriesInstanceUid),
    element(0x00200013, 'IS', '1'),
    element(0x00280002, 'US', [1]),
    element(0x00280004, 'CS', 'MONOCHROME2'),
    ...(frames > 1 ? [element(0x00280008, 'IS', String(frames))] : []),
    element(0x00280010, 'US', [rows]),
    element(0x00280011, 'US', [columns]),
    element(0x00280100, 'US', [16]),
    element(0x00280101, 'US', [16]),
    element(0x00280102, 'US', [15]),
    element(0x00280103, 'US', [0]),
    element(0x7fe00010, 'OW', pixels),
  ]);
}

/** Preamble (zeros unless given), "DICM", File Meta Information, then the data set as given (already encoded). */
export function part10(data: Buffer, sopInstanceUid: string, transferSyntaxUid = explicitLittleEndian, preamble: Buffer = Buffer.alloc(128)): Buffer {
  const body = Buffer.concat([
    element(0x00020001, 'OB', Buffer.from([0, 1])),
    element(0x00020002, 'UI', secondaryCapture),
    element(0x00020003, 'UI', sopInstanceUid),
    element(0x00020010, 'UI', transferSyntaxUid),
    element(0x00020012, 'UI', '1.2.3.4'),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([preamble, Buffer.from('DICM', 'latin1'), element(0x00020000, 'UL', length), body, data]);
}

export function instance(options: InstanceOptions, preamble?: Buffer): Buffer {
  return part10(dataSet(options), options.sopInstanceUid, explicitLittleEndian, preamble);
}

/** The instance in the deflated syntax (PS3.5 A.5: the data set raw-deflated after the meta information). */
export function deflatedInstance(options: InstanceOptions): Buffer {
  return part10(deflateRawSync(dataSet(options), { level: 9 }), options.sopInstanceUid, deflatedSyntax);
}

/** Encapsulated pixel data: a Basic Offset Table item, then each fragment as an item, then the delimiter. */
export function encapsulated(offsets: number[], fragments: Buffer[]): Buffer {
  const table = Buffer.alloc(offsets.length * 4);
  offsets.forEach((offset, index) => table.writeUInt32LE(offset, index * 4));
  const itemOf = (bytes: Buffer) => {
    const head = Buffer.alloc(8);
    tagBytes(itemTag).copy(head);
    head.writeUInt32LE(bytes.length, 4);
    return Buffer.concat([head, bytes]);
  };
  const head = Buffer.alloc(12);
  tagBytes(0x7fe00010).copy(head);
  head.write('OB', 4, 'latin1');
  head.writeUInt32LE(0xffffffff, 8);
  const delimiter = Buffer.alloc(8);
  tagBytes(0xfffee0dd).copy(delimiter);
  return Buffer.concat([head, itemOf(table), ...fragments.map(itemOf), delimiter]);
}

/** A data set with encapsulated pixel data (RLE syntax) of `frames` frames declared as rows × columns. */
export function encapsulatedInstance(options: InstanceOptions & { offsets: number[]; fragments: Buffer[] }, transferSyntaxUid = rleSyntax): Buffer {
  const data = dataSet({ ...options, pixelData: Buffer.alloc(0) });
  // Replace the empty native PixelData (the last 12 bytes: OW header with length 0) by the encapsulated one.
  const withoutPixels = data.subarray(0, data.length - 12);
  return part10(Buffer.concat([withoutPixels, encapsulated(options.offsets, options.fragments)]), options.sopInstanceUid, transferSyntaxUid);
}

/** A deterministic pseudo-random generator (mulberry32), for the fuzz loop. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
