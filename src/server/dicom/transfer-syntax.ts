// What only the server needs of transfer syntaxes: the syntax a frame media type means when a request names none,
// and the media type names clients still send. The syntaxes themselves are in src/dicom/transfer-syntax.ts.
import { transferSyntaxUids as uids } from '../../dicom/transfer-syntax.js';

/**
 * The transfer syntax a media type means when a request names none (PS3.18 Table 8.7.3-5, "default"):
 * asking for `image/jpeg` alone means JPEG lossless SV1, not whatever JPEG happens to be stored.
 */
const defaultSyntaxOfMediaType: ReadonlyMap<string, string> = new Map([
  ['application/octet-stream', uids.explicitVrLittleEndian],
  ['image/jpeg', uids.jpegLosslessSv1],
  ['image/jls', uids.jpegLsLossless],
  ['image/jp2', uids.jpeg2000Lossless],
  ['image/jpx', uids.jpeg2000Part2Lossless],
  ['image/jphc', uids.htj2kLossless],
  ['image/jxl', uids.jpegXlLossless],
  ['image/dicom-rle', uids.rleLossless],
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

export function defaultSyntaxOf(mediaType: string): string | undefined {
  return defaultSyntaxOfMediaType.get(canonicalMediaType(mediaType));
}
