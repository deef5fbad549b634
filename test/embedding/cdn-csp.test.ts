// Issue 18, item 4: the standalone bundle served from another origin (a CDN, with CORS) works, its decode worker
// started through a same-origin blob: shim; the Content Security Policy README documents is enough for compressed
// images, and a policy that lacks a part of it is reported as a `dicom-error` of kind `client` in plain words.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { assertRendered } from './assert-rendered.js';
import { fixtureQuery, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { hostPage, hostPageScript, viewportIds } from './host-app.js';
import { repositoryRoot } from './packed-package.js';
import { renderOutcome } from './render-check.js';
import { serveFolder, type StaticServer } from './static-server.js';

let work: string;
let fixtures: FixtureServer;
let browser: Browser;
let cdn: StaticServer;
const pages: StaticServer[] = [];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'dicom-lightbox-cdn-'));
  fixtures = await startFixtureServer();
  // The shipped standalone folder on an origin of its own, answering with CORS as CDNs do.
  cdn = await serveFolder(join(repositoryRoot, 'dist/browser'), { cors: true });
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
});

after(async () => {
  await browser?.close();
  for (const page of pages) await page.close();
  await cdn?.close();
  await fixtures?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * The policy README documents, for a bundle at `bundleOrigin` ('self' when the page's own). From a CDN, the worker's
 * own import of the worker script counts as a worker load (worker-src), and its codecs as fetches (connect-src).
 */
function documentedPolicy(bundleOrigin: string): string {
  const bundle = bundleOrigin === "'self'" ? "'self'" : `'self' ${bundleOrigin}`;
  return [`default-src 'self'`, `script-src ${bundle} 'wasm-unsafe-eval'`, `worker-src ${bundle} blob:`, `connect-src ${bundle} ${new URL(fixtures.dicomwebRoot).origin}`].join('; ');
}

/** A page on an origin of its own that loads the standalone bundle from `bundleUrl`, under `policy` if given. */
async function pageLoading(bundleUrl: string, policy?: string, folderName = 'page'): Promise<string> {
  const folder = join(work, folderName);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'index.html'), hostPage(`<script type="module" src="${bundleUrl}"></script>`, '<script type="module" src="./page.js"></script>\n'));
  await writeFile(join(folder, 'page.js'), hostPageScript);
  const server = await serveFolder(folder, policy ? { contentSecurityPolicy: policy } : {});
  pages.push(server);
  return `${server.origin}/index.html?${fixtureQuery(fixtures)}`;
}

describe('the standalone bundle from a CDN', () => {
  test('renders every compressed series from another origin', async () => {
    const url = await pageLoading(`${cdn.origin}/dicom-lightbox.js`);
    assertRendered(await renderOutcome(browser, url), fixtures.sliceChecksums);
  });

  test('renders under the documented policy for a CDN', async () => {
    const url = await pageLoading(`${cdn.origin}/dicom-lightbox.js`, documentedPolicy(cdn.origin));
    assertRendered(await renderOutcome(browser, url), fixtures.sliceChecksums);
  });

  test("a policy without blob: workers is reported as the decoder that could not start", async () => {
    const policy = documentedPolicy(cdn.origin).replace(' blob:', '');
    assert.match(policy, /worker-src 'self' http:\/\/127\.0\.0\.1:\d+;/);
    const outcome = await renderOutcome(browser, await pageLoading(`${cdn.origin}/dicom-lightbox.js`, policy));
    for (const id of viewportIds) assert.match(outcome.viewports[id]!.error ?? '', /^client: This page cannot decode [\w -]+ images: its image decoder \(a web worker\) could not be started here\./, id);
  });
});

describe('the documented Content Security Policy', () => {
  test('is enough for the bundle on the page\'s own origin, the policy sent with every file', async () => {
    const folder = join(work, 'same-origin');
    await cp(join(repositoryRoot, 'dist/browser'), folder, { recursive: true });
    await writeFile(join(folder, 'index.html'), hostPage('<script type="module" src="./dicom-lightbox.js"></script>', '<script type="module" src="./page.js"></script>\n'));
    await writeFile(join(folder, 'page.js'), hostPageScript);
    const server = await serveFolder(folder, { contentSecurityPolicy: documentedPolicy("'self'") });
    pages.push(server);
    assertRendered(await renderOutcome(browser, `${server.origin}/index.html?${fixtureQuery(fixtures)}`), fixtures.sliceChecksums);
  });

  test("without 'wasm-unsafe-eval' every compressed series says so, in words and not in Emscripten's", async () => {
    const policy = documentedPolicy(cdn.origin).replace(` 'wasm-unsafe-eval'`, '');
    const outcome = await renderOutcome(browser, await pageLoading(`${cdn.origin}/dicom-lightbox.js`, policy));
    for (const id of viewportIds) {
      const error = outcome.viewports[id]!.error ?? '';
      assert.match(error, /^client: This page cannot decode [\w -]+ images: its security policy blocks WebAssembly \(it needs 'wasm-unsafe-eval' in script-src\)\. \(/, id);
      assert.doesNotMatch(error.slice(0, error.indexOf(' (')), /Aborted|CompileError|RuntimeError/, `${id}: the message shows the codec's raw text`);
    }
  });
});
