// Failures of the page told apart from failures of the server or the image, by the texts Chromium, Emscripten and
// the module loader give (as they appear in Chromium 156).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeClientFailure } from '../../src/imaging/client-failure.js';

const jpegLs = '1.2.840.10008.1.2.4.80';

test('a Content Security Policy without wasm-unsafe-eval', () => {
  const error = new Error(
    "Aborted(CompileError: WebAssembly.instantiate(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\")",
  );
  const failure = describeClientFailure(error, jpegLs)!;
  assert.equal(failure.kind, 'client');
  assert.equal(failure.message, "This page cannot decode JPEG-LS images: its security policy blocks WebAssembly (it needs 'wasm-unsafe-eval' in script-src).");
  assert.match(failure.detail, /Refused to compile/);
});

test('a worker that cannot be constructed', () => {
  const error = new DOMException("Failed to construct 'Worker': Script at 'https://cdn.example/decodeImageFrameWorker.js' cannot be accessed from origin 'https://portal.example'.", 'SecurityError');
  assert.equal(describeClientFailure(error, '1.2.840.10008.1.2.4.90')?.message, 'This page cannot decode JPEG 2000 images: its image decoder (a web worker) could not be started here.');
});

test('CommonJS glue served as it is, a missing WASM file, the engine chunk', () => {
  assert.match(describeClientFailure(new ReferenceError('require is not defined'), jpegLs)!.message, /served in a form the browser cannot run/);
  assert.match(describeClientFailure(new Error('Aborted(both async and sync fetching of the wasm failed)'), undefined)!.message, /^This page cannot decode these images: a decoder \(WebAssembly\) could not be loaded\.$/);
  assert.match(describeClientFailure(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/dist/viewport-engine-x.js'))!.message, /rendering engine could not be loaded/);
});

test('failures of the image or the server are not the page\'s', () => {
  assert.equal(describeClientFailure(new Error('Invalid JPEG-LS stream, the encoded bit stream contains a general structural problem'), jpegLs), undefined);
  assert.equal(describeClientFailure(new Error("the frame's codestream is damaged: it is cut short"), jpegLs), undefined);
  assert.equal(describeClientFailure('no decoder for transfer syntax 1.2.840.10008.1.2.4.92'), undefined);
});
