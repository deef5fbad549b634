// `npx tsx bench/viewer/run.ts` (npm run bench:viewer): <dicom-viewport> against a bare Cornerstone3D page and the
// browser's raw fetch, in one headless Chromium run, on a 200-slice 512×512 CT from the reference server on
// loopback; then the page's memory after opening and closing 20 studies against after the first (memory-measure.ts).
// Prints figure | ours | peer | ratio and writes bench/results/viewer.json. Needs `BUILD=browser npx rollup -c`
// first (it measures the standalone bundle users get). BENCH_ROUNDS and BENCH_MEMORY_ROUNDS set the repetitions;
// BENCH_HEAP_SNAPSHOTS=<dir> also writes heap snapshots of each memory round; BENCH_OURS_DIR measures another build;
// BENCH_TRACE=<dir> writes a trace of each page's last round (bench/viewer/trace-summary.ts reads it).
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Browser } from 'puppeteer-core';
import { rollup } from 'rollup';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateSampleInstances, type GeneratedInstance } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { PageResult } from './page-measure.js';
import { measureMemoryRound, type MemoryRound } from './memory-measure.js';
import { memoryFigures } from './memory-figures.js';
import { ratioText, stats, type Stats } from './stats.js';
import { memoryStudies, memoryStudyCount } from './memory-studies.js';
import { mprFigures, mprPageEntries } from './mpr.js';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import { runGridBench } from './grid-bench.js';

const slices = 200;
const repetitions = Number(process.env.BENCH_ROUNDS ?? 5);
const memoryRepetitions = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
const heapSnapshotDir = process.env.BENCH_HEAP_SNAPSHOTS;
const traceDir = process.env.BENCH_TRACE;
/** Main-thread tasks, V8's compile and evaluate, network, and our performance marks: where the first image's time goes. */
const traceCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'netlog', 'toplevel'];
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../..');
// Another build of the standalone bundle can be measured in its place (a patched copy, say, to test a fix).
const oursDir = process.env.BENCH_OURS_DIR ?? join(repo, 'dist/browser');
const resultsFile = join(repo, 'bench/results/viewer.json');
const study = sampleStudy.studyInstanceUid;
const series = sampleStudy.series[0].seriesInstanceUid;

interface Served {
  path: string;
  at: number;
  gzippedBytes: number;
}

/** The pages and bundles, gzipped as a production server sends them, never cached; each response is logged. */
function startStaticServer(roots: Record<string, string>, pages: Record<string, string>, log: Served[]): Promise<Server> {
  const gzipped = new Map<string, Buffer>();
  const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    let file: string | undefined;
    let body: Buffer | undefined;
    if (pages[path]) body = Buffer.from(pages[path]!);
    else {
      const [, prefix, rest] = /^\/([^/]+)\/(.+)$/.exec(path) ?? [];
      const root = prefix ? roots[prefix] : undefined;
      if (root && rest) file = normalize(join(root, rest));
      if (!file || !root || !file.startsWith(root) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
    }
    const key = file ?? path;
    let compressed = gzipped.get(key);
    if (!compressed) gzipped.set(key, (compressed = gzipSync(body ?? readFileSync(file!))));
    response.writeHead(200, { 'Content-Type': types[extname(key)] ?? 'application/octet-stream', 'Content-Encoding': 'gzip', 'Cache-Control': 'no-store' });
    response.end(compressed, () => log.push({ path, at: Date.now(), gzippedBytes: compressed!.length }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The peer page and our page's harness, built with the project's own rollup plugins; the decode worker and codecs are the standalone build's (unchanged Cornerstone). */
async function buildPages(outDir: string): Promise<void> {
  const configUrl = new URL('../../rollup.config.js', import.meta.url).href; // plain JavaScript, untyped
  const { browserPlugins, onwarn } = (await import(configUrl)) as {
    browserPlugins: () => unknown[];
    onwarn: (warning: unknown, warn: (warning: unknown) => void) => void;
  };
  const bundle = await rollup({
    input: { bare: join(here, 'bare/main.ts'), ours: join(here, 'ours-page.ts'), memory: join(here, 'memory-page.ts'), 'bare-memory': join(here, 'bare/memory.ts'), ...Object.fromEntries(Object.entries(mprPageEntries).map(([name, file]) => [name, join(here, file)])) },
    plugins: browserPlugins() as never,
    onwarn: onwarn as never,
  });
  await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  copyDecodeWorker(outDir);
}

function copyDecodeWorker(outDir: string): void {
  cpSync(join(oursDir, 'decodeImageFrameWorker.js'), join(outDir, 'decodeImageFrameWorker.js'));
  cpSync(join(oursDir, 'codecs'), join(outDir, 'codecs'), { recursive: true });
}

const page = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 0 }</style></head><body><script type="module" src="${script}"></script></body></html>`;

/** The transfer limit: every frame by the browser's own fetch, all asked for at once (it keeps 6 connections). */
const rawFetchPage = `<!doctype html><html><body><script type="module">
  const params = new URLSearchParams(location.search);
  const [root, study, series] = ['root', 'study', 'series'].map((name) => params.get(name));
  const start = performance.now();
  try {
    const instances = await (await fetch(root + '/studies/' + study + '/series/' + series + '/metadata', { headers: { Accept: 'application/dicom+json' } })).json();
    const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
    const sizes = await Promise.all(instances.map(async (instance) => {
      const url = root + '/studies/' + study + '/series/' + series + '/instances/' + instance['00080018'].Value[0] + '/frames/1';
      const response = await fetch(url, { headers: { Accept: accept } });
      return (await response.arrayBuffer()).byteLength;
    }));
    const end = performance.now();
    window.__benchResult = { start, seriesLoaded: end, bytes: sizes.reduce((a, b) => a + b, 0), images: sizes.length, timeOrigin: performance.timeOrigin };
  } catch (error) {
    window.__benchResult = { error: String(error) };
  }
</script></body></html>`;

interface RawResult {
  start: number;
  seriesLoaded: number;
  bytes: number;
  images: number;
  timeOrigin: number;
}

async function runPage<T>(browser: Browser, url: string, tracePath?: string): Promise<T> {
  const tab = await browser.newPage();
  try {
    await tab.setViewport({ width: 800, height: 600 });
    // A trace, and apart from it a sampled CPU profile (finer than the trace's own sampler).
    const profiler = tracePath ? await tab.createCDPSession() : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 250 });
      await profiler.send('Profiler.start');
    }
    if (tracePath) await tab.tracing.start({ path: tracePath, categories: traceCategories });
    await tab.goto(url);
    await tab.waitForFunction('window.__benchResult !== undefined', { timeout: 60_000, polling: 50 });
    if (tracePath) await tab.tracing.stop();
    if (profiler) await writeFile(tracePath!.replace(/\.json$/, '.cpuprofile'), JSON.stringify((await profiler.send('Profiler.stop')).profile));
    const result = (await tab.evaluate('window.__benchResult')) as T | { error: string };
    if ((result as { error?: string }).error) throw new Error(`${url}: ${(result as { error: string }).error}`);
    // The page's own figures beside its trace, so that trace-summary.ts can cut the trace at them.
    if (tracePath) await writeFile(tracePath.replace(/\.json$/, '.result.json'), JSON.stringify(result));
    return result as T;
  } finally {
    await tab.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(oursDir, 'dicom-lightbox.js'))) throw new Error('no standalone bundle: run `BUILD=browser npx rollup -c` first');
  const benchStart = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'dicom-lightbox-bench-viewer-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rm(work, { recursive: true, force: true })];
  try {
    // BENCH_PAGES_DIR keeps the built pages between runs (they change only with the harness and Cornerstone).
    const pagesDir = process.env.BENCH_PAGES_DIR ?? join(work, 'pages');
    if (process.env.BENCH_PAGES_DIR && existsSync(join(pagesDir, 'ours.js'))) {
      process.stderr.write(`the peer page as built in ${pagesDir}\n`);
      copyDecodeWorker(pagesDir);
    } else {
      process.stderr.write(`building the peer page…\n`);
      await buildPages(pagesDir);
    }

    process.stderr.write(`storing a ${slices}-slice 512×512 CT…\n`);
    const store = await openFileStore(join(work, 'store'));
    cleanups.unshift(() => store.close());
    let frameBytes = 0;
    // The demo CT is stored as it is; its slices and the MR's are also the stuff of the memory benchmark's studies.
    const folderOf = (index: 0 | 1) => `${sampleStudy.patientId}/${sampleStudy.series[index].folderName}/`;
    const ctSlices: GeneratedInstance[] = [];
    const mrSlices: GeneratedInstance[] = [];
    for (const instance of generateSampleInstances({ ctSlices: slices })) {
      if (instance.fileName.startsWith(folderOf(1))) mrSlices.push(instance);
      if (!instance.fileName.startsWith(folderOf(0))) continue;
      ctSlices.push(instance);
      await store.ingest(instance.bytes);
      frameBytes += 512 * 512 * 2;
    }
    process.stderr.write(`storing ${memoryStudyCount} more studies for the memory benchmark…\n`);
    const studiesToOpen = memoryStudies(ctSlices, mrSlices);
    for (const memoryStudy of studiesToOpen) for (const bytes of memoryStudy.instances) await store.ingest(bytes);
    const app = await buildApp({ store, cors: '*' });
    cleanups.unshift(() => app.close());
    const dicomwebRoot = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`;

    const log: Served[] = [];
    const web = await startStaticServer(
      { ours: oursDir, bench: pagesDir },
      { '/ours.html': page('/bench/ours.js'), '/bare.html': page('/bench/bare.js'), '/memory.html': page('/bench/memory.js'), '/bare-memory.html': page('/bench/bare-memory.js'), '/raw.html': rawFetchPage, ...Object.fromEntries(Object.keys(mprPageEntries).map((name) => [`/${name}.html`, page(`/bench/${name}.js`)])) },
      log,
    );
    cleanups.unshift(() => new Promise((resolve) => web.close(resolve)));
    const origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const query = `?${new URLSearchParams({ root: dicomwebRoot, study, series })}`;

    const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
    cleanups.unshift(() => browser.close());

    /** JS (gzipped bytes) the page received before its first image, from the server's log of this page load. */
    const jsBefore = (result: PageResult, prefix: string) =>
      log.filter((entry) => entry.path.startsWith(prefix) && entry.path.endsWith('.js') && entry.at <= result.timeOrigin + result.firstImage).reduce((sum, entry) => sum + entry.gzippedBytes, 0);

    const samples = { ours: [] as PageResult[], bare: [] as PageResult[], raw: [] as RawResult[], oursJs: [] as number[], bareJs: [] as number[] };
    const deadline = Date.now() + 6 * 60_000;
    for (let round = 0; round <= repetitions && Date.now() < deadline; round++) {
      const warmUp = round === 0;
      process.stderr.write(warmUp ? 'warm-up round…\n' : `round ${round} of ${repetitions}…\n`);
      // Interleaved, so that drift on a noisy machine falls on all three alike.
      // BENCH_TRACE=<dir> records a Chrome trace of each page's last round (open it in DevTools' Performance panel).
      const trace = (name: string) => (traceDir && round === repetitions ? join(traceDir, `${name}.json`) : undefined);
      if (traceDir) await mkdir(traceDir, { recursive: true });
      log.length = 0;
      const ours = await runPage<PageResult>(browser, `${origin}/ours.html${query}`, trace('ours'));
      const oursJs = jsBefore(ours, '/ours/');
      log.length = 0;
      const bare = await runPage<PageResult>(browser, `${origin}/bare.html${query}`, trace('bare'));
      const bareJs = jsBefore(bare, '/bench/');
      const raw = await runPage<RawResult>(browser, `${origin}/raw.html${query}`, trace('raw'));
      if (ours.images !== slices || bare.images !== slices || raw.images !== slices) throw new Error(`expected ${slices} images, got ours ${ours.images}, peer ${bare.images}, fetch ${raw.images}`);
      if (warmUp) continue;
      samples.ours.push(ours);
      samples.bare.push(bare);
      samples.raw.push(raw);
      samples.oursJs.push(oursJs);
      samples.bareJs.push(bareJs);
    }

    // Memory: each round a browser of its own, so that the GPU process (shared by every tab) starts afresh and the
    // rounds are independent; without puppeteer's Network and Audits domains, whose DevTools records of every request
    // (XHR replay data, resource buffers) would otherwise grow the page's heap with each study. Bounded in time like
    // the rounds above.
    const memoryRounds = { ours: [] as MemoryRound[], bare: [] as MemoryRound[], viewer: [] as MemoryRound[] };
    const memoryDeadline = Date.now() + 6 * 60_000;
    if (heapSnapshotDir) await mkdir(heapSnapshotDir, { recursive: true });
    const measureInOwnBrowser = async (side: 'ours' | 'bare' | 'viewer', round: number) => {
      const memoryBrowser = await puppeteer.launch({
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs(join(work, `chromium-memory-${side}-${round}`)),
        networkEnabled: false,
        issuesEnabled: false,
      });
      try {
        const url = `${origin}/${{ ours: 'memory.html', viewer: 'memory.html?element=viewer', bare: 'bare-memory.html' }[side]}`;
        const snapshotPrefix = heapSnapshotDir ? join(heapSnapshotDir, `${side}-round-${round}`) : undefined;
        memoryRounds[side].push(await measureMemoryRound(memoryBrowser, url, dicomwebRoot, studiesToOpen, snapshotPrefix));
      } finally {
        await memoryBrowser.close();
      }
    };
    const memoryStart = Date.now();
    for (let round = 1; round <= memoryRepetitions && Date.now() < memoryDeadline; round++) {
      process.stderr.write(`memory round ${round} of ${memoryRepetitions}: ${studiesToOpen.length} studies opened and closed, ours, bare, then ours in a viewer…\n`);
      await measureInOwnBrowser('ours', round);
      await measureInOwnBrowser('bare', round);
      await measureInOwnBrowser('viewer', round);
    }
    process.stderr.write(`the memory rounds took ${((Date.now() - memoryStart) / 1000).toFixed(0)} s\n`);
    const mprRows = process.env.BENCH_MPR === '0' ? [] : await mprFigures(work, origin, query, Number(process.env.BENCH_MPR_ROUNDS ?? 3));

    const mb = frameBytes / 1e6;
    const firstImage = (results: PageResult[]) => stats(results.map((r) => r.firstImage - r.start));
    const wholeMs = (results: Array<PageResult | RawResult>) => stats(results.map((r) => r.seriesLoaded - r.start));
    const rate = (results: Array<PageResult | RawResult>) => stats(results.map((r) => mb / ((r.seriesLoaded - r.start) / 1000)));
    const fps = (results: PageResult[]) => stats(results.map((r) => (r.scrolledFrames * 1000) / r.scrollMs));
    const kb = (values: number[]) => stats(values.map((bytes) => bytes / 1024));
    const figures = [
      { figure: 'time to first image, ms (from connection / page script start)', ours: firstImage(samples.ours), peer: firstImage(samples.bare), peerIs: 'bare Cornerstone3D', target: 'ratio ≤ 1.10' },
      { figure: 'time to first image, ms (from navigation start)', ours: stats(samples.ours.map((r) => r.firstImage)), peer: stats(samples.bare.map((r) => r.firstImage)), peerIs: 'bare Cornerstone3D', target: '' },
      { figure: `whole-series load (${slices} slices), ms`, ours: wholeMs(samples.ours), peer: wholeMs(samples.bare), peerIs: 'bare Cornerstone3D', target: '' },
      { figure: 'whole-series load, MB/s', ours: rate(samples.ours), peer: rate(samples.raw), peerIs: 'raw fetch of the frames', target: 'ratio ≥ 0.70' },
      { figure: 'whole-series load, MB/s (peer)', ours: rate(samples.ours), peer: rate(samples.bare), peerIs: 'bare Cornerstone3D', target: '' },
      { figure: 'stack scroll, rendered frames/s (rAF-driven scrollToImage / setImageIdIndex)', ours: fps(samples.ours), peer: fps(samples.bare), peerIs: 'bare Cornerstone3D', target: 'ratio ≥ 0.90' },
      { figure: 'JS downloaded before first image, gzipped KB', ours: kb(samples.oursJs), peer: kb(samples.bareJs), peerIs: 'bare Cornerstone3D bundle', target: '' },
      ...memoryFigures(memoryRounds.ours, memoryRounds.bare),
      // The same rounds with a whole <dicom-viewer> (toolbar, series browser, measurement list) per study.
      ...memoryFigures(memoryRounds.viewer, []).map((row) => ({ ...row, figure: `<dicom-viewer> 1×1, ${row.figure}` })),
      ...mprRows,
    ];

    const format = (s: Stats) => `${s.median.toFixed(s.median < 100 ? 1 : 0)} (${s.min.toFixed(s.min < 100 ? 1 : 0)}–${s.max.toFixed(s.max < 100 ? 1 : 0)})`;
    const rows = figures.map((f) => [f.figure, format(f.ours), format(f.peer), ratioText(f.ours.median, f.peer.median), f.peerIs, f.target]);
    const header = ['figure', 'ours', 'peer', 'ratio', 'peer is', 'target'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
    console.log(`\n${samples.ours.length} rounds after a warm-up (memory: ${memoryRounds.ours.length} rounds of ${studiesToOpen.length} studies); median (min–max); ${cpus().length} CPUs; ${new Date().toISOString()}`);
    console.log(line(header));
    console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
    for (const row of rows) console.log(line(row));

    await mkdir(join(repo, 'bench/results'), { recursive: true });
    await writeFile(
      resultsFile,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          rounds: samples.ours.length,
          slices,
          frameMegabytes: mb,
          scrollDriver: 'requestAnimationFrame loop calling scrollToImage (ours) / setImageIdIndex (peer), 3 s or two passes',
          figures: figures.map(({ figure, ours, peer, peerIs, target }) => ({ figure, ours, peer, ratio: ours.median / peer.median, peerIs, target })),
          memory: {
            measured:
              'each round a fresh browser and tab; one viewport opened until its whole series is cached, then removed, for each study in turn; ' +
              'readings after full GC over CDP (HeapProfiler.collectGarbage until the heap stops shrinking): Runtime.getHeapUsage, ' +
              'Performance.getMetrics (Nodes, JSEventListeners), getImagingStats(), live WebGL contexts/textures counted by wrapping ' +
              'createTexture/deleteTexture, and the PSS of the busiest renderer and the GPU process from /proc',
            studies: studiesToOpen.map(({ instances, ...described }) => ({ ...described, megabytes: instances.reduce((sum, bytes) => sum + bytes.length, 0) / 1e6 })),
            rounds: memoryRounds,
          },
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nwritten to ${resultsFile} (bench:viewer took ${((Date.now() - benchStart) / 1000).toFixed(0)} s)`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main()
  // The 2×2 viewer rows (bench/viewer/grid-bench.ts), in their own browser and store; BENCH_GRID=0 leaves them out.
  .then(() => (process.env.BENCH_GRID === '0' ? undefined : runGridBench()))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
