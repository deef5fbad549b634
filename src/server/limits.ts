// The bounds on the work one request or one stored file may cause, with their defaults and the `--limit NAME=VALUE`
// option that changes them: each limit gives a clear refusal (a STOW Failure Reason, a 4xx with a reason), never a
// process that allocates gigabytes or blocks its event loop for seconds.
import { availableParallelism } from 'node:os';

export interface ServerLimits {
  /** A deflated instance stops inflating here (bytes of the inflated data set). */
  maxInflatedBytes: number;
  /**
   * …and at this many times its deflated size (beyond 16 MiB, which any instance may inflate to): a zip bomb is
   * refused after inflating a bounded multiple of what it sent.
   */
  maxInflateRatio: number;
  /** Rows × Columns × Samples per Pixel × BitsAllocated / 8 of one frame, checked at ingest and before any decode. */
  maxFrameBytes: number;
  /** The same times Number of Frames: all the pixel data an instance declares. */
  maxPixelBytes: number;
  /** Sequences nested deeper than this are refused at ingest (DICOM JSON of deeper ones breaks SQLite's JSON functions). */
  maxSequenceDepth: number;
  /** Sequence items and encapsulated fragments of one instance, together. */
  maxItems: number;
  /** One STOW part (one instance). */
  maxPartBytes: number;
  /** A whole STOW request body. */
  maxRequestBytes: number;
  /** Bytes of parts being stored at once within one STOW request: the next part waits when more are in flight. */
  maxInFlightBytes: number;
  /** Values of one QIDO matching key (a UID list, a list of modalities). */
  maxQueryValues: number;
  /** Frames decoded (for rendered, thumbnail and transcoded frames) at once in the process, each on a worker thread. */
  decodeConcurrency: number;
  /** Receiving the request headers. */
  headersTimeoutMs: number;
  /** Receiving a whole request (a large STOW takes a while; a stalled one must not hold its socket forever). */
  requestTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (a stalled upload, an idle client). */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections from one client address; more are closed at once. */
  maxConnectionsPerClient: number;
  /** On SIGTERM/SIGINT, requests in progress get this long before their connections are closed and the process exits. */
  shutdownGraceMs: number;
}

const mebibyte = 1024 * 1024;

export const defaultLimits: Readonly<ServerLimits> = Object.freeze({
  maxInflatedBytes: 512 * mebibyte,
  maxInflateRatio: 100,
  // 8192 × 8192 at 16 bits; a 4000 × 5000 mammogram is 40 MiB.
  maxFrameBytes: 128 * mebibyte,
  maxPixelBytes: 4096 * mebibyte,
  maxSequenceDepth: 32,
  maxItems: 200_000,
  maxPartBytes: 1024 * mebibyte,
  maxRequestBytes: 8192 * mebibyte,
  maxInFlightBytes: 256 * mebibyte,
  maxQueryValues: 1000,
  decodeConcurrency: Math.max(1, availableParallelism()),
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 15 * 60_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerClient: 128,
  shutdownGraceMs: 10_000,
});

/** A limit's option name: `maxInflateRatio` is `max-inflate-ratio`. */
export function optionNameOf(key: keyof ServerLimits): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

const keysByOption = new Map((Object.keys(defaultLimits) as Array<keyof ServerLimits>).map((key) => [optionNameOf(key), key]));

/** Values may be written with a unit: 512MiB, 2GiB, 64KiB (bytes), 30s, 5min (milliseconds), or plain numbers. */
const units: Record<string, number> = { kib: 1024, mib: mebibyte, gib: 1024 * mebibyte, ms: 1, s: 1000, min: 60_000 };

function valueOf(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  const factor = unit === '' ? 1 : units[unit];
  if (factor === undefined) return undefined;
  const value = Number(match[1]) * factor;
  return Number.isSafeInteger(Math.round(value)) ? Math.round(value) : undefined;
}

/** The usage lines of `--limit`: every name with its default, three a line after `indent`. */
export function limitsUsage(indent = ''): string {
  const settings = (Object.entries(defaultLimits) as Array<[keyof ServerLimits, number]>).map(([key, value]) => `${optionNameOf(key)}=${value}`);
  const lines: string[] = [];
  for (let index = 0; index < settings.length; index += 3) lines.push(settings.slice(index, index + 3).join(', '));
  return lines.join(`,\n${indent}`);
}

/**
 * The limits with `NAME=VALUE` settings (`--limit max-inflate-ratio=50 --limit max-part-bytes=256MiB`, or
 * comma-separated) applied over the defaults. Throws an Error naming the setting when one is unknown or not a
 * positive whole number.
 */
export function parseLimits(settings: readonly string[] = []): ServerLimits {
  const limits: ServerLimits = { ...defaultLimits };
  for (const setting of settings.flatMap((text) => text.split(',')).map((text) => text.trim()).filter(Boolean)) {
    const [name, text, ...rest] = setting.split('=');
    const key = keysByOption.get(name!.trim());
    if (!key) throw new Error(`--limit ${setting}: unknown limit "${name}"; the limits are ${[...keysByOption.keys()].join(', ')}`);
    const value = text === undefined || rest.length > 0 ? undefined : valueOf(text);
    if (value === undefined || value < 1) throw new Error(`--limit ${setting}: the value must be a positive whole number (units KiB, MiB, GiB, ms, s, min allowed)`);
    limits[key] = value;
  }
  return limits;
}
