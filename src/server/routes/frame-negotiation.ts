// Choosing how to send an instance's frames from the request's Accept header and the stored transfer syntax
// (PS3.18 8.7.3: media types and transfer syntaxes of bulk data and frames). Compressed frames go as stored or
// decoded to explicit VR little endian (the default of application/octet-stream); transcoding into another
// compressed syntax is not done: a request that needs it is refused with 406 and a reason.
import { canDecode, decodedSyntaxesText } from '../imaging/decode-to-native.js';
import { parseAccept } from '../media-types.js';
import { isEncapsulatedSyntax, transferSyntaxOf, transferSyntaxUids } from '../../dicom/transfer-syntax.js';
import { canonicalMediaType, defaultSyntaxOf } from '../dicom/transfer-syntax.js';

export interface FrameRepresentation {
  /** Media type of each part and of the multipart `type` parameter. */
  mediaType: string;
  /** The part Content-Type, transfer syntax included so a client needs no lookup table. */
  partContentType: string;
  /** Big-endian native data answered as little endian: swap each sample's bytes. */
  swapBytes: boolean;
  /** Compressed frames answered as explicit VR little endian: decode each (src/server/imaging/decode-to-native.ts). */
  decode: boolean;
}

export type FrameNegotiation = { ok: true; representation: FrameRepresentation } | { ok: false; reason: string };

function representation(mediaType: string, transferSyntaxUid: string, change: { swapBytes?: boolean; decode?: boolean } = {}): FrameNegotiation {
  const partContentType = `${mediaType}; transfer-syntax=${transferSyntaxUid}`;
  return { ok: true, representation: { mediaType, partContentType, swapBytes: change.swapBytes ?? false, decode: change.decode ?? false } };
}

/**
 * What one acceptable part type + transfer syntax gives for frames stored in `storedSyntax`, or undefined.
 * `requestedSyntax` undefined means the media type's default syntax (PS3.18 8.7.3.5.2), `*` any syntax.
 */
function offer(partType: string, requestedSyntax: string | undefined, storedSyntax: string): FrameNegotiation | undefined {
  const native = !isEncapsulatedSyntax(storedSyntax);
  const storedType = transferSyntaxOf(storedSyntax)?.mediaType;
  if (partType === 'application/octet-stream') {
    const explicitLittleEndian = transferSyntaxUids.explicitVrLittleEndian;
    if (requestedSyntax === '*') {
      // "Whatever is stored": compressed frames go as they are, under their own image/* type.
      if (!native && storedType) return representation(storedType, storedSyntax);
    } else if ((requestedSyntax ?? explicitLittleEndian) !== explicitLittleEndian) {
      return undefined;
    }
    // PS3.18 8.7.3.5.2: uncompressed frames are explicit VR little endian; compressed ones are decoded into it.
    if (!native) return canDecode(storedSyntax) ? representation(partType, explicitLittleEndian, { decode: true }) : undefined;
    // Native pixel data of implicit and explicit LE (and deflated, inflated at ingest) is already explicit-LE
    // bytes; big endian is swapped into it.
    return representation(partType, explicitLittleEndian, { swapBytes: storedSyntax === transferSyntaxUids.explicitVrBigEndian });
  }
  if (native || !storedType) return undefined;
  const typeMatches = partType === storedType || partType === '*/*' || partType === `${storedType.split('/')[0]}/*`;
  if (!typeMatches) return undefined;
  const wanted = requestedSyntax ?? defaultSyntaxOf(partType);
  if (wanted !== '*' && wanted !== storedSyntax) return undefined;
  return representation(storedType, storedSyntax);
}

/** Picks the representation of frames stored in `storedSyntax` for an Accept header. */
export function negotiateFrames(accept: string | undefined, storedSyntax: string): FrameNegotiation {
  const ranges = parseAccept(accept);
  // No Accept at all means the default: multipart/related; type="application/octet-stream" (explicit VR LE).
  if (ranges.length === 0 && (!accept || accept.trim() === '')) {
    ranges.push({ mediaType: 'multipart/related', parameters: {}, quality: 1 });
  }
  for (const range of ranges) {
    let partType: string;
    if (range.mediaType === '*/*' || range.mediaType === 'multipart/*' || range.mediaType === 'multipart/related') {
      partType = canonicalMediaType(range.parameters['type'] ?? 'application/octet-stream');
    } else {
      // Single-part frame responses are not offered: frames always go as multipart/related.
      continue;
    }
    const result = offer(partType, range.parameters['transfer-syntax'], storedSyntax);
    if (result) return result;
  }
  const storedType = transferSyntaxOf(storedSyntax)?.mediaType ?? 'an unsupported media type';
  let advice: string;
  if (!isEncapsulatedSyntax(storedSyntax)) advice = 'ask for multipart/related; type="application/octet-stream" (explicit VR little endian) or transfer-syntax=*';
  else if (canDecode(storedSyntax)) {
    advice = `ask for multipart/related; type="${storedType}"; transfer-syntax=${storedSyntax} (or transfer-syntax=*), or type="application/octet-stream" for them decoded to explicit VR little endian; transcoding into another compressed syntax is not implemented`;
  } else {
    advice = `ask for multipart/related; type="${storedType}"; transfer-syntax=${storedSyntax} (or transfer-syntax=*); this server cannot decode ${storedSyntax} (it decodes ${decodedSyntaxesText}), so it cannot send them uncompressed`;
  }
  return { ok: false, reason: `frames are stored as ${storedSyntax} (${storedType}); ${advice}. Accept was "${accept ?? ''}"` };
}
