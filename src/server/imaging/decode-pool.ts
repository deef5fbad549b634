// Decoding frames for rendered, thumbnail and decoded-frame responses on worker threads, a few at a time: a frame
// that takes seconds to decode blocks no other request, and the number decoded at once (each holding its decoded
// size in memory) is bounded. Frames larger than max-frame-bytes are refused before any decoding.
import { Worker } from 'node:worker_threads';
import type { PixelLayout } from '../dicom/pixel-layout.js';
import type { ServerLimits } from '../limits.js';
import type { DecodedFrame } from './decode-frame.js';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';
import type { NativeFrame } from './decode-to-native.js';
import { FrameDecodeError, UnsupportedFrameError } from './decoded-samples.js';

/** A frame refused for its declared size (see limits.ts, max-frame-bytes). */
export class FrameTooLargeError extends UnsupportedFrameError {
  override name = 'FrameTooLargeError';
}

/** More frames waiting than the pool accepts: the server is busy, the client may try again. */
export class DecodeQueueFullError extends Error {
  override name = 'DecodeQueueFullError';
}

/** Frames waiting, per thread, before new ones are refused. */
const queuedPerThread = 32;

/**
 * The worker's script: the built decode-worker.js beside this module's chunk, or under tsx (source, .ts) a module
 * that registers tsx in the thread first.
 */
function workerScript(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./decode-worker.js', here);
  const worker = new URL('./decode-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(worker)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}


interface Task {
  request: DecodeRequest;
  resolve: (reply: DecodeReply & { ok: true }) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  task?: Task;
}

/** Decoding as routes use it: DecodePool, or the same functions in-process. */
export interface FrameDecoder {
  decodeToNative(frame: Buffer, transferSyntaxUid: string, layout: PixelLayout): Promise<NativeFrame>;
  decodeFrame(frame: Buffer, transferSyntaxUid: string, layout: PixelLayout): Promise<DecodedFrame>;
}

export class DecodePool implements FrameDecoder {
  readonly #limits: Pick<ServerLimits, 'decodeConcurrency' | 'maxFrameBytes'>;
  readonly #threads: Thread[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(limits: Pick<ServerLimits, 'decodeConcurrency' | 'maxFrameBytes'>) {
    this.#limits = limits;
  }

  /** One stored frame as explicit VR little endian pixel data (see decodeToNative). */
  async decodeToNative(frame: Buffer, transferSyntaxUid: string, layout: PixelLayout): Promise<NativeFrame> {
    const reply = await this.#run('native', frame, transferSyntaxUid, layout);
    return { bytes: Buffer.from(reply.bytes), layout: reply.layout };
  }

  /** One stored frame's samples for rendering (see decodeFrame). */
  async decodeFrame(frame: Buffer, transferSyntaxUid: string, layout: PixelLayout): Promise<DecodedFrame> {
    const reply = await this.#run('samples', frame, transferSyntaxUid, layout);
    return { samples: new Int32Array(reply.bytes), layout: reply.layout };
  }

  /** Frames being decoded and waiting. */
  get pending(): number {
    return this.#queue.length + this.#threads.filter((thread) => thread.task).length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.reject(new Error('the server is closing'));
    await Promise.all(this.#threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  #run(kind: DecodeRequest['kind'], frame: Buffer, transferSyntaxUid: string, layout: PixelLayout): Promise<DecodeReply & { ok: true }> {
    const frameBytes = (layout.rows * layout.columns * layout.samplesPerPixel * layout.bitsAllocated) / 8;
    if (frameBytes > this.#limits.maxFrameBytes) {
      return Promise.reject(
        new FrameTooLargeError(
          `a frame of ${layout.columns}×${layout.rows}, ${layout.samplesPerPixel} sample(s) at ${layout.bitsAllocated} bits is ${frameBytes} bytes decoded, more than this server decodes (${this.#limits.maxFrameBytes}, the limit max-frame-bytes)`,
        ),
      );
    }
    if (this.#closed) return Promise.reject(new Error('the server is closing'));
    if (this.#queue.length >= queuedPerThread * this.#limits.decodeConcurrency) {
      return Promise.reject(new DecodeQueueFullError(`${this.#queue.length} frames are waiting to be decoded; try again shortly`));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, kind, frame, transferSyntaxUid, layout }, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let thread = this.#threads.find((candidate) => !candidate.task);
      if (!thread) {
        if (this.#threads.length >= this.#limits.decodeConcurrency) return;
        thread = this.#start();
      }
      const task = this.#queue.shift()!;
      thread.task = task;
      thread.worker.postMessage(task.request);
    }
  }

  #start(): Thread {
    const worker = new Worker(workerScript());
    // An idle pool must not keep the process alive.
    worker.unref();
    const thread: Thread = { worker };
    this.#threads.push(thread);
    worker.on('message', (reply: DecodeReply) => {
      const task = thread.task;
      thread.task = undefined;
      if (task && task.request.id === reply.id) {
        if (reply.ok) task.resolve(reply);
        else task.reject(errorOf(reply.name, reply.message));
      }
      this.#dispatch();
    });
    const lost = (reason: string) => {
      const index = this.#threads.indexOf(thread);
      if (index >= 0) this.#threads.splice(index, 1);
      thread.task?.reject(new FrameDecodeError(`the decoder stopped: ${reason}`));
      thread.task = undefined;
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`its thread exited with code ${code}`));
    return thread;
  }
}

function errorOf(name: string, message: string): Error {
  if (name === 'UnsupportedFrameError') return new UnsupportedFrameError(message);
  if (name === 'FrameDecodeError') return new FrameDecodeError(message);
  // A bug, not a property of the frame: its text stays out of the response (see app.ts).
  return new Error(`${name}: ${message}`);
}
