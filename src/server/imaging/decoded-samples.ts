// What a codec gives back for one frame, checked against the instance's header, and the two ways decoding fails.
import type { PixelLayout } from '../dicom/pixel-layout.js';

export interface DecodedSamples {
  /** Little-endian words of `bytesPerSample` bytes, owned (copied out of any WASM memory). */
  bytes: Uint8Array;
  bytesPerSample: 1 | 2 | 4;
  /** Component after component (RRR…GGG…BBB…) rather than pixel after pixel (RGBRGB…). */
  planar: boolean;
}

/** What this server has no decoder for (a syntax, a bit depth): the request is refused, the data may be fine. */
export class UnsupportedFrameError extends Error {
  override name = 'UnsupportedFrameError';
}

/** The decoder could not make sense of the stored frame, or made something else than the header describes. */
export class FrameDecodeError extends Error {
  override name = 'FrameDecodeError';
}

/**
 * Refuses a decoded frame whose size or sample count is not what the Image Pixel attributes say: sent on, it
 * would be read as a different image.
 */
export function checkDecodedSize(
  decoder: string,
  decoded: { columns: number; rows: number; components: number; byteLength: number; bytesPerSample: number },
  layout: PixelLayout,
  messages: string[] = [],
): void {
  const { columns, rows, components, byteLength, bytesPerSample } = decoded;
  const expected = columns * rows * components * bytesPerSample;
  if (columns === layout.columns && rows === layout.rows && components === layout.samplesPerPixel && byteLength >= expected) return;
  const said = messages.length > 0 ? ` (${messages.join('; ')})` : '';
  throw new FrameDecodeError(
    `${decoder} decoded a ${columns}×${rows} frame of ${components} component(s) in ${byteLength} bytes; the header says ${layout.columns}×${layout.rows}, ${layout.samplesPerPixel} sample(s) per pixel${said}`,
  );
}

/** A thrown value as text: codecs throw strings and numbers as well as Errors. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return String(thrown);
}
