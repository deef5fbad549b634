// `npx tsx bench/viewer/measurement-report.ts` (npm run bench:measurements): what a study's measurement report costs
// the first image. One <dicom-viewport> of the standalone bundle opens a 100-slice 512×512 CT from the reference server
// on loopback, in rounds that alternate the study without a report and with a 50-measurement TID 1500 report (stored
// and deleted between rounds, the same images either way). Prints first image with | without | ratio, and the time
// until the report's measurements are shown; writes bench/results/measurement-report.json. Needs
// `BUILD=browser npx rollup -c` first. BENCH_ROUNDS sets the rounds of each kind.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { DicomwebSource } from '../../src/dicomweb/source.js';
import { imageInfoOf } from '../../src/measurements/image-info.js';
import { describeMeasurement, type Measurement, type MeasurementType } from '../../src/measurements/measurement.js';
import { MeasurementReports } from '../../src/measurements/measurement-reports.js';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import { ratioText, stats, type Stats } from './stats.js';

const slices = 100;
const measurementCount = 50;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../..');
const oursDir = join(repo, 'dist/browser');
const study = sampleStudy.studyInstanceUid;
const series = sampleStudy.series[0].seriesInstanceUid;

interface Result {
  firstImage: number;
  /** When the report's measurements were shown (with a report), ms after the element's connection. */
  measurementsShown?: number;
  loaded?: number;
}

/** The page: the standalone bundle, one viewport, timed from its connection. */
const page = `<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 0 }</style></head><body><script type="module">
  const params = new URLSearchParams(location.search);
  const expectReport = params.get('report') === '1';
  try {
    await import('/ours/dicom-lightbox.js');
    const element = document.createElement('dicom-viewport');
    element.style.cssText = 'width: 512px; height: 512px';
    for (const name of ['study', 'series']) element.setAttribute(name, params.get(name));
    element.setAttribute('dicomweb-root', params.get('root'));
    const first = new Promise((resolve) => element.addEventListener('dicom-image-rendered', () => resolve(performance.now()), { once: true }));
    const loaded = new Promise((resolve) => element.addEventListener('dicom-measurements-loaded', (event) => resolve([performance.now(), event.detail.loaded]), { once: true }));
    const start = performance.now();
    document.body.append(element);
    const firstImage = (await first) - start;
    const [shown, count] = expectReport ? await loaded : [undefined, undefined];
    window.__benchResult = { firstImage, measurementsShown: shown === undefined ? undefined : shown - start, loaded: count };
  } catch (error) {
    window.__benchResult = { error: String(error?.stack ?? error) };
  }
</script></body></html>`;

function startStaticServer(): Promise<Server> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/page.html') {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(page);
      return;
    }
    const file = path.startsWith('/ours/') ? normalize(join(oursDir, path.slice('/ours/'.length))) : undefined;
    if (!file || !file.startsWith(oursDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function runPage(browser: Browser, url: string): Promise<Result> {
  const tab = await browser.newPage();
  try {
    await tab.goto(url);
    await tab.waitForFunction('window.__benchResult !== undefined', { timeout: 60_000, polling: 20 });
    const result = (await tab.evaluate('window.__benchResult')) as Result | { error: string };
    if ('error' in result) throw new Error(result.error);
    return result;
  } finally {
    await tab.close();
  }
}

/** Fifty measurements of the kinds a report holds, spread over the series' images. */
function reportMeasurements(headers: Awaited<ReturnType<DicomwebSource['retrieveSeriesMetadata']>>): Measurement[] {
  const kinds: Array<[MeasurementType, Array<[number, number]>]> = [
    ['length', [[100, 400], [200, 410]]],
    ['ellipse-roi', [[256, 236], [256, 276], [236, 256], [276, 256]]],
    ['angle', [[150, 300], [200, 300], [200, 250]]],
    ['rectangle-roi', [[300, 100], [340, 100], [300, 130], [340, 130]]],
    ['bidirectional', [[240, 330], [300, 360], [270, 330], [268, 362]]],
  ];
  return Array.from({ length: measurementCount }, (_, at) => {
    const [type, points] = kinds[at % kinds.length]!;
    const header = headers[(at * 7) % headers.length]!;
    return describeMeasurement({ id: `m${at}`, type, label: `M${at}`, points }, imageInfoOf(header));
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(oursDir, 'dicom-lightbox.js'))) throw new Error('no standalone bundle: run `BUILD=browser npx rollup -c` first');
  const work = mkdtempSync(join(tmpdir(), 'dicom-lightbox-bench-report-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rm(work, { recursive: true, force: true })];
  try {
    process.stderr.write(`storing a ${slices}-slice 512×512 CT…\n`);
    const store = await openFileStore(join(work, 'store'));
    cleanups.unshift(() => store.close());
    const folder = `${sampleStudy.patientId}/${sampleStudy.series[0].folderName}/`;
    for (const instance of generateSampleInstances({ ctSlices: slices })) if (instance.fileName.startsWith(folder)) await store.ingest(instance.bytes);
    const app = await buildApp({ store, cors: '*' });
    cleanups.unshift(() => app.close());
    const root = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`;
    const source = new DicomwebSource(root);
    const headers = await source.retrieveSeriesMetadata(study, series);
    const measurements = reportMeasurements(headers);
    const headerOf = (sop: string) => headers.find((header) => (header['00080018']?.Value as string[] | undefined)?.[0] === sop);

    const web = await startStaticServer();
    cleanups.unshift(() => new Promise((resolve) => web.close(resolve)));
    const origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
    cleanups.unshift(() => browser.close());
    const url = (report: boolean) => `${origin}/page.html?${new URLSearchParams({ root, study, series, report: report ? '1' : '0' })}`;

    const samples = { with: [] as Result[], without: [] as Result[] };
    const deadline = Date.now() + 5 * 60_000;
    for (let round = 0; round <= rounds && Date.now() < deadline; round++) {
      process.stderr.write(round === 0 ? 'warm-up round…\n' : `round ${round} of ${rounds}…\n`);
      const without = await runPage(browser, url(false));
      const saved = await new MeasurementReports().save(source, measurements, headerOf);
      const withReport = await runPage(browser, url(true));
      const deleted = await fetch(`${root}/studies/${study}/series/${saved.seriesInstanceUid}`, { method: 'DELETE' });
      if (!deleted.ok) throw new Error(`deleting the report answered ${deleted.status}`);
      if (withReport.loaded !== measurementCount) throw new Error(`the report gave ${withReport.loaded} measurements, not ${measurementCount}`);
      if (round === 0) continue;
      samples.without.push(without);
      samples.with.push(withReport);
    }

    const first = (results: Result[]) => stats(results.map((result) => result.firstImage));
    const figures = [
      { figure: `first image, ms, with a ${measurementCount}-measurement SR in the study`, ours: first(samples.with), peer: first(samples.without), peerIs: 'the same study without a report', target: 'difference ≤ 100 ms' },
      { figure: `${measurementCount} measurements of the SR shown, ms after connection`, ours: stats(samples.with.map((result) => result.measurementsShown!)), peer: first(samples.with), peerIs: 'first image of the same page', target: '' },
    ];
    const format = (s: Stats) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
    console.log(`\n${samples.with.length} rounds of each after a warm-up; median (min–max); ${cpus().length} CPUs; ${new Date().toISOString()}`);
    for (const f of figures) console.log(`| ${f.figure} | ${format(f.ours)} | ${format(f.peer)} | ${ratioText(f.ours.median, f.peer.median)} | ${f.peerIs} | ${f.target} |`);
    console.log(`first image difference (medians): ${(figures[0]!.ours.median - figures[0]!.peer.median).toFixed(0)} ms`);
    await mkdir(join(repo, 'bench/results'), { recursive: true });
    await writeFile(
      join(repo, 'bench/results/measurement-report.json'),
      `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, slices, measurementCount, rounds: samples.with.length, figures: figures.map((f) => ({ ...f, ratio: f.ours.median / f.peer.median })) }, null, 2)}\n`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
