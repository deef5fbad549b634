// A decode worker thread of DecodePool (decode-pool.ts): decodes one frame a message, off the server's event loop.
import { parentPort } from 'node:worker_threads';
import { decodeFrame } from './decode-frame.js';
import { decodeToNative } from './decode-to-native.js';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';

/** The bytes as an ArrayBuffer of their own, to transfer (a Buffer may be a view into a larger shared one). */
function ownBuffer(view: Uint8Array | Int32Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = view;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
}

parentPort!.on('message', async (request: DecodeRequest) => {
  let reply: DecodeReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const frame = Buffer.from(request.frame.buffer, request.frame.byteOffset, request.frame.byteLength);
    if (request.kind === 'native') {
      const native = await decodeToNative(frame, request.transferSyntaxUid, request.layout);
      const bytes = ownBuffer(native.bytes);
      transfer.push(bytes);
      reply = { id: request.id, ok: true, bytes, layout: native.layout };
    } else {
      const decoded = await decodeFrame(frame, request.transferSyntaxUid, request.layout);
      const bytes = ownBuffer(decoded.samples);
      transfer.push(bytes);
      reply = { id: request.id, ok: true, bytes, layout: decoded.layout };
    }
  } catch (error) {
    reply = { id: request.id, ok: false, name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
  }
  parentPort!.postMessage(reply, transfer);
});
