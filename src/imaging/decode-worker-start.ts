// Starts one decode worker, the file built beside this module's chunk (rollup.config.js: decodeWorker).
//
// The literal `new Worker(new URL('./…', import.meta.url), { type: 'module' })` is what webpack, Vite and Parcel
// recognise to bundle the worker and the codecs it references, so it stays literal. A browser refuses, synchronously,
// a worker script from another origin (the standalone bundle served by a CDN): then a same-origin blob: module
// imports the script instead (the CDN must answer with CORS headers, as it must for the codecs the worker fetches).

/**
 * The worker file beside this module's chunk, and that chunk's URL, each read apart from the literal pattern so that
 * no bundler emits the file a second time or warns about an expression.
 */
const workerFile = ['.', 'decodeImageFrameWorker.js'].join('/');
const moduleUrl = import.meta.url;

export function startDecodeWorker(): Worker {
  try {
    return new Worker(new URL('./decodeImageFrameWorker.js', import.meta.url), { type: 'module' });
  } catch (error) {
    if (!isCrossOriginRefusal(error)) throw error;
    return crossOriginWorker(new URL(workerFile, moduleUrl).href);
  }
}

function isCrossOriginRefusal(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'SecurityError' && new URL(workerFile, moduleUrl).origin !== globalThis.location?.origin;
}

/**
 * A module worker of this page's origin whose one line imports the worker script by its absolute URL: the script and
 * its `import.meta.url` stay those of the other origin, so the codecs beside it are fetched from there (with CORS).
 * Needs `worker-src blob:` under a Content Security Policy.
 */
export function crossOriginWorker(url: string): Worker {
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};\n`], { type: 'text/javascript' }));
  return new Worker(shim, { type: 'module' });
}
