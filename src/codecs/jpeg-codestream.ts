// The geometry a JPEG (ITU-T T.81, its SOFn frame header) or JPEG-LS (ITU-T T.87, SOF55) frame declares, read and
// structurally checked before any decoder sees it: the decoders take the size from this header, not from DICOM's,
// and some fill a frame whose data runs out with whatever their buffer held. Pure.
import { CodestreamError, type CodestreamGeometry } from './jpeg2000-codestream.js';

const SOI = 0xffd8;
const EOI = 0xffd9;
const SOS = 0xffda;
const DNL = 0xffdc;
/** SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC); and JPEG-LS's SOF55 (F7). */
const frameHeaders = new Set([0xffc0, 0xffc1, 0xffc2, 0xffc3, 0xffc5, 0xffc6, 0xffc7, 0xffc9, 0xffca, 0xffcb, 0xffcd, 0xffce, 0xffcf, 0xfff7]);

/**
 * Reads the frame header and walks the marker segments before the first scan; then checks that the frame ends
 * with EOI (a fragment may carry one byte of padding, PS3.5 A.4). Throws CodestreamError naming the first fault.
 */
export function readJpegGeometry(bytes: Uint8Array): CodestreamGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== SOI) throw new CodestreamError('it does not start with a JPEG SOI marker');
  let geometry: CodestreamGeometry | undefined;
  let at = 2;
  for (;;) {
    if (at + 4 > bytes.length) throw new CodestreamError('it ends before its first scan');
    // Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
    if (bytes[at] === 0xff && bytes[at + 1] === 0xff) {
      at += 1;
      continue;
    }
    const marker = view.getUint16(at);
    if (bytes[at] !== 0xff || marker < 0xffc0 || marker === 0xffff) throw new CodestreamError(`it holds 0x${marker.toString(16).toUpperCase()} where a marker must be (byte ${at})`);
    const length = view.getUint16(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) throw new CodestreamError(`its 0x${marker.toString(16).toUpperCase()} marker segment runs past the frame`);
    if (frameHeaders.has(marker)) {
      if (geometry) throw new CodestreamError('it has two frame headers');
      const components = bytes[at + 9]!;
      if (components < 1 || length !== 8 + 3 * components) throw new CodestreamError(`its frame header is malformed (${components} components in ${length} bytes)`);
      const precision = bytes[at + 4]!;
      geometry = {
        rows: view.getUint16(at + 5),
        columns: view.getUint16(at + 7),
        components,
        precision: new Array<number>(components).fill(precision),
        signed: new Array<boolean>(components).fill(false),
      };
      if (geometry.columns === 0 || precision < 2 || precision > 16) throw new CodestreamError('its frame header declares an empty image or an impossible precision');
    }
    if (marker === SOS) break;
    at += 2 + length;
  }
  if (!geometry) throw new CodestreamError('it has no frame header before its scan');
  let end = bytes.length;
  while (end > at && (bytes[end - 1] === 0x00 || (bytes[end - 1] === 0xff && bytes[end - 2] === 0xff))) end -= 1;
  if (end < 2 || view.getUint16(end - 2) !== EOI) throw new CodestreamError('it is cut short: it does not end with EOI');
  // A height of 0 is given later by a DNL marker segment (T.81 B.2.5), which few decoders read.
  if (geometry.rows === 0) {
    const dnl = lastIndexOfMarker(bytes, DNL);
    if (dnl < 0 || dnl + 6 > bytes.length) throw new CodestreamError('its frame header gives no height and no DNL follows');
    geometry.rows = view.getUint16(dnl + 4);
  }
  return geometry;
}

function lastIndexOfMarker(bytes: Uint8Array, marker: number): number {
  for (let at = bytes.length - 2; at >= 0; at--) if (bytes[at] === marker >> 8 && bytes[at + 1] === (marker & 0xff)) return at;
  return -1;
}
