// The demo page under its own security headers, in Debian's headless Chromium: opened from a share link (the token
// in the URL fragment, no other credential), it lists the shared study, decodes an HTJ2K series (WASM codec in the
// decode worker) and puts the image on screen, with no Content-Security-Policy violation reported and the token in
// no request URL. Needs the browser bundle (npx rollup -c); skipped, saying so, without it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { generateSampleInstancesWithCompressed, htj2kMrSeries } from '../../src/sample-data/compressed.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { ShareLinks } from '../../src/server/auth/share-links.js';
import { tokenTableOf } from '../../src/server/auth/tokens.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

const demo = { pageDir: fileURLToPath(new URL('../../demo', import.meta.url)), bundleDir: fileURLToPath(new URL('../../dist/browser', import.meta.url)) };
const skip = !existsSync(join(demo.bundleDir, 'dicom-lightbox.js'))
  ? 'the browser bundle is not built (npx rollup -c)'
  : !existsSync(chromiumPath)
    ? `no Chromium at ${chromiumPath}`
    : false;
const writerToken = 'demo-csp-writer-token-0123456789';

let dir: string;
let store: DicomStore;
let server: ListeningServer;
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-demo-csp-test-'));
  store = await openFileStore(join(dir, 'store'));
  for (const instance of await generateSampleInstancesWithCompressed()) await store.ingest(instance.bytes);
  server = await startListeningServer({
    store,
    demo,
    auth: { tokens: tokenTableOf({ [writerToken]: { name: 'writer', roles: ['read', 'write'] } }), shareLinks: await ShareLinks.open(join(dir, 'share-links')) },
  });
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(dir, 'chromium')) });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('a share link opens the demo under its CSP: study listed, HTJ2K decoded and shown, no violation', { skip, timeout: 180_000 }, async () => {
  const created = await fetch(`${server.root}/studies/${sampleStudy.studyInstanceUid}/share-links`, { method: 'POST', headers: { Authorization: `Bearer ${writerToken}` } });
  assert.equal(created.status, 201);
  const { url, token } = (await created.json()) as { url: string; token: string };
  const link = new URL(url);
  link.searchParams.set('series', htj2kMrSeries.seriesInstanceUid);

  const page = await browser!.newPage();
  const violations: string[] = [];
  const requested: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('request', (request) => requested.push(request.url()));
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const response = await page.goto(link.href, { waitUntil: 'load' });
  assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/);

  await page.waitForFunction(
    () => {
      const viewport = document.getElementById('viewer')?.shadowRoot?.querySelector('dicom-viewport');
      const canvas = viewport?.shadowRoot?.querySelector('canvas');
      if (!canvas || canvas.width === 0) return false;
      const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 8 || data[i + 1]! > 8 || data[i + 2]! > 8) return true;
      return false;
    },
    { timeout: 120_000, polling: 250 },
  );
  const summary = await page.$eval('#study-summary', (element) => element.textContent ?? '');
  assert.match(summary, /Phantom/);
  const pageViolations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  assert.deepEqual([...pageViolations, ...violations], []);
  // The decode worker and a codec were fetched from this origin under the policy.
  assert.ok(requested.some((address) => /decodeImageFrameWorker/.test(address)), requested.join('\n'));
  assert.ok(requested.some((address) => /\.wasm$/.test(address)), requested.join('\n'));
  // The page's own URL keeps the fragment, which the browser never sends.
  for (const address of requested) assert.ok(!address.split('#')[0]!.includes(token.split('.')[2]!), `the token is in a request URL: ${address}`);
  await page.close();
});
