// Issue 18, item 7 (events in the actions panel): Storybook built as `npm run build-storybook` builds it (its stories
// reading a reference server of the sample study), its manager page opened in headless Chromium at a story, and the
// Actions panel read as a person sees it: an event the element fires by itself (a server that is down) and one the
// reader causes (a double click on a study) are each listed there by name.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';
import { serveFolder, type StaticServer } from './static-server.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

let work: string;
let fixtures: FixtureServer;
let storybook: StaticServer;
let browser: Browser;

before(async () => {
  // What `npm run build` makes and Storybook reads: the standalone bundle (a static folder) and the manifest (docs, controls).
  for (const needed of ['dist/browser/dicom-lightbox.js', 'custom-elements.json']) {
    assert.ok(existsSync(join(root, needed)), `${needed} is missing: run npm run build first`);
  }
  work = await mkdtemp(join(tmpdir(), 'dicom-lightbox-storybook-'));
  fixtures = await startFixtureServer();
  const out = join(work, 'storybook-static');
  // The storybook CLI as build-storybook calls it, with the stories' server root baked in as Vite does STORYBOOK_* variables.
  await run(process.execPath, [join(root, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '--output-dir', out, '--quiet'], {
    cwd: root,
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', STORYBOOK_DICOMWEB_ROOT: fixtures.dicomwebRoot },
    maxBuffer: 64 * 1024 * 1024,
  });
  storybook = await serveFolder(out);
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
});

after(async () => {
  await browser?.close();
  await storybook?.close();
  await fixtures?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The manager page at a story, and the story's own frame (the preview iframe) once its element is defined. */
async function openStory(id: string, element: string): Promise<{ page: Page; preview: Frame }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`${storybook.origin}/?path=/story/${id}`, { waitUntil: 'load' });
  const iframe = await page.waitForSelector('#storybook-preview-iframe', { timeout: 60_000 });
  const preview = (await iframe!.contentFrame())!;
  await preview.waitForFunction((tag) => customElements.get(tag) !== undefined && document.querySelector(tag) !== null, { timeout: 60_000 }, element);
  return { page, preview };
}

/** The text of the Actions panel, its tab chosen first (the addon panel opens on Controls, whose table names each event too). */
async function actionsPanelText(page: Page): Promise<string> {
  const tab = '[role="tab"][data-key="storybook/actions/panel"]';
  await page.waitForSelector(tab, { timeout: 30_000 });
  await page.click(tab);
  await page.waitForSelector(`${tab}[aria-selected="true"]`, { timeout: 10_000 });
  return page.$eval(tab, (element) => document.getElementById(element.getAttribute('aria-controls') ?? '')?.textContent ?? '');
}

/** Waits until the Actions panel lists `event`; fails with what it lists instead. */
async function expectListed(page: Page, event: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await actionsPanelText(page);
    if (text.includes(event)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`the Actions panel does not list ${event}; it shows: ${text.slice(0, 500)}`);
}

test('a viewport that cannot reach its server: its dicom-error is listed in the Actions panel', async () => {
  const { page } = await openStory('elements-dicom-viewport--server-down', 'dicom-viewport');
  try {
    await expectListed(page, 'dicom-error');
  } finally {
    await page.close();
  }
});

test("a study double-clicked in the study list: its dicom-study-select is listed in the Actions panel, and not before", async () => {
  const { page, preview } = await openStory('elements-dicom-study-list--all-studies', 'dicom-study-list');
  try {
    const row = await preview.waitForFunction(() => document.querySelector('dicom-study-list')?.shadowRoot?.querySelector<HTMLElement>('tr[part~="row"]'), { timeout: 60_000 });
    assert.ok(!(await actionsPanelText(page)).includes('dicom-study-select'), 'nothing selected yet');
    await (row.asElement() as ElementHandle<HTMLElement>).click({ count: 2 });
    await expectListed(page, 'dicom-study-select');
  } finally {
    await page.close();
  }
});
