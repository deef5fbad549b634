// Reading HTTP Accept headers (RFC 9110 §12.5.1) into media ranges with their parameters and quality; the media
// type grammar is the data layer's (src/dicomweb/media-type.ts), shared with the browser.
import { parseMediaType, splitOutsideQuotes } from '../dicomweb/media-type.js';

export interface MediaRange {
  /** Lower case, e.g. `multipart/related`, `application/dicom+json`, `*\/*`. */
  mediaType: string;
  /** Parameter names lower case; values unquoted. */
  parameters: Record<string, string>;
  quality: number;
}

/** Every media range of an Accept header in header order, q=0 ranges (refusals) included. */
function mediaRangesOf(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [];
  const ranges: MediaRange[] = [];
  for (const element of splitOutsideQuotes(header, ',')) {
    const { mediaType, parameters } = parseMediaType(element);
    if (!mediaType.includes('/')) continue;
    let quality = 1;
    if (parameters.q !== undefined) {
      const q = Number(parameters.q);
      quality = Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : 1;
      delete parameters.q;
    }
    ranges.push({ mediaType, parameters, quality });
  }
  return ranges;
}

/** The media ranges of an Accept header, highest quality first (stable for equal quality); q=0 ranges dropped. */
export function parseAccept(header: string | undefined): MediaRange[] {
  return mediaRangesOf(header)
    .filter((range) => range.quality > 0)
    .map((range, order) => ({ range, order }))
    .sort((a, b) => b.range.quality - a.range.quality || a.order - b.order)
    .map(({ range }) => range);
}

/**
 * The quality an Accept header gives a media type: that of the most specific range matching it (RFC 9110 §12.5.1),
 * so `application/dicom+json;q=0, *\/*` refuses DICOM JSON; 0 when no range matches.
 */
function qualityOf(ranges: readonly MediaRange[], mediaType: string): number {
  const subtypeWildcard = `${mediaType.split('/')[0]}/*`;
  for (const candidate of [mediaType, subtypeWildcard, '*/*']) {
    const range = ranges.find((each) => each.mediaType === candidate);
    if (range) return range.quality;
  }
  return 0;
}

/**
 * True when the Accept header admits a DICOM JSON answer: absent, or application/dicom+json acceptable by its most
 * specific range, or application/json asked for by name (clients that predate the DICOM type).
 */
export function acceptsDicomJson(header: string | undefined): boolean {
  if (!header || header.trim() === '') return true;
  const ranges = mediaRangesOf(header);
  return qualityOf(ranges, 'application/dicom+json') > 0 || ranges.some((range) => range.mediaType === 'application/json' && range.quality > 0);
}
