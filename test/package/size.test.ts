// Size budgets of the standalone bundle (after `npm run build`): sizes, not times, so the check is deterministic.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { gzippedSize, kilobytes, staticClosure } from '../support/bundle-size.js';

const browserFolder = resolve(import.meta.dirname, '../../dist/browser');

// Issue 6: defining the elements must cost little, so a portal page with only a study list does not pay for
// the rendering engine; the first image's download is held at what it is (≈725 KB since the build leaves out the
// modules a stack viewport cannot reach: rollup.config.js, standaloneWithoutUnreachable), below the 1,200 KB ceiling.
const elementsBudgetKb = 150;
const firstImageBudgetKb = 780;

test(`defining the elements downloads at most ${elementsBudgetKb} KB gzipped, and no Cornerstone`, () => {
  const elements = staticClosure(browserFolder, 'dicom-lightbox.js');
  assert.ok(kilobytes(elements.gzippedBytes) <= elementsBudgetKb, `${kilobytes(elements.gzippedBytes)} KB in ${elements.files.join(', ')}`);
  const code = elements.files.map((file) => readFileSync(join(browserFolder, file), 'utf8')).join('\n');
  assert.doesNotMatch(code, /RenderingEngine|vtkOpenGL/, 'the rendering engine stays out of the elements');
  assert.ok(elements.dynamicImports.some((file) => file.startsWith('viewport-engine-')), 'the engine is a chunk loaded on demand');
});

test(`the first image needs at most ${firstImageBudgetKb} KB gzipped of JavaScript, without codecs`, () => {
  const elements = staticClosure(browserFolder, 'dicom-lightbox.js');
  const engineFile = elements.dynamicImports.find((file) => file.startsWith('viewport-engine-'))!;
  const engine = staticClosure(browserFolder, engineFile);
  const files = [...new Set([...elements.files, ...engine.files])];
  const total = gzippedSize(browserFolder, files);
  assert.ok(kilobytes(total) <= firstImageBudgetKb, `${kilobytes(total)} KB in ${files.join(', ')}`);
  const code = files.map((file) => readFileSync(join(browserFolder, file), 'utf8')).join('\n');
  // The codecs' glue and WASM belong to the decode worker, fetched when a frame is to be decoded.
  assert.doesNotMatch(code, /charlswasm|openjpegwasm|libjpegturbowasm|openjphjs|jpegxlwasm/, 'no codec in the first download');
  assert.match(code, /decodeImageFrameWorker\.js/, 'the decode worker is started by URL, not bundled');
});
