// `npx tsx bench/viewer/grid-bench.ts` (also run at the end of npm run bench:viewer): a 2×2 <dicom-viewer> with
// position sync against a bare Cornerstone3D page with four stack viewports and Cornerstone's image slice
// synchronizer, on four 200-slice 512×512 CT series in one Frame of Reference from the reference server on loopback:
// the time until all four first images, and rendered frames/s of the scrolled viewport and of its followers while
// the first viewport is scrolled on every animation frame. Interleaved rounds in one headless Chromium; prints
// figure | ours | peer | ratio and writes bench/results/viewer-grid.json. Needs `BUILD=browser npx rollup -c` first.
// BENCH_GRID_ROUNDS sets the rounds, BENCH_GRID_SLICES the slices a series; BENCH_GRID_TRACE=<dir> writes a trace and
// a CPU profile of each page's last round (grid-ours.json, grid-bare.json: bench/viewer/trace-summary.ts reads them).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page, type Protocol } from 'puppeteer-core';
import { rollup } from 'rollup';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import { gridStudy } from './grid-study.js';
import type { GridPageResult } from './grid-measure.js';
import { ratioText, stats, type Stats } from './stats.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../..');
const oursDir = process.env.BENCH_OURS_DIR ?? join(repo, 'dist/browser');

function staticServer(roots: Record<string, string>, pages: Record<string, string>): Promise<Server> {
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

async function buildPages(outDir: string): Promise<void> {
  const configUrl = new URL('../../rollup.config.js', import.meta.url).href; // plain JavaScript, untyped
  const { browserPlugins, onwarn } = (await import(configUrl)) as { browserPlugins: () => unknown[]; onwarn: (warning: unknown, warn: (warning: unknown) => void) => void };
  const bundle = await rollup({ input: { 'bare-grid': join(here, 'bare/grid.ts'), 'ours-grid': join(here, 'grid-ours-page.ts') }, plugins: browserPlugins() as never, onwarn: onwarn as never });
  await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  const { cpSync } = await import('node:fs');
  cpSync(join(oursDir, 'decodeImageFrameWorker.js'), join(outDir, 'decodeImageFrameWorker.js'));
  cpSync(join(oursDir, 'codecs'), join(outDir, 'codecs'), { recursive: true });
}

const page = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 0 }</style></head><body><script type="module" src="${script}"></script></body></html>`;

// Every process's threads, the compositor's and the GPU process's (SwiftShader) as well as the page's main thread.
const traceCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'netlog', 'toplevel', 'cc', 'gpu', 'viz', 'benchmark'];

/** CPU time of every process of the browser so far by process type (browser, renderer, GPU, utility…), ms. */
async function browserCpuMs(browser: Browser): Promise<Record<string, number>> {
  const session = await browser.target().createCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const byType: Record<string, number> = {};
    for (const process of processInfo) byType[process.type] = (byType[process.type] ?? 0) + process.cpuTime * 1000;
    return byType;
  } finally {
    await session.detach();
  }
}

async function runPage(browser: Browser, url: string, tracePath?: string): Promise<GridPageResult> {
  const tab = await browser.newPage();
  try {
    await tab.setViewport({ width: 1024, height: 1024 });
    await tab.exposeFunction('__benchCpuMs', () => browserCpuMs(browser));
    // A trace, and apart from it a sampled CPU profile (finer than the trace's own sampler).
    const profiler = tracePath ? await tab.createCDPSession() : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 250 });
      await profiler.send('Profiler.start');
    }
    if (tracePath) await tab.tracing.start({ path: tracePath, categories: traceCategories });
    await tab.goto(url);
    await tab.waitForFunction('window.__benchResult !== undefined', { timeout: 180_000, polling: 100 });
    if (tracePath) await tab.tracing.stop();
    if (profiler) await writeFile(tracePath!.replace(/\.json$/, '.cpuprofile'), JSON.stringify((await profiler.send('Profiler.stop')).profile));
    const result = (await tab.evaluate('window.__benchResult')) as GridPageResult | { error: string };
    if ('error' in result) throw new Error(`${url}: ${result.error}`);
    if (process.env.BENCH_GRID_LAYERS) await printLayers(tab, url);
    // Beside the trace, in the single-viewport pages' terms, so that trace-summary.ts can cut the trace at them.
    if (tracePath) await writeFile(tracePath.replace(/\.json$/, '.result.json'), JSON.stringify({ ...result, firstImage: result.allFirstImages, scrolledFrames: result.drivenFrames }));
    return result;
  } finally {
    await tab.close();
  }
}

/** BENCH_GRID_LAYERS=1: the page's composited layers after the scroll, each with its node and why it has a layer. */
async function printLayers(tab: Page, url: string): Promise<void> {
  const session = await tab.createCDPSession();
  try {
    await session.send('DOM.enable');
    await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const tree = new Promise<Protocol.LayerTree.Layer[]>((resolve) => session.on('LayerTree.layerTreeDidChange', (event) => event.layers && resolve(event.layers)));
    await session.send('LayerTree.enable');
    await tab.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const layers = await tree;
    console.log(`layers of ${new URL(url).pathname}${new URL(url).searchParams.get('experiment') ?? ''}: ${layers.length}`);
    for (const layer of layers) {
      const { compositingReasons = [] } = await session.send('LayerTree.compositingReasons', { layerId: layer.layerId }).catch(() => ({ compositingReasons: [] as string[] }));
      const node = layer.backendNodeId ? await session.send('DOM.describeNode', { backendNodeId: layer.backendNodeId }).then(({ node }) => `${node.localName}${node.attributes?.includes('class') ? `.${node.attributes[node.attributes.indexOf('class') + 1]}` : ''}`).catch(() => '?') : '';
      console.log(`  ${layer.layerId} ${Math.round(layer.width)}×${Math.round(layer.height)} at ${Math.round(layer.offsetX)},${Math.round(layer.offsetY)} draws ${layer.drawsContent} paints ${layer.paintCount} ${node} [${compositingReasons.join(', ')}]`);
    }
  } finally {
    await session.detach();
  }
}

export interface GridFigure {
  figure: string;
  ours: Stats;
  peer: Stats;
  peerIs: string;
  target: string;
}

export async function runGridBench(): Promise<GridFigure[]> {
  if (!existsSync(join(oursDir, 'dicom-lightbox.js'))) throw new Error('no standalone bundle: run `BUILD=browser npx rollup -c` first');
  const rounds = Number(process.env.BENCH_GRID_ROUNDS ?? 3);
  const slices = Number(process.env.BENCH_GRID_SLICES ?? 200);
  const work = mkdtempSync(join(tmpdir(), 'dicom-lightbox-bench-grid-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rm(work, { recursive: true, force: true })];
  try {
    // BENCH_GRID_PAGES_DIR keeps the built pages between runs (they change only with the harness and Cornerstone;
    // our page loads the standalone bundle at run time).
    const pagesDir = process.env.BENCH_GRID_PAGES_DIR ?? join(work, 'pages');
    if (!process.env.BENCH_GRID_PAGES_DIR || !existsSync(join(pagesDir, 'ours-grid.js'))) {
      process.stderr.write('grid: building the pages…\n');
      await buildPages(pagesDir);
    }
    process.stderr.write(`grid: storing four ${slices}-slice 512×512 CT series in one Frame of Reference…\n`);
    const store = await openFileStore(join(work, 'store'));
    cleanups.unshift(() => store.close());
    const ctFolder = `${sampleStudy.patientId}/${sampleStudy.series[0].folderName}/`;
    const ctSlices = [...generateSampleInstances({ ctSlices: slices })].filter((instance) => instance.fileName.startsWith(ctFolder));
    const study = gridStudy(ctSlices);
    for (const bytes of study.instances) await store.ingest(bytes);
    const app = await buildApp({ store, cors: '*' });
    cleanups.unshift(() => app.close());
    const root = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`;
    const web = await staticServer({ ours: oursDir, bench: pagesDir }, { '/ours.html': page('/bench/ours-grid.js'), '/bare.html': page('/bench/bare-grid.js') });
    cleanups.unshift(() => new Promise((resolve) => web.close(resolve)));
    const origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const query = `?${new URLSearchParams({ root, study: study.studyInstanceUid })}`;
    const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
    cleanups.unshift(() => browser.close());

    const samples = { ours: [] as GridPageResult[], bare: [] as GridPageResult[] };
    // BENCH_GRID_EXPERIMENTS=no-overlay,no-reference-lines (comma-separated; `+` joins two): our page again in each
    // round with those parts left out by attribute, printed after the figures (an experiment, not a row).
    const experiments = (process.env.BENCH_GRID_EXPERIMENTS ?? '').split(',').filter(Boolean);
    const experimentSamples = new Map(experiments.map((name) => [name, [] as GridPageResult[]]));
    const loads: number[] = [];
    const traceDir = process.env.BENCH_GRID_TRACE;
    if (traceDir) await mkdir(traceDir, { recursive: true });
    for (let round = 0; round <= rounds; round += 1) {
      process.stderr.write(round === 0 ? 'grid: warm-up round…\n' : `grid: round ${round} of ${rounds}…\n`);
      const trace = (side: string) => (traceDir && round === rounds ? join(traceDir, `grid-${side}.json`) : undefined);
      const ours = await runPage(browser, `${origin}/ours.html${query}`, trace('ours'));
      const bare = await runPage(browser, `${origin}/bare.html${query}`, trace('bare'));
      for (const name of experiments) {
        const result = await runPage(browser, `${origin}/ours.html${query}&experiment=${encodeURIComponent(name)}`, trace(`ours-${name}`));
        if (round > 0) experimentSamples.get(name)!.push(result);
      }
      for (const [side, result] of [['ours', ours], ['bare', bare]] as const) {
        if (!result.followersInStep) throw new Error(`grid: ${side}'s followers did not end on the scrolled viewport's slice`);
      }
      if (round === 0) continue;
      samples.ours.push(ours);
      samples.bare.push(bare);
      loads.push(loadavg()[0]!);
    }
    const fps = (frames: (r: GridPageResult) => number) => (results: GridPageResult[]) => stats(results.map((r) => (frames(r) * 1000) / r.scrollMs));
    // Cornerstone renders of a follower for each new image it showed: a count the machine's load does not move.
    const followerRendersPerImage = (results: GridPageResult[]) => stats(results.map((r) => r.renders.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, r.followerFrames.reduce((a, b) => a + b, 0))));
    const figures: GridFigure[] = [
      { figure: '2×2 open: time to all four first images, ms', ours: stats(samples.ours.map((r) => r.allFirstImages - r.start)), peer: stats(samples.bare.map((r) => r.allFirstImages - r.start)), peerIs: 'bare Cornerstone3D, 4 stack viewports', target: 'ratio ≤ 1.0' },
      { figure: '2×2 open: time to all four first images from navigation start, ms', ours: stats(samples.ours.map((r) => r.allFirstImages)), peer: stats(samples.bare.map((r) => r.allFirstImages)), peerIs: 'bare Cornerstone3D (its bundle loaded before its start)', target: '' },
      { figure: '2×2 open: browser CPU to all four first images, ms', ours: stats(samples.ours.map((r) => r.openCpuMs)), peer: stats(samples.bare.map((r) => r.openCpuMs)), peerIs: 'bare Cornerstone3D (its bundle evaluated before its start)', target: '' },
      ...['renderer', 'GPU', 'browser'].map((type) => ({ figure: `2×2 open: ${type} process CPU to all four first images, ms`, ours: stats(samples.ours.map((r) => r.openCpuByType[type] ?? 0)), peer: stats(samples.bare.map((r) => r.openCpuByType[type] ?? 0)), peerIs: 'bare Cornerstone3D', target: '' })),
      { figure: '2×2 open: all four series cached, ms', ours: stats(samples.ours.map((r) => r.seriesLoaded - r.start)), peer: stats(samples.bare.map((r) => r.seriesLoaded - r.start)), peerIs: 'bare Cornerstone3D', target: '' },
      { figure: '2×2 position-synced scroll, frames/s of the scrolled viewport', ours: fps((r) => r.drivenFrames)(samples.ours), peer: fps((r) => r.drivenFrames)(samples.bare), peerIs: 'bare Cornerstone3D + createImageSliceSynchronizer', target: 'ratio ≥ 1.0' },
      { figure: '2×2 position-synced scroll, frames/s of each follower (mean of 3)', ours: fps((r) => r.followerFrames.reduce((a, b) => a + b, 0) / 3)(samples.ours), peer: fps((r) => r.followerFrames.reduce((a, b) => a + b, 0) / 3)(samples.bare), peerIs: 'bare Cornerstone3D + createImageSliceSynchronizer', target: 'ratio ≥ 1.0' },
      { figure: '2×2 position-synced scroll, browser CPU per scroll step (four viewports), ms', ours: stats(samples.ours.map((r) => r.scrollCpuMs / Math.max(1, r.drivenFrames))), peer: stats(samples.bare.map((r) => r.scrollCpuMs / Math.max(1, r.drivenFrames))), peerIs: 'bare Cornerstone3D + createImageSliceSynchronizer', target: '' },
      ...['renderer', 'GPU', 'browser'].map((type) => ({ figure: `2×2 position-synced scroll, ${type} process CPU per scroll step, ms`, ours: stats(samples.ours.map((r) => (r.scrollCpuByType[type] ?? 0) / Math.max(1, r.drivenFrames))), peer: stats(samples.bare.map((r) => (r.scrollCpuByType[type] ?? 0) / Math.max(1, r.drivenFrames))), peerIs: 'bare Cornerstone3D + createImageSliceSynchronizer', target: '' })),
      { figure: '2×2 position-synced scroll, renders of a follower per new image', ours: followerRendersPerImage(samples.ours), peer: followerRendersPerImage(samples.bare), peerIs: 'bare Cornerstone3D + createImageSliceSynchronizer', target: '' },
    ];
    const format = (s: Stats) => `${s.median.toFixed(s.median < 100 ? 1 : 0)} (${s.min.toFixed(s.min < 100 ? 1 : 0)}–${s.max.toFixed(s.max < 100 ? 1 : 0)})`;
    const rows = figures.map((f) => [f.figure, format(f.ours), format(f.peer), ratioText(f.ours.median, f.peer.median), f.peerIs, f.target]);
    const header = ['figure', 'ours', 'peer', 'ratio', 'peer is', 'target'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
    console.log(`\n2×2 viewer: ${samples.ours.length} rounds after a warm-up; median (min–max); ${cpus().length} CPUs; load average during the rounds ${loads.map((l) => l.toFixed(1)).join(', ')}; ${new Date().toISOString()}`);
    console.log(line(header));
    console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
    for (const row of rows) console.log(line(row));
    for (const [name, results] of experimentSamples) {
      const perStep = (value: (r: GridPageResult) => number) => format(stats(results.map((r) => value(r) / Math.max(1, r.drivenFrames))));
      console.log(`experiment ${name}: open ${format(stats(results.map((r) => r.allFirstImages - r.start)))} ms, open CPU ${format(stats(results.map((r) => r.openCpuMs)))} ms; scroll ${format(fps((r) => r.drivenFrames)(results))} frames/s, CPU per step ${perStep((r) => r.scrollCpuMs)} ms (renderer ${perStep((r) => r.scrollCpuByType.renderer ?? 0)}, GPU ${perStep((r) => r.scrollCpuByType.GPU ?? 0)}), follower renders per image ${format(followerRendersPerImage(results))}`);
    }
    await mkdir(join(repo, 'bench/results'), { recursive: true });
    const file = join(repo, 'bench/results/viewer-grid.json');
    await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAverages: loads, rounds: samples.ours.length, slices, figures: figures.map((f) => ({ ...f, ratio: f.ours.median / f.peer.median })), samples, experiments: Object.fromEntries(experimentSamples) }, null, 2)}\n`);
    console.log(`written to ${file}`);
    return figures;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  runGridBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
