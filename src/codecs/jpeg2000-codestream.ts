// The geometry a JPEG 2000 or HTJ2K codestream declares (ITU-T T.800 A.5.1, its SIZ marker segment), read and
// structurally checked before any decoder sees it. OpenJPEG 5.14's worker build keeps one decoder for every frame:
// when it fails to read a main header or a tile it returns without a word and the caller reads the previous
// frame's picture and size. So a codestream it would fail on must be refused before it is decoded. Pure.

/** What a codestream's SIZ says; the caller compares it with the DICOM header. */
export interface CodestreamGeometry {
  columns: number;
  rows: number;
  components: number;
  /** Bits per sample of each component (Ssiz + 1, T.800 Table A.11). */
  precision: number[];
  signed: boolean[];
}

export class CodestreamError extends Error {
  override name = 'CodestreamError';
}

const SOC = 0xff4f;
const SIZ = 0xff51;
const COD = 0xff52;
const QCD = 0xff5c;
const SOT = 0xff90;
const EOC = 0xffd9;

/** Marker segments T.800 A.2 (and T.814's CAP, CPF) allows in a main header, besides SIZ. */
const mainHeaderMarkers = new Set([0xff50, 0xff52, 0xff53, 0xff55, 0xff57, 0xff59, 0xff5c, 0xff5d, 0xff5e, 0xff5f, 0xff60, 0xff63, 0xff64]);

/**
 * The codestream inside `bytes`: bare (SOC first, as PS3.5 A.4.4 asks), or within a JP2 file's `jp2c` box as some
 * encoders wrongly write it.
 */
function codestreamOf(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0xff && bytes[1] === 0x4f) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 8 <= bytes.length; ) {
    let length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    let header = 8;
    if (length === 1 && at + 16 <= bytes.length) {
      length = Number(view.getBigUint64(at + 8));
      header = 16;
    }
    if (type === 'jp2c') return bytes.subarray(at + header, length === 0 ? bytes.length : at + length);
    if (length < header) break;
    at += length;
  }
  throw new CodestreamError('it does not start with a JPEG 2000 codestream (no SOC marker)');
}

/**
 * Reads SIZ and walks the main header and the tile-parts: each marker where one must be, COD and QCD present with
 * values T.800 allows, each tile-part within the bytes there are. Throws CodestreamError naming the first fault.
 */
export function readJpeg2000Geometry(bytes: Uint8Array): CodestreamGeometry {
  const stream = codestreamOf(bytes);
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const need = (end: number, what: string) => {
    if (end > stream.length) throw new CodestreamError(`the codestream ends inside its ${what}`);
  };
  need(4, 'SIZ marker segment');
  if (view.getUint16(0) !== SOC || view.getUint16(2) !== SIZ) throw new CodestreamError('its codestream does not begin with SOC and SIZ');
  const sizLength = (need(6, 'SIZ marker segment'), view.getUint16(4));
  need(4 + sizLength, 'SIZ marker segment');
  const components = view.getUint16(4 + 36);
  if (components < 1 || sizLength !== 38 + 3 * components) throw new CodestreamError(`its SIZ marker segment is malformed (${components} components in ${sizLength} bytes)`);
  const [xsiz, ysiz, xosiz, yosiz] = [view.getUint32(8), view.getUint32(12), view.getUint32(16), view.getUint32(20)];
  const [xtsiz, ytsiz] = [view.getUint32(24), view.getUint32(28)];
  if (xsiz <= xosiz || ysiz <= yosiz || xtsiz === 0 || ytsiz === 0) throw new CodestreamError('its SIZ marker segment declares an empty image or tile');
  const precision: number[] = [];
  const signed: boolean[] = [];
  for (let c = 0; c < components; c++) {
    const ssiz = stream[4 + 38 + c * 3]!;
    precision.push((ssiz & 0x7f) + 1);
    signed.push((ssiz & 0x80) !== 0);
    if ((ssiz & 0x7f) + 1 > 38 || stream[4 + 39 + c * 3] === 0 || stream[4 + 40 + c * 3] === 0) throw new CodestreamError(`its SIZ marker segment is malformed (component ${c + 1})`);
  }

  let at = 4 + sizLength;
  let sawCod = false;
  let sawQcd = false;
  for (;;) {
    need(at + 2, 'main header');
    const marker = view.getUint16(at);
    if (marker === SOT) break;
    if (!mainHeaderMarkers.has(marker)) throw new CodestreamError(`its main header holds ${hex(marker)} where a marker segment must be (byte ${at})`);
    need(at + 4, 'main header');
    const length = view.getUint16(at + 2);
    need(at + 2 + length, 'main header');
    if (length < 2) throw new CodestreamError(`its main header's ${hex(marker)} marker segment is malformed`);
    if (marker === COD) {
      checkCod(stream.subarray(at + 4, at + 2 + length));
      sawCod = true;
    }
    if (marker === QCD) sawQcd = true;
    at += 2 + length;
  }
  if (!sawCod || !sawQcd) throw new CodestreamError(`its main header lacks ${sawCod ? 'QCD' : 'COD'}`);

  // Tile-parts (T.800 A.4.2): SOT, then Psot bytes from its first byte; Psot 0 only for the last, up to EOC.
  let tileParts = 0;
  while (at + 2 <= stream.length) {
    const marker = view.getUint16(at);
    if (marker === EOC) break;
    if (marker !== SOT) {
      // A fragment padded to even length (PS3.5 A.4) after the last tile-part, without EOC.
      if (tileParts > 0 && stream.subarray(at).every((byte) => byte === 0)) break;
      throw new CodestreamError(`it holds ${hex(marker)} where a tile-part must begin (byte ${at})`);
    }
    need(at + 12, 'tile-part header');
    const psot = view.getUint32(at + 6);
    if (psot === 0) {
      tileParts += 1;
      break;
    }
    if (psot < 14) throw new CodestreamError(`its tile-part at byte ${at} is malformed`);
    if (at + psot > stream.length) throw new CodestreamError(`it is cut short: a tile-part needs ${at + psot} bytes, the frame has ${stream.length}`);
    at += psot;
    tileParts += 1;
  }
  if (tileParts === 0) throw new CodestreamError('it holds no tile-part');
  return { columns: xsiz - xosiz, rows: ysiz - yosiz, components, precision, signed };
}

/** COD's parameters (T.800 Tables A.12–A.16): values any decoder refuses are refused here first. */
function checkCod(body: Uint8Array): void {
  if (body.length < 10) throw new CodestreamError('its COD marker segment is too short');
  const [, progression, layersHigh, layersLow, transform, decompositions, blockWidth, blockHeight, , wavelet] = body;
  const layers = (layersHigh! << 8) | layersLow!;
  if (progression! > 4 || layers === 0 || transform! > 1 || decompositions! > 32 || blockWidth! > 8 || blockHeight! > 8 || blockWidth! + blockHeight! > 8 || wavelet! > 1) {
    throw new CodestreamError('its COD marker segment holds values JPEG 2000 does not allow');
  }
}

function hex(marker: number): string {
  return `0x${marker.toString(16).toUpperCase().padStart(4, '0')}`;
}
