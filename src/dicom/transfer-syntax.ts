// Transfer syntaxes (PS3.5 8, 10, A; UIDs from PS3.6 Table A-1) and what a reader needs to know of each: how the
// dataset is encoded, whether pixel data is encapsulated, whether the compression may lose information, and the
// media type PS3.18 Table 8.7.3-5 gives its frames.

export interface TransferSyntax {
  uid: string;
  /** The name PS3.6 gives it. */
  name: string;
  /** Explicit VR encoding of the dataset (all but Implicit VR Little Endian). */
  explicitVr: boolean;
  bigEndian: boolean;
  /** The dataset after the file meta information is deflated (RFC 1951). */
  deflated: boolean;
  /** Pixel data is encapsulated in fragments (PS3.5 A.4) rather than native. */
  encapsulated: boolean;
  /** The compression may lose information, so images in it are to be marked lossy (PS3.3 C.7.6.1.1.5). */
  lossy: boolean;
  /** The pixel data is a video stream (MPEG-2, H.264, HEVC): whole, not frame by frame. */
  video: boolean;
  /** Retired from the standard: still met in archives, no longer to be written. */
  retired: boolean;
  /** The media type of its frames or pixel data in WADO-RS (PS3.18 Table 8.7.3-5). */
  mediaType: string;
  /** The codestream its pixel data is in; undefined for uncompressed pixel data. */
  codec?: Codec;
}

/** Codestreams by family: a decoder or a header reader serves a family. */
export type Codec = 'jpeg' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k' | 'jpeg-xl' | 'rle' | 'mpeg2' | 'h264' | 'hevc';

/** What a reader calls the images of each codec ("cannot decode JPEG-LS images"). */
const codecNames: Record<Codec, string> = {
  jpeg: 'JPEG',
  'jpeg-lossless': 'JPEG lossless',
  'jpeg-ls': 'JPEG-LS',
  'jpeg-2000': 'JPEG 2000',
  htj2k: 'HTJ2K',
  'jpeg-xl': 'JPEG XL',
  rle: 'RLE',
  mpeg2: 'MPEG-2 video',
  h264: 'H.264 video',
  hevc: 'HEVC video',
};

type Flags = Partial<Omit<TransferSyntax, 'uid' | 'name' | 'mediaType'>>;

function syntax(uid: string, name: string, mediaType: string, flags: Flags = {}): TransferSyntax {
  return {
    uid,
    name,
    explicitVr: true,
    bigEndian: false,
    deflated: false,
    encapsulated: true,
    lossy: false,
    video: false,
    retired: false,
    mediaType,
    ...flags,
  };
}

const native = { encapsulated: false } as const;
const lossy = { lossy: true } as const;
const video = (codec: Codec) => ({ lossy: true, video: true, codec });
const jpeg = { codec: 'jpeg' } as const;
const jpegLossless = { codec: 'jpeg-lossless' } as const;
const jpegLs = { codec: 'jpeg-ls' } as const;
const jpeg2000 = { codec: 'jpeg-2000' } as const;
const htj2k = { codec: 'htj2k' } as const;
const jpegXl = { codec: 'jpeg-xl' } as const;

/** Named UIDs of the syntaxes code refers to by name. */
export const transferSyntaxUids = {
  implicitVrLittleEndian: '1.2.840.10008.1.2',
  explicitVrLittleEndian: '1.2.840.10008.1.2.1',
  encapsulatedUncompressed: '1.2.840.10008.1.2.1.98',
  deflatedExplicitVrLittleEndian: '1.2.840.10008.1.2.1.99',
  explicitVrBigEndian: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  jpeg2000Part2Lossless: '1.2.840.10008.1.2.4.92',
  jpeg2000Part2: '1.2.840.10008.1.2.4.93',
  jpegXlLossless: '1.2.840.10008.1.2.4.110',
  jpegXlJpegRecompression: '1.2.840.10008.1.2.4.111',
  jpegXl: '1.2.840.10008.1.2.4.112',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  htj2k: '1.2.840.10008.1.2.4.203',
  rleLossless: '1.2.840.10008.1.2.5',
} as const;

const u = transferSyntaxUids;

const table: readonly TransferSyntax[] = [
  syntax(u.implicitVrLittleEndian, 'Implicit VR Little Endian', 'application/octet-stream', { ...native, explicitVr: false }),
  syntax(u.explicitVrLittleEndian, 'Explicit VR Little Endian', 'application/octet-stream', native),
  syntax(u.encapsulatedUncompressed, 'Encapsulated Uncompressed Explicit VR Little Endian', 'application/octet-stream'),
  syntax(u.deflatedExplicitVrLittleEndian, 'Deflated Explicit VR Little Endian', 'application/octet-stream', { ...native, deflated: true }),
  syntax(u.explicitVrBigEndian, 'Explicit VR Big Endian', 'application/octet-stream', { ...native, bigEndian: true, retired: true }),
  syntax(u.jpegBaseline, 'JPEG Baseline (Process 1)', 'image/jpeg', { ...lossy, ...jpeg }),
  syntax(u.jpegExtended, 'JPEG Extended (Process 2 & 4)', 'image/jpeg', { ...lossy, ...jpeg }),
  syntax(u.jpegLossless, 'JPEG Lossless, Non-Hierarchical (Process 14)', 'image/jpeg', jpegLossless),
  syntax(u.jpegLosslessSv1, 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', 'image/jpeg', jpegLossless),
  syntax(u.jpegLsLossless, 'JPEG-LS Lossless Image Compression', 'image/jls', jpegLs),
  syntax(u.jpegLsNearLossless, 'JPEG-LS Lossy (Near-Lossless) Image Compression', 'image/jls', { ...lossy, ...jpegLs }),
  syntax(u.jpeg2000Lossless, 'JPEG 2000 Image Compression (Lossless Only)', 'image/jp2', jpeg2000),
  syntax(u.jpeg2000, 'JPEG 2000 Image Compression', 'image/jp2', { ...lossy, ...jpeg2000 }),
  syntax(u.jpeg2000Part2Lossless, 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)', 'image/jpx', jpeg2000),
  syntax(u.jpeg2000Part2, 'JPEG 2000 Part 2 Multi-component Image Compression', 'image/jpx', { ...lossy, ...jpeg2000 }),
  syntax('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', 'video/mpeg', video('mpeg2')),
  syntax('1.2.840.10008.1.2.4.100.1', 'Fragmentable MPEG2 Main Profile / Main Level', 'video/mpeg', video('mpeg2')),
  syntax('1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', 'video/mpeg', video('mpeg2')),
  syntax('1.2.840.10008.1.2.4.101.1', 'Fragmentable MPEG2 Main Profile / High Level', 'video/mpeg', video('mpeg2')),
  syntax('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.102.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.103.1', 'Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.104.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.105.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.106.1', 'Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', 'video/mp4', video('h264')),
  syntax('1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', 'video/mp4', video('hevc')),
  syntax('1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', 'video/mp4', video('hevc')),
  syntax(u.jpegXlLossless, 'JPEG XL Lossless', 'image/jxl', jpegXl),
  // The pixels were a lossy JPEG before JPEG XL repacked them without further loss: still lossy.
  syntax(u.jpegXlJpegRecompression, 'JPEG XL JPEG Recompression', 'image/jxl', { ...lossy, ...jpegXl }),
  syntax(u.jpegXl, 'JPEG XL', 'image/jxl', { ...lossy, ...jpegXl }),
  syntax(u.htj2kLossless, 'High-Throughput JPEG 2000 Image Compression (Lossless Only)', 'image/jphc', htj2k),
  syntax(u.htj2kLosslessRpcl, 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)', 'image/jphc', htj2k),
  syntax(u.htj2k, 'High-Throughput JPEG 2000 Image Compression', 'image/jphc', { ...lossy, ...htj2k }),
  syntax(u.rleLossless, 'RLE Lossless', 'image/dicom-rle', { codec: 'rle' }),
];

const byUid: ReadonlyMap<string, TransferSyntax> = new Map(table.map((entry) => [entry.uid, entry]));

/** Every transfer syntax this table knows, in PS3.6 order. */
export const transferSyntaxes: readonly TransferSyntax[] = table;

/** What is known of a transfer syntax; undefined for a UID this table does not hold (a private syntax). */
export function transferSyntaxOf(uid: string | undefined): TransferSyntax | undefined {
  // UI values are padded to even length with a NUL (PS3.5 6.2), some writers use a space.
  return uid === undefined ? undefined : byUid.get(uid.replace(/[\0 ]+$/, ''));
}

/**
 * The pre-standard HTJ2K UID that OHIF's and Cornerstone's test data carry (it never entered PS3.6): read as HTJ2K,
 * not served or stored as a syntax of its own.
 */
const preStandardHtj2k = '3.2.840.10008.1.2.4.96';

/** The codestream of pixel data in this syntax; undefined when uncompressed or unknown. */
export function codecOf(uid: string | undefined): Codec | undefined {
  if (uid?.replace(/[\0 ]+$/, '') === preStandardHtj2k) return 'htj2k';
  return transferSyntaxOf(uid)?.codec;
}

/** What a reader calls the images of this syntax (`JPEG-LS`, `HTJ2K`); undefined when uncompressed or unknown. */
export function codecNameOf(uid: string | undefined): string | undefined {
  const codec = codecOf(uid);
  return codec && codecNames[codec];
}

/** Whether images in this syntax are to be marked lossy; an unknown syntax is not assumed to be. */
export function isLossySyntax(uid: string | undefined): boolean {
  return transferSyntaxOf(uid)?.lossy ?? false;
}

/**
 * Whether pixel data in this syntax is encapsulated. Every syntax but the four native ones encapsulates
 * (PS3.5 A.4), so an unknown UID counts as encapsulated.
 */
export function isEncapsulatedSyntax(uid: string): boolean {
  return transferSyntaxOf(uid)?.encapsulated ?? true;
}
