// Data sets that arrive without their Part 10 framing (128-byte preamble, "DICM", File Meta Information, PS3.10
// 7.1): recognising their encoding from the first element, as DCMTK does, and writing the framing they lack, so
// that the store holds Part 10 files only.
import dicomParser from 'dicom-parser';
import { tagOf } from '../../dicom/tags.js';
import { dictionaryTagOf } from './dictionary.js';
import { DicomParseError, isValidUid } from './parse-instance.js';
import { transferSyntaxUids } from '../../dicom/transfer-syntax.js';

/**
 * The implementation that writes the File Meta Information: this project's UID (PS3.5 B.2, "2.25." and the first
 * 128 bits of SHA-256 of "dicom-lightbox implementation", the one the sample generator writes too) and version.
 */
export const implementationClassUid = '2.25.54318853918912512893758861851402607260';
export const implementationVersionName = 'DICOM_LIGHTBOX_1';

/** The VRs of PS3.5 Table 6.2-1: two bytes that are one of these, after a tag, make the encoding explicit VR. */
const valueRepresentations = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN',
  'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);

/** Explicit VRs whose length field is 32 bits after two reserved bytes (PS3.5 7.1.2). */
const longLengthVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

const fileMetaGroup = 0x0002;
/**
 * The group a bare data set starts with: SOP Class UID (0008,0016) is in every composite instance and sorts
 * before anything in a later group, so an instance's first element is in group 0008 (or its meta group 0002).
 */
const identifyingGroup = 0x0008;

export function hasPart10Header(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * How a data set without Part 10 framing is encoded, from its first element (DCMTK's DcmItem::checkTransferSyntax,
 * narrowed to what a composite instance starts with): the group number's bytes give the byte order (08 00: little
 * endian, 00 08: big endian), and a valid VR after the tag makes it explicit VR. Implicit VR big endian is no DICOM
 * transfer syntax, so those bytes are not taken for one. Undefined when the bytes do not start like a data set.
 */
export function detectTransferSyntax(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  const explicit = valueRepresentations.has(String.fromCharCode(bytes[4]!, bytes[5]!));
  const littleEndianGroup = bytes[0]! | (bytes[1]! << 8);
  const bigEndianGroup = (bytes[0]! << 8) | bytes[1]!;
  if (littleEndianGroup === identifyingGroup) return explicit ? transferSyntaxUids.explicitVrLittleEndian : transferSyntaxUids.implicitVrLittleEndian;
  if (bigEndianGroup === identifyingGroup && explicit) return transferSyntaxUids.explicitVrBigEndian;
  return undefined;
}

/** A file ready to store, and what was changed to make it one (for a warning); `changed` undefined: stored as sent. */
export interface Part10File {
  bytes: Buffer;
  changed?: string;
}

/**
 * The bytes as a Part 10 file. A file with its framing is returned as is. File Meta Information without the
 * preamble and "DICM" gets them in front. A bare data set gets the whole framing: File Meta Information Version,
 * Media Storage SOP Class and Instance UIDs from the data set's SOP Class and Instance UIDs, the detected Transfer
 * Syntax UID, and this implementation's class UID and version name. Anything else is refused as not DICOM.
 */
export function asPart10File(bytes: Uint8Array): Part10File {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (hasPart10Header(buffer)) return { bytes: buffer };
  const preamble = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1')]);
  if (buffer.length >= 8 && (buffer[0]! | (buffer[1]! << 8)) === fileMetaGroup && valueRepresentations.has(buffer.toString('latin1', 4, 6))) {
    return { bytes: Buffer.concat([preamble, buffer]), changed: 'it had File Meta Information but no preamble and "DICM" prefix; they were added' };
  }
  const transferSyntaxUid = detectTransferSyntax(buffer);
  if (!transferSyntaxUid) {
    const head = [...buffer.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    throw new DicomParseError(
      'not-dicom',
      `not a DICOM file: no Part 10 header ("DICM" after a 128-byte preamble), and it does not start with a data element of group 0008 as a data set without one does (first bytes: ${head || 'none'})`,
    );
  }
  const { sopClassUid, sopInstanceUid } = sopUidsOf(buffer, transferSyntaxUid);
  const meta = fileMetaInformation({ sopClassUid, sopInstanceUid, transferSyntaxUid });
  return {
    bytes: Buffer.concat([preamble, meta, buffer]),
    changed: `it had no Part 10 header (preamble, "DICM", File Meta Information); one was added for transfer syntax ${transferSyntaxUid}, recognised from its first element`,
  };
}

function parserKey(tag: string): string {
  return `x${tag.toLowerCase()}`;
}

function sopUidsOf(dataset: Buffer, transferSyntaxUid: string): { sopClassUid: string; sopInstanceUid: string } {
  const sopInstanceKey = parserKey(tagOf('SOPInstanceUID'));
  let parsed: dicomParser.DataSet;
  try {
    // dicom-parser reads a data set with no Part 10 header when told its transfer syntax.
    parsed = dicomParser.parseDicom(dataset, { TransferSyntaxUID: transferSyntaxUid, untilTag: sopInstanceKey } as dicomParser.ParseDicomOptions);
  } catch (error) {
    const reason = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
    throw new DicomParseError('malformed', `a data set without Part 10 header that cannot be read as ${transferSyntaxUid}: ${reason}`);
  }
  const uid = (keyword: 'SOPClassUID' | 'SOPInstanceUID') => {
    const value = parsed.string(parserKey(tagOf(keyword)))?.replace(/\0/g, '').trim();
    if (!value || !isValidUid(value)) {
      throw new DicomParseError('missing-uid', `${keyword} is missing or not a valid UID, and a file without Part 10 header needs it for its File Meta Information`);
    }
    return value;
  };
  return { sopClassUid: uid('SOPClassUID'), sopInstanceUid: uid('SOPInstanceUID') };
}

/** One explicit VR little endian element, its value padded to even length (UIDs with NUL, text with a space). */
function element(tag: string, vr: string, value: Buffer): Buffer {
  const padded = value.length % 2 === 0 ? value : Buffer.concat([value, Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]);
  const long = longLengthVrs.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(Number.parseInt(tag.slice(0, 4), 16), 0);
  header.writeUInt16LE(Number.parseInt(tag.slice(4, 8), 16), 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(padded.length, 8);
  else header.writeUInt16LE(padded.length, 6);
  return Buffer.concat([header, padded]);
}

function metaTag(keyword: string): string {
  const tag = dictionaryTagOf(keyword);
  if (!tag) throw new Error(`the dictionary has no ${keyword}`);
  return tag;
}

/** File Meta Information (PS3.10 7.1), explicit VR little endian, group length first. */
export function fileMetaInformation(instance: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string }): Buffer {
  const text = (value: string) => Buffer.from(value, 'latin1');
  const body = Buffer.concat([
    element(metaTag('FileMetaInformationVersion'), 'OB', Buffer.from([0x00, 0x01])),
    element(metaTag('MediaStorageSOPClassUID'), 'UI', text(instance.sopClassUid)),
    element(metaTag('MediaStorageSOPInstanceUID'), 'UI', text(instance.sopInstanceUid)),
    element(tagOf('TransferSyntaxUID'), 'UI', text(instance.transferSyntaxUid)),
    element(metaTag('ImplementationClassUID'), 'UI', text(implementationClassUid)),
    element(metaTag('ImplementationVersionName'), 'SH', text(implementationVersionName)),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length);
  return Buffer.concat([element(metaTag('FileMetaInformationGroupLength'), 'UL', groupLength), body]);
}
