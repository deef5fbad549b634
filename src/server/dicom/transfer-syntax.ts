// Transfer syntaxes the server names, and the media types PS3.18 gives their frames (PS3.18 Table 8.7.3-5).

export const transferSyntaxes = {
  implicitVrLittleEndian: '1.2.840.10008.1.2',
  explicitVrLittleEndian: '1.2.840.10008.1.2.1',
  deflatedExplicitVrLittleEndian: '1.2.840.10008.1.2.1.99',
  explicitVrBigEndian: '1.2.840.10008.1.2.2',
} as const;

/** Compressed syntaxes by name: those the server decodes (src/server/imaging/decode-to-native.ts). */
export const compressedSyntaxes = {
  rleLossless: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  htj2k: '1.2.840.10008.1.2.4.203',
} as const;

/** Syntaxes whose pixel data is native (not encapsulated): frames are plain byte ranges. */
const nativeSyntaxes: ReadonlySet<string> = new Set(Object.values(transferSyntaxes));

export function isEncapsulated(transferSyntaxUid: string): boolean {
  return !nativeSyntaxes.has(transferSyntaxUid);
}

/** The media type of a compressed frame in a given transfer syntax, per PS3.18 Table 8.7.3-5. */
const frameMediaTypes: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10008.1.2.4.50', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.51', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.57', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.70', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.80', 'image/jls'],
  ['1.2.840.10008.1.2.4.81', 'image/jls'],
  ['1.2.840.10008.1.2.4.90', 'image/jp2'],
  ['1.2.840.10008.1.2.4.91', 'image/jp2'],
  ['1.2.840.10008.1.2.4.92', 'image/jpx'],
  ['1.2.840.10008.1.2.4.93', 'image/jpx'],
  ['1.2.840.10008.1.2.4.201', 'image/jphc'],
  ['1.2.840.10008.1.2.4.202', 'image/jphc'],
  ['1.2.840.10008.1.2.4.203', 'image/jphc'],
  ['1.2.840.10008.1.2.4.110', 'image/jxl'],
  ['1.2.840.10008.1.2.4.111', 'image/jxl'],
  ['1.2.840.10008.1.2.4.112', 'image/jxl'],
  ['1.2.840.10008.1.2.5', 'image/dicom-rle'],
  ['1.2.840.10008.1.2.4.100', 'video/mpeg'],
  ['1.2.840.10008.1.2.4.101', 'video/mpeg'],
  ['1.2.840.10008.1.2.4.102', 'video/mp4'],
  ['1.2.840.10008.1.2.4.103', 'video/mp4'],
  ['1.2.840.10008.1.2.4.104', 'video/mp4'],
  ['1.2.840.10008.1.2.4.105', 'video/mp4'],
  ['1.2.840.10008.1.2.4.106', 'video/mp4'],
]);

/**
 * The transfer syntax a media type means when a request names none (PS3.18 Table 8.7.3-5, "default"):
 * asking for `image/jpeg` alone means JPEG lossless SV1, not whatever JPEG happens to be stored.
 */
const defaultSyntaxOfMediaType: ReadonlyMap<string, string> = new Map([
  ['application/octet-stream', transferSyntaxes.explicitVrLittleEndian],
  ['image/jpeg', '1.2.840.10008.1.2.4.70'],
  ['image/jls', '1.2.840.10008.1.2.4.80'],
  ['image/jp2', '1.2.840.10008.1.2.4.90'],
  ['image/jpx', '1.2.840.10008.1.2.4.92'],
  ['image/jphc', '1.2.840.10008.1.2.4.201'],
  ['image/jxl', '1.2.840.10008.1.2.4.110'],
  ['image/dicom-rle', '1.2.840.10008.1.2.5'],
  ['video/mpeg', '1.2.840.10008.1.2.4.100'],
  ['video/mp4', '1.2.840.10008.1.2.4.102'],
]);

/** Media types clients still send from before PS3.18 settled the names. */
const mediaTypeAliases: ReadonlyMap<string, string> = new Map([
  ['image/x-jls', 'image/jls'],
  ['image/x-dicom-rle', 'image/dicom-rle'],
]);

export function canonicalMediaType(mediaType: string): string {
  const lower = mediaType.toLowerCase();
  return mediaTypeAliases.get(lower) ?? lower;
}

/** The media type of a frame in `transferSyntaxUid`; native syntaxes answer application/octet-stream. */
export function frameMediaTypeOf(transferSyntaxUid: string): string | undefined {
  if (!isEncapsulated(transferSyntaxUid)) return 'application/octet-stream';
  return frameMediaTypes.get(transferSyntaxUid);
}

export function defaultSyntaxOf(mediaType: string): string | undefined {
  return defaultSyntaxOfMediaType.get(canonicalMediaType(mediaType));
}
