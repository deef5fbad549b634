// The package as npm users resolve it (after `npm run build`): the browser entry and the data layer resolve for a
// browser bundler, and no server is exported (it is the dicom-lightbox-server package: packages.test.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';

const packageRoot = resolve(import.meta.dirname, '../..');
let consumer: string;

before(async () => {
  // A project that depends on dicom-lightbox, as npm would lay it out.
  consumer = await mkdtemp(join(tmpdir(), 'dicom-lightbox-consumer-'));
  await mkdir(join(consumer, 'node_modules'));
  await symlink(packageRoot, join(consumer, 'node_modules', 'dicom-lightbox'), 'dir');
});

after(async () => {
  await rm(consumer, { recursive: true, force: true });
});

/** Bundles one import for the browser as a user's bundler would, without writing anything. */
function bundleForBrowser(specifier: string) {
  return build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir: consumer, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    // Only where the import resolves matters here, not the dependencies behind it.
    external: ['lit', 'lit/*', '@lit/*', 'react'],
  });
}

test('the browser entry and the DICOMweb data layer resolve for a browser bundle', async () => {
  const elements = await bundleForBrowser('dicom-lightbox');
  assert.match(elements.outputFiles[0]!.text, /dicom-viewport/);
  const dicomweb = await bundleForBrowser('dicom-lightbox/dicomweb');
  assert.match(dicomweb.outputFiles[0]!.text, /DicomwebSource/);
  assert.doesNotMatch(dicomweb.outputFiles[0]!.text, /customElements\.define/, 'the data layer defines no element');
});

test('no server is exported to a browser bundle', async () => {
  await assert.rejects(bundleForBrowser('dicom-lightbox/server'), (error: Error) => {
    assert.match(error.message, /dicom-lightbox\/server/);
    return true;
  });
});

test('Node resolves the measurement schema, and the manifest lists every element', async () => {
  const script = join(consumer, 'use-schema.mjs');
  await writeFile(script, "import schema from 'dicom-lightbox/measurement.schema.json' with { type: 'json' };\nconsole.log(schema.title);\n");
  assert.equal(execFileSync(process.execPath, [script], { cwd: consumer, encoding: 'utf8' }).trim(), 'dicom-lightbox measurement');
  const manifest = await import(join(packageRoot, 'custom-elements.json'), { with: { type: 'json' } });
  const tags = manifest.default.modules.flatMap((module: { declarations?: Array<{ tagName?: string }> }) => module.declarations ?? []).map((declaration: { tagName?: string }) => declaration.tagName).filter(Boolean);
  assert.deepEqual(tags.sort(), ['dicom-measurements', 'dicom-series-browser', 'dicom-study-list', 'dicom-toolbar', 'dicom-viewer', 'dicom-viewport']);
});
