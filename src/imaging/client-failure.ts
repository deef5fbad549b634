// Failures of this page rather than of the server or the image: the rendering engine's chunk, the decode worker or a
// WebAssembly codec that cannot be loaded or run here (a Content Security Policy without 'wasm-unsafe-eval', a
// worker script on another origin, a codec's CommonJS glue served as it is, a file the server does not have). Told
// by cause (a `code`, said in words a clinician can pass on to whoever runs the page: the message table's
// `clientFailure.*`); the browser's own text goes in `detail`.
import { codecNameOf } from '../dicom/transfer-syntax.js';
import { clientFailureMessage } from '../i18n/client-failure-message.js';
import { english } from '../i18n/localizer.js';

/** Which part of the page failed; its sentence in each language is the message table's `clientFailure.<code>`. */
export type ClientFailureCode = 'wasm-blocked' | 'worker-blocked' | 'script-form' | 'wasm-unavailable' | 'engine-unavailable';

export interface ClientFailure {
  kind: 'client';
  code: ClientFailureCode;
  /** The codec of the images that cannot be decoded (`JPEG-LS`), when known. */
  codec?: string;
  /** The sentence in English (an element says it in its reader's language from `code` and `codec`). */
  message: string;
  /** The technical text (the browser's, Emscripten's or the engine's). */
  detail: string;
}

/** The failure of the page that a text shows, by pattern; the first match wins. */
const causes: Array<{ pattern: RegExp; code: ClientFailureCode }> = [
  { pattern: /Refused to compile or instantiate WebAssembly|wasm-unsafe-eval|wasm-eval|WebAssembly.*Content Security Policy/i, code: 'wasm-blocked' },
  {
    pattern: /Failed to construct 'Worker'|cannot be accessed from origin|Refused to create a worker|worker.*(failed to load|error event)|importScripts/i,
    code: 'worker-blocked',
  },
  { pattern: /\b(require|module|exports) is not defined\b/, code: 'script-form' },
  {
    pattern: /fetching of the wasm failed|failed to asynchronously prepare wasm|expected magic word|WebAssembly\.(instantiate|compile)|CompileError|LinkError|Aborted\(/i,
    code: 'wasm-unavailable',
  },
  {
    pattern: /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Loading chunk .* failed/i,
    code: 'engine-unavailable',
  },
];

function textOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.cause ? ` (${textOf(error.cause)})` : ''}`;
  if (typeof ErrorEvent !== 'undefined' && error instanceof ErrorEvent) return `worker error event: ${error.message || 'failed to load'} ${error.filename ?? ''}`.trim();
  if (typeof Event !== 'undefined' && error instanceof Event) return `worker ${error.type} event`;
  return typeof error === 'string' ? error : JSON.stringify(error ?? 'unknown error');
}

/**
 * The failure of this page that `error` shows, or undefined when it shows none. `transferSyntaxUid`, when known,
 * names the images that cannot be decoded.
 */
export function describeClientFailure(error: unknown, transferSyntaxUid?: string): ClientFailure | undefined {
  const detail = textOf(error);
  const cause = causes.find(({ pattern }) => pattern.test(detail));
  if (!cause) return undefined;
  const codec = codecNameOf(transferSyntaxUid);
  const failure = { kind: 'client' as const, code: cause.code, ...(codec ? { codec } : {}), detail };
  return { ...failure, message: clientFailureMessage(failure, english.t) };
}
