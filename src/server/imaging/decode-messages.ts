// What DecodePool and its worker threads say to each other.
import type { PixelLayout } from '../dicom/pixel-layout.js';

export interface DecodeRequest {
  id: number;
  /** 'native': explicit VR little endian bytes (decodeToNative); 'samples': Int32 samples for rendering (decodeFrame). */
  kind: 'native' | 'samples';
  frame: Uint8Array;
  transferSyntaxUid: string;
  layout: PixelLayout;
}

export type DecodeReply =
  | { id: number; ok: true; bytes: ArrayBuffer; layout: PixelLayout }
  | { id: number; ok: false; name: string; message: string };
