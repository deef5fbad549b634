// Issue 18, item 2: the npm package, packed and installed as an integrator installs it, built unmodified into a small
// host app by Vite (production build and dev server), webpack 5 and esbuild, renders JPEG-LS, JPEG 2000 and HTJ2K
// series in headless Chromium: the decode worker and the WASM codecs are found through each bundler's own handling
// of `new URL('./…', import.meta.url)` (esbuild has none: its recipe copies them beside the bundle, as README says).
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { fixtureQuery, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { assertRendered } from './assert-rendered.js';
import { hostPage, writeBundledHostApp } from './host-app.js';
import { installInNewProject, packBrowserPackage } from './packed-package.js';
import { renderOutcome } from './render-check.js';
import { serveFolder } from './static-server.js';

let work: string;
let project: string;
let fixtures: FixtureServer;
let browser: Browser;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'dicom-lightbox-bundlers-'));
  const { tarball } = await packBrowserPackage(work);
  project = await installInNewProject(tarball);
  await writeBundledHostApp(project);
  fixtures = await startFixtureServer();
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
});

after(async () => {
  await browser?.close();
  await fixtures?.close();
  if (project) await rm(project, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

/** Serves a built app's folder and checks its page. */
async function checkBuiltApp(folder: string): Promise<void> {
  const server = await serveFolder(folder);
  try {
    assertRendered(await renderOutcome(browser, `${server.origin}/index.html?${fixtureQuery(fixtures)}`), fixtures.sliceChecksums);
  } finally {
    await server.close();
  }
}

describe('a host app built from the packed package', () => {
  test('Vite production build', async () => {
    const { build } = await import('vite');
    const outDir = join(work, 'vite-build');
    await build({ root: project, configFile: false, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    await checkBuiltApp(outDir);
  });

  test('Vite dev server', async () => {
    const { createServer } = await import('vite');
    const server = await createServer({ root: project, configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
    await server.listen();
    try {
      const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
      assertRendered(await renderOutcome(browser, `${origin}/index.html?${fixtureQuery(fixtures)}`), fixtures.sliceChecksums);
    } finally {
      await server.close();
    }
  });

  test('webpack 5', async () => {
    const { default: webpack } = await import('webpack');
    const outDir = join(work, 'webpack-build');
    // Production mode without minifying: minifying Cornerstone again costs minutes on two cores and proves nothing here.
    const compiler = webpack({ mode: 'production', context: project, entry: './src/main.js', output: { path: outDir, clean: true }, optimization: { minimize: false }, performance: { hints: false } });
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result!))));
    await new Promise((resolve) => compiler.close(resolve));
    assert.deepEqual(stats.compilation.errors.map(String), [], 'webpack errors');
    assert.deepEqual(stats.compilation.warnings.map(String), [], 'webpack warnings');
    await writeFile(join(outDir, 'index.html'), hostPage('', '<script src="./main.js"></script>\n'));
    await checkBuiltApp(outDir);
  });

  test('esbuild, with the decode worker and codecs copied beside the bundle', async () => {
    const { build } = await import('esbuild');
    const outDir = join(work, 'esbuild-build');
    const result = await build({ absWorkingDir: project, entryPoints: ['src/main.js'], bundle: true, format: 'esm', splitting: true, outdir: outDir, logLevel: 'silent' });
    assert.deepEqual(result.errors, []);
    const lib = join(project, 'node_modules/dicom-lightbox/dist/lib');
    await cp(join(lib, 'decodeImageFrameWorker.js'), join(outDir, 'decodeImageFrameWorker.js'));
    await cp(join(lib, 'codecs'), join(outDir, 'codecs'), { recursive: true });
    await writeFile(join(outDir, 'index.html'), hostPage('', '<script type="module" src="./main.js"></script>\n'));
    await checkBuiltApp(outDir);
  });
});
