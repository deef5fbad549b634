// Failures of this page rather than of the server or the image: the rendering engine's chunk, the decode worker or a
// WebAssembly codec that cannot be loaded or run here (a Content Security Policy without 'wasm-unsafe-eval', a
// worker script on another origin, a codec's CommonJS glue served as it is, a file the server does not have). Told
// by cause in words a clinician can pass on to whoever runs the page; the browser's own text goes in `detail`.
import { codecNameOf } from '../dicom/transfer-syntax.js';

export interface ClientFailure {
  kind: 'client';
  message: string;
  /** The technical text (the browser's, Emscripten's or the engine's). */
  detail: string;
}

/** What the page cannot do, by the cause the text shows; undefined when the text shows no failure of the page. */
const causes: Array<{ pattern: RegExp; words: (images: string) => string }> = [
  {
    pattern: /Refused to compile or instantiate WebAssembly|wasm-unsafe-eval|wasm-eval|WebAssembly.*Content Security Policy/i,
    words: (images) => `This page cannot decode ${images}: its security policy blocks WebAssembly (it needs 'wasm-unsafe-eval' in script-src).`,
  },
  {
    pattern: /Failed to construct 'Worker'|cannot be accessed from origin|Refused to create a worker|worker.*(failed to load|error event)|importScripts/i,
    words: (images) => `This page cannot decode ${images}: its image decoder (a web worker) could not be started here.`,
  },
  {
    pattern: /\b(require|module|exports) is not defined\b/,
    words: (images) => `This page cannot decode ${images}: a decoder's script is served in a form the browser cannot run.`,
  },
  {
    pattern: /fetching of the wasm failed|failed to asynchronously prepare wasm|expected magic word|WebAssembly\.(instantiate|compile)|CompileError|LinkError|Aborted\(/i,
    words: (images) => `This page cannot decode ${images}: a decoder (WebAssembly) could not be loaded.`,
  },
  {
    pattern: /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Loading chunk .* failed/i,
    words: () => 'This page cannot show images: the viewer\'s rendering engine could not be loaded.',
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
  return { kind: 'client', message: cause.words(codec ? `${codec} images` : 'these images'), detail };
}
