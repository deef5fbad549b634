// The WASM decoders Cornerstone ships (CharLS, OpenJPEG, OpenJPH, libjpeg-turbo), loaded in Node: each module is
// compiled on the first frame that needs it, once per process, and what it prints is kept for error messages.
import { createRequire } from 'node:module';
import type { PixelLayout } from '../dicom/pixel-layout.js';
import { checkDecodedSize, describeThrown, FrameDecodeError, UnsupportedFrameError, type DecodedSamples } from './decoded-samples.js';

export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The decoder classes of the four packages share this shape (Emscripten embind objects, freed by delete()). */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  /** A view into WASM memory: valid until the next call into the decoder. */
  getDecodedBuffer(): Uint8Array;
  delete(): void;
  /** CharLS only: 0 none (planar output), 1 line, 2 sample. */
  getInterleaveMode?(): number;
}

export interface WasmCodec {
  /** Package and decoder, for messages. */
  name: string;
  createDecoder(): WasmDecoder;
  /** What the module printed since the last takeMessages(): OpenJPEG and OpenJPH report errors this way, not by throwing. */
  takeMessages(): string[];
  /** The text of a C++ exception the module threw as a number (CharLS has it; the others answer undefined). */
  exceptionMessage(thrown: unknown): string | undefined;
}

interface EmscriptenModule {
  getExceptionMessage?: (pointer: number) => string | [string, string];
  [decoderClass: string]: unknown;
}
type EmscriptenFactory = (options: { print: (text: string) => void; printErr: (text: string) => void }) => Promise<EmscriptenModule>;

const require = createRequire(import.meta.url);

/** Keeps the last lines only: a decoder that prints for every tile must not grow memory. */
const keptMessages = 8;

function lazyCodec(name: string, specifier: string, decoderClass: string): () => Promise<WasmCodec> {
  let loading: Promise<WasmCodec> | undefined;
  return () =>
    (loading ??= (async () => {
      let messages: string[] = [];
      const keep = (text: string) => {
        messages.push(text);
        if (messages.length > keptMessages) messages.shift();
      };
      const module = await (require(specifier) as EmscriptenFactory)({ print: keep, printErr: keep });
      const Decoder = module[decoderClass] as new () => WasmDecoder;
      return {
        name,
        createDecoder: () => new Decoder(),
        takeMessages: () => {
          const taken = messages;
          messages = [];
          return taken;
        },
        exceptionMessage: (thrown: unknown) => {
          if (typeof thrown !== 'number' || !module.getExceptionMessage) return undefined;
          const message = module.getExceptionMessage(thrown);
          return Array.isArray(message) ? message.filter(Boolean).join(': ') : message;
        },
      };
    })().catch((error: unknown) => {
      // A failed compile is not remembered: the next frame tries again.
      loading = undefined;
      throw error;
    }));
}

export const charls = lazyCodec('CharLS (JPEG-LS)', '@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder');
export const openJpeg = lazyCodec('OpenJPEG (JPEG 2000)', '@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder');
export const openJph = lazyCodec('OpenJPH (HTJ2K)', '@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder');
export const libjpegTurbo = lazyCodec('libjpeg-turbo (JPEG 8-bit)', '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', 'JPEGDecoder');

/**
 * One frame through a WASM decoder: a fresh decoder each time (decoding is synchronous, so frames never share one
 * mid-decode, and a decoder left in an error state is not reused), the samples copied out before it is freed.
 */
export async function decodeWithWasm(load: () => Promise<WasmCodec>, frame: Uint8Array, layout: PixelLayout): Promise<DecodedSamples> {
  const codec = await load();
  const decoder = codec.createDecoder();
  codec.takeMessages();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    try {
      decoder.decode();
    } catch (thrown) {
      const said = [codec.exceptionMessage(thrown) ?? describeThrown(thrown), ...codec.takeMessages()];
      throw new FrameDecodeError(`${codec.name} could not decode the frame: ${said.join('; ')}`);
    }
    const info = decoder.getFrameInfo();
    if (info.bitsPerSample > 16) throw new UnsupportedFrameError(`${codec.name} decoded ${info.bitsPerSample}-bit samples; this server handles up to 16`);
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    const decoded = decoder.getDecodedBuffer();
    const size = { columns: info.width, rows: info.height, components: info.componentCount, byteLength: decoded.length, bytesPerSample };
    checkDecodedSize(codec.name, size, layout, codec.takeMessages());
    return {
      bytes: decoded.slice(0, info.width * info.height * info.componentCount * bytesPerSample),
      bytesPerSample,
      // CharLS hands back a colour frame coded without interleaving (mode 0) one component after another.
      planar: info.componentCount > 1 && decoder.getInterleaveMode?.() === 0,
    };
  } finally {
    decoder.delete();
  }
}
