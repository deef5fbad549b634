// Size budgets of each entry point, the standalone bundle's and the npm library's (after `npm run build`): sizes, not
// times, so the check is deterministic. The library's sizes leave out Lit, which the host's bundler brings.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { gzippedSize, kilobytes, staticClosure } from '../support/bundle-size.js';

const browserFolder = resolve(import.meta.dirname, '../../dist/browser');
const libraryFolder = resolve(import.meta.dirname, '../../dist/lib');

// Issue 6: defining the elements must cost little, so a portal page with only a study list does not pay for
// the rendering engine; the first image's download is held at what it is (≈725 KB since the build leaves out the
// modules a stack viewport cannot reach: rollup.config.js, standaloneWithoutUnreachable), below the 1,200 KB ceiling.
// Measurement reports (issue 14) add ≈5 KB: the controller's glue to find, load and save a study's report, and the
// parts of Cornerstone's shared modules the report chunk reaches, which rollup keeps in the engine they share.
const elementsBudgetKb = 150;
// The toolbar, the viewer and the series browser (issue 15, ≈14 KB: every element's code is in the first download),
// the viewport's controllers (issue 13, ≈1 KB) and the volume chunks' split of Cornerstone (issue 16) bring it to
// 806 KB: the budget follows, and lazy element code is the way to win it back (noted in the note).
// Languages and themes on every element (issue 18: the English message table, the lookup controller, each element's
// palette; German is a chunk fetched only for German pages) add ≈2 KB: 810 KB. Every visible string in the table
// (help panel, overlays, data-layer error codes), locale formats, the toolbar's overflow menu and the measurement
// list's words (issues 18, 14) add ≈6 KB: 816 KB. An image's failure sentences, the overlay planes' failure and the
// CT presets' names in the table (issue 18) add ≈1 KB: 818 KB. The volume notices, the decoder check's findings and
// a report's skipped lines in the table (issue 18) add ≈2 KB: measured 821 KB.
const firstImageBudgetKb = 821;

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
  // Volumes (MPR, 3D) are chunks a page fetches only when a viewport shows one.
  assert.ok(!files.some((file) => /^volume-(viewport|rendering)-/.test(file)), `no volume code in ${files.join(', ')}`);
  assert.ok(engine.dynamicImports.some((file) => file.startsWith('volume-viewport-')) || elements.dynamicImports.some((file) => file.startsWith('volume-viewport-')), 'the MPR chunk is loaded on demand');
  assert.ok([...engine.dynamicImports, ...elements.dynamicImports].some((file) => file.startsWith('volume-rendering-')), 'the 3D chunk is loaded on demand');
});

test('the engine chunk is fetched together with the chunks it imports, not after it has been fetched and parsed', () => {
  const elements = staticClosure(browserFolder, 'dicom-lightbox.js');
  const engineFile = elements.dynamicImports.find((file) => file.startsWith('viewport-engine-'))!;
  const engineImports = staticClosure(browserFolder, engineFile).files.filter((file) => file !== engineFile && !elements.files.includes(file));
  assert.ok(engineImports.length > 0, 'the engine shares chunks with the volume and report chunks');
  const code = elements.files.map((file) => readFileSync(join(browserFolder, file), 'utf8')).join('\n');
  const call = new RegExp(`\\(__dicomLightboxPreload\\((\\[[^\\]]*\\])\\), import\\("\\./${engineFile.replace(/[.]/g, '\\.')}"\\)\\)`).exec(code);
  assert.ok(call, `the elements import ${engineFile} without preloading what it imports`);
  const preloaded = (JSON.parse(call[1]!) as string[]).map((file) => file.replace(/^\.\//, ''));
  assert.deepEqual([...preloaded].sort(), [...engineImports].sort());
});

// The npm library: the same engine, and the elements without Lit.
// 40 KB until the toolbar, viewer and series browser joined the elements (52 KB); 55 KB with languages and themes;
// 60 KB with every string in the message table, locale formats and the toolbar's overflow menu; 62 KB with an
// image's failure sentences in the table and the toolbar's slab control (issues 18, 16); 64 KB (measured 64) with the
// volume notices, the decoder check's findings and a report's skipped lines in the table (issue 18).
const libraryElementsBudgetKb = 64;
const dataLayerBudgetKb = 15;
const decodeWorkerBudgetKb = 64;

const engineOf = (folder: string, entry: string) => staticClosure(folder, entry).dynamicImports.find((file) => file.startsWith('viewport-engine-'))!;
const codeOf = (folder: string, files: readonly string[]) => files.map((file) => readFileSync(join(folder, file), 'utf8')).join('\n');

for (const entry of ['index.js', 'react.js']) {
  test(`the library's ${entry} downloads at most ${libraryElementsBudgetKb} KB gzipped besides Lit, and no Cornerstone`, () => {
    const elements = staticClosure(libraryFolder, entry);
    assert.ok(kilobytes(elements.gzippedBytes) <= libraryElementsBudgetKb, `${kilobytes(elements.gzippedBytes)} KB in ${elements.files.join(', ')}`);
    assert.doesNotMatch(codeOf(libraryFolder, elements.files), /RenderingEngine|vtkOpenGL/, 'the rendering engine stays out of the elements');
  });
}

test("the library's rendering engine is the standalone's, no bigger (within 1%: minified names differ)", () => {
  const library = engineOf(libraryFolder, 'index.js');
  const standalone = engineOf(browserFolder, 'dicom-lightbox.js');
  // The engine chunk and what it imports statically (the engine is a small module over shared Cornerstone chunks).
  const [libraryBytes, standaloneBytes] = [
    gzippedSize(libraryFolder, staticClosure(libraryFolder, library).files),
    gzippedSize(browserFolder, staticClosure(browserFolder, standalone).files),
  ];
  assert.ok(libraryBytes <= standaloneBytes * 1.01, `library engine ${kilobytes(libraryBytes)} KB, standalone ${kilobytes(standaloneBytes)} KB`);
  const code = codeOf(libraryFolder, staticClosure(libraryFolder, library).files);
  assert.ok(!/xmlbuilder2|EventEmitter/.test(code), "vtk.js's XML reader (xmlbuilder2, Node's EventEmitter) is left out");
});

test(`the data layer (dicom-lightbox/dicomweb) downloads at most ${dataLayerBudgetKb} KB gzipped and defines no element`, () => {
  const entry = readFileSync(join(libraryFolder, 'dicomweb/index.js'), 'utf8');
  const chunks = [...entry.matchAll(/from\s*["']\.\.\/([^"']+\.js)["']/g)].map(([, file]) => file!);
  const files = ['dicomweb/index.js', ...new Set(chunks.flatMap((chunk) => staticClosure(libraryFolder, chunk).files))];
  const total = gzippedSize(libraryFolder, files);
  assert.ok(kilobytes(total) <= dataLayerBudgetKb, `${kilobytes(total)} KB in ${files.join(', ')}`);
  assert.doesNotMatch(codeOf(libraryFolder, files), /customElements\.define/);
});

test(`the decode worker is at most ${decodeWorkerBudgetKb} KB gzipped (its codecs fetched as needed), and there is no other worker`, () => {
  for (const folder of [libraryFolder, browserFolder]) {
    const bytes = gzippedSize(folder, ['decodeImageFrameWorker.js']);
    assert.ok(kilobytes(bytes) <= decodeWorkerBudgetKb, `${folder}: ${kilobytes(bytes)} KB`);
    assert.deepEqual(readdirSync(folder).filter((file) => /Worker\.js$/.test(file)), ['decodeImageFrameWorker.js']);
  }
});

// Measurement reports (DICOM SR through @cornerstonejs/adapters): a chunk the engine fetches when a study holds a
// report or one is saved, never part of the first image.
const measurementReportBudgetKb = 30;

test(`measurement reports are a chunk of their own of at most ${measurementReportBudgetKb} KB gzipped, outside the first image`, () => {
  const elements = staticClosure(browserFolder, 'dicom-lightbox.js');
  const engine = staticClosure(browserFolder, engineOf(browserFolder, 'dicom-lightbox.js'));
  const report = engine.dynamicImports.find((file) => file.startsWith('sr-report-'));
  assert.ok(report, `the engine loads the report chunk on demand (its dynamic imports: ${engine.dynamicImports.join(', ')})`);
  const firstImage = [...new Set([...elements.files, ...engine.files])];
  assert.ok(!firstImage.includes(report), 'the report chunk is not part of the first image');
  assert.doesNotMatch(codeOf(browserFolder, firstImage), /getAdapterForTrackingIdentifier/, "the adapters' measurement report stays out of the first image");
  const own = staticClosure(browserFolder, report).files.filter((file) => !firstImage.includes(file));
  const bytes = gzippedSize(browserFolder, own);
  assert.ok(kilobytes(bytes) <= measurementReportBudgetKb, `${kilobytes(bytes)} KB in ${own.join(', ')}`);
});
