// `npx tsx bench/viewer/measurement-drag.ts` (npm run bench:measurement-drag): an ellipse ROI's handle dragged with the
// real mouse on a 512×512 CT, the region's statistics recomputed and redrawn as it moves: how many times a second the
// reader sees new statistics, ours (<dicom-viewport>, the standalone bundle) beside a bare Cornerstone3D page with
// EllipticalROITool on the same image, from the reference server on loopback. Each round draws an ellipse in the
// water region, presses its right handle where the page's annotation has it, and drags it back and forth for two
// seconds (one mouse move per animation frame at most: Chromium aligns mouse moves to frames); a round whose handle
// did not move fails. Prints ours | peer | ratio and writes bench/results/measurement-drag.json. Needs
// `BUILD=browser npx rollup -c` first. BENCH_ROUNDS sets the rounds.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { rollup } from 'rollup';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import type { DragCount, PagePoint } from './measurement-drag-count.js';
import { ratioText, stats, type Stats } from './stats.js';

const slices = 10;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const dragMs = 2000;
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../..');
const oursDir = join(repo, 'dist/browser');
const study = sampleStudy.studyInstanceUid;
const series = sampleStudy.series[0].seriesInstanceUid;
// The ellipse in page (and image: the 512² image fills the 512² viewport) pixels, inside the water region: both
// tools draw it from its centre to a corner of its box, so its right handle is at (centre + rx, centre).
const ellipse = { centre: { x: 256, y: 346 }, rx: 40, ry: 30 };

function startStaticServer(roots: Record<string, string>, pages: Record<string, string>): Promise<Server> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (pages[path]) {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(pages[path]);
      return;
    }
    const [, prefix, rest] = /^\/([^/]+)\/(.+)$/.exec(path) ?? [];
    const root = prefix ? roots[prefix] : undefined;
    const file = root && rest ? normalize(join(root, rest)) : undefined;
    if (!file || !root || !file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Both pages, built with the project's own rollup plugins; the decode worker and codecs are the standalone build's. */
async function buildPages(outDir: string): Promise<void> {
  const configUrl = new URL('../../rollup.config.js', import.meta.url).href; // plain JavaScript, untyped
  const { browserPlugins, onwarn } = (await import(configUrl)) as { browserPlugins: () => unknown[]; onwarn: (warning: unknown, warn: (warning: unknown) => void) => void };
  const bundle = await rollup({ input: { ours: join(here, 'measurement-drag-page.ts'), bare: join(here, 'bare/measurement-drag.ts') }, plugins: browserPlugins() as never, onwarn: onwarn as never });
  await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  cpSync(join(oursDir, 'decodeImageFrameWorker.js'), join(outDir, 'decodeImageFrameWorker.js'));
  cpSync(join(oursDir, 'codecs'), join(outDir, 'codecs'), { recursive: true });
}

const page = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 0 }</style></head><body><script type="module" src="${script}"></script></body></html>`;

/** One round on one side: the page opened, an ellipse drawn, its right handle dragged for `dragMs`. */
async function runRound(browser: Browser, url: string): Promise<DragCount> {
  const tab = await browser.newPage();
  try {
    await tab.setViewport({ width: 800, height: 600 });
    await tab.goto(url);
    await tab.waitForFunction('window.__dragReady !== undefined', { timeout: 60_000, polling: 50 });
    const ready = await tab.evaluate('window.__dragReady');
    if (ready !== true) throw new Error(`${url}: ${(ready as { error: string }).error}`);
    const { mouse } = tab;
    const { centre, rx, ry } = ellipse;
    await mouse.move(centre.x, centre.y);
    await mouse.down();
    for (let step = 1; step <= 8; step++) await mouse.move(centre.x + (rx * step) / 8, centre.y + (ry * step) / 8);
    await mouse.up();
    // The handle where the annotation has it (a guessed pixel beside it moves the text box or the whole ellipse).
    await tab.waitForFunction('window.__handlePoint() !== null', { timeout: 10_000, polling: 50 });
    const handle = (await tab.evaluate('window.__handlePoint()')) as PagePoint;
    await mouse.move(handle.x, handle.y);
    await mouse.down();
    await tab.evaluate('window.__startDragCount()');
    const started = Date.now();
    let moves = 0;
    while (Date.now() - started < dragMs) {
      moves += 1;
      // Back and forth over 40 px: every move changes the region, so every handled move gives new statistics.
      await mouse.move(handle.x + ((moves % 40) < 20 ? moves % 20 : 20 - (moves % 20)) + 1, handle.y);
    }
    const count = (await tab.evaluate('window.__stopDragCount()')) as DragCount;
    await mouse.up();
    const moved = (await tab.evaluate('window.__handlePoint()')) as PagePoint | null;
    if (!moved || (moved.x === handle.x && moved.y === handle.y)) throw new Error(`${url}: the handle at (${handle.x}, ${handle.y}) was not dragged`);
    // One ellipse, its handle moved (a press beside the handle would draw a second one instead).
    if (!/\d/.test(count.lastText) || count.lastText.includes('|')) throw new Error(`${url}: not one ellipse with its statistics (drawn: ${JSON.stringify(count.lastText)})`);
    return count;
  } finally {
    await tab.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(oursDir, 'dicom-lightbox.js'))) throw new Error('no standalone bundle: run `BUILD=browser npx rollup -c` first');
  const work = mkdtempSync(join(tmpdir(), 'dicom-lightbox-bench-drag-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rm(work, { recursive: true, force: true })];
  try {
    process.stderr.write('building the pages…\n');
    const pagesDir = join(work, 'pages');
    await buildPages(pagesDir);
    process.stderr.write(`storing a ${slices}-slice 512×512 CT…\n`);
    const store = await openFileStore(join(work, 'store'));
    cleanups.unshift(() => store.close());
    const folder = `${sampleStudy.patientId}/${sampleStudy.series[0].folderName}/`;
    for (const instance of generateSampleInstances({ ctSlices: slices })) if (instance.fileName.startsWith(folder)) await store.ingest(instance.bytes);
    const app = await buildApp({ store, cors: '*' });
    cleanups.unshift(() => app.close());
    const root = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`;
    const web = await startStaticServer({ ours: oursDir, bench: pagesDir }, { '/ours.html': page('/bench/ours.js'), '/bare.html': page('/bench/bare.js') });
    cleanups.unshift(() => new Promise((resolve) => web.close(resolve)));
    const origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const query = `?${new URLSearchParams({ root, study, series })}`;
    const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
    cleanups.unshift(() => browser.close());

    const samples = { ours: [] as DragCount[], bare: [] as DragCount[] };
    const deadline = Date.now() + 5 * 60_000;
    for (let round = 0; round <= rounds && Date.now() < deadline; round++) {
      process.stderr.write(round === 0 ? 'warm-up round…\n' : `round ${round} of ${rounds}…\n`);
      const ours = await runRound(browser, `${origin}/ours.html${query}`);
      const bare = await runRound(browser, `${origin}/bare.html${query}`);
      if (round === 0) {
        process.stderr.write(`drawn: ours ${JSON.stringify(ours.lastText)}, peer ${JSON.stringify(bare.lastText)}\n`);
        continue;
      }
      samples.ours.push(ours);
      samples.bare.push(bare);
    }
    const rate = (counts: DragCount[]) => stats(counts.map((count) => (count.updates * 1000) / count.ms));
    const frameRate = (counts: DragCount[]) => stats(counts.map((count) => (count.frames * 1000) / count.ms));
    const figures = [
      { figure: 'ellipse ROI handle drag on a 512² CT, statistics redrawn/s', ours: rate(samples.ours), peer: rate(samples.bare), peerIs: 'bare Cornerstone3D EllipticalROITool', target: 'ratio ≥ 0.90 (the scroll frame rate)' },
      { figure: 'ellipse ROI handle drag, animation frames/s during the drag', ours: frameRate(samples.ours), peer: frameRate(samples.bare), peerIs: 'bare Cornerstone3D EllipticalROITool', target: '' },
    ];
    const format = (s: Stats) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
    const load = loadavg().map((value) => value.toFixed(2)).join(' ');
    console.log(`\n${samples.ours.length} rounds after a warm-up; median (min–max); ${cpus().length} CPUs, load average ${load}; ${new Date().toISOString()}`);
    for (const f of figures) console.log(`| ${f.figure} | ${format(f.ours)} | ${format(f.peer)} | ${ratioText(f.ours.median, f.peer.median)} | ${f.peerIs} | ${f.target} |`);
    await mkdir(join(repo, 'bench/results'), { recursive: true });
    await writeFile(join(repo, 'bench/results/measurement-drag.json'), `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAverage: loadavg(), slices, rounds: samples.ours.length, figures }, null, 2)}\n`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
