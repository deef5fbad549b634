// Screenshots of every Storybook story, for a person to look at (issue 18: both themes, German, each element's
// states): the built storybook-static served on loopback, the reference server with the sample study on 8043 (the
// stories' default root), Debian's Chromium through puppeteer-core. Each story is taken once nothing in it loads.
//   npm run build-storybook && node --import tsx scripts/story-screenshots.ts [out-dir] [story-id-filter]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js';
import { serveFolder } from '../test/embedding/static-server.js';

const outDir = process.argv[2] ?? join(tmpdir(), 'story-screenshots');
const only = process.argv[3] ? new RegExp(process.argv[3]) : undefined;
mkdirSync(outDir, { recursive: true });

/**
 * In the page: true once nothing has loaded for a second (no "…" status, no progress bar), after something rendered.
 * Source text, so no helper of the TypeScript transform is sent into the page with it.
 */
const settled = `(() => {
  const all = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      all.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document.querySelector('#storybook-root') ?? document.querySelector('#storybook-docs') ?? document.body);
  const busy = all.some((element) => element.getAttribute('part')?.split(' ').includes('progress') || (element.getAttribute('role') === 'status' && /…\\s*$/.test(element.textContent ?? '')));
  if (busy || all.length === 0) window.quietSince = undefined;
  else window.quietSince ??= performance.now();
  return window.quietSince !== undefined && performance.now() - window.quietSince > 1000;
})()`;

const index = JSON.parse(readFileSync('storybook-static/index.json', 'utf8')) as { entries: Record<string, { id: string; type: string }> };
// Stories and each element's docs page (its tables of attributes, events and parts).
const stories = Object.values(index.entries).filter((entry) => (entry.type === 'story' || entry.type === 'docs') && (!only || only.test(entry.id)));

const server = spawn(process.execPath, ['dist/server/cli.js', 'serve', '--sample', '--data', mkdtempSync(join(tmpdir(), 'story-data-')), '--port', '8043', '--cors', '*'], { stdio: 'ignore' });
const storybook = await serveFolder(join(process.cwd(), 'storybook-static'));
const browser = await puppeteer.launch({ executablePath: chromiumPath, args: chromiumArgs(mkdtempSync(join(tmpdir(), 'story-chromium-'))), headless: true });
try {
  await waitForServer('http://127.0.0.1:8043/dicom-web/studies');
  for (const story of stories) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${storybook.origin}/iframe.html?id=${story.id}&viewMode=${story.type}`, { waitUntil: 'load' });
    await page.waitForFunction(settled, { timeout: 60_000, polling: 250 }).catch(() => problems.push('still loading after 60 s'));
    const file = join(outDir, `${story.id}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`${file}${problems.length ? `  (${problems.join('; ')})` : ''}`);
    await page.close();
  }
} finally {
  await browser.close();
  await storybook.close();
  server.kill('SIGTERM');
}

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer`);
}
