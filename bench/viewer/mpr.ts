// The MPR rows of `bench/viewer/run.ts`: the series as a volume in three orthographic views, ours (three
// <dicom-viewport orientation> sharing one volume) against a bare Cornerstone3D MPR page (bare/mpr.ts): time to the
// first image in all three views and to the whole volume, and the renderer + GPU processes' memory with the three
// views shown; and our memory with three views against one (one volume whatever the number of views). Each page load
// in a browser of its own, so that the GPU process starts afresh; memory is read once the volume has loaded (no GC
// forced: both sides alike).
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import type { MprPageResult } from './mpr-page-measure.js';
import { mprInteractionFigures, mprInteractionPageEntries } from './mpr-interaction.js';
import { processMemory } from './process-memory.js';
import { stats, type Stats } from './stats.js';

/** The MPR pages' entries (the interaction rows' too), for the benchmark's page build, and their HTML paths. */
export const mprPageEntries = { 'bare-mpr': 'bare/mpr.ts', 'ours-mpr': 'ours-mpr-page.ts', ...mprInteractionPageEntries } as const;

interface MprFigure {
  figure: string;
  ours: Stats;
  peer: Stats;
  peerIs: string;
  target: string;
}

interface Sample extends MprPageResult {
  memoryMb: number;
  /** CPU seconds the renderer (workers included) and the GPU process had used at the first image in all views, and once the volume loaded. */
  cpuAtFirstImage: { renderer: number; gpu: number };
  cpuAtLoaded: { renderer: number; gpu: number };
}

/** CPU seconds of the busiest renderer and GPU process (the tab's: the others idle). */
async function processCpu(browser: import('puppeteer-core').Browser): Promise<{ renderer: number; gpu: number }> {
  const session = await browser.target().createCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const busiest = (type: string) => Math.max(0, ...processInfo.filter((process) => process.type === type).map((process) => process.cpuTime));
    return { renderer: busiest('renderer'), gpu: busiest('GPU') };
  } finally {
    await session.detach();
  }
}

async function loadOnce(workDir: string, url: string): Promise<Sample> {
  const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(workDir), networkEnabled: false, issuesEnabled: false });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 800, height: 600 });
    await tab.goto(url);
    await tab.waitForFunction('window.__benchFirstImage !== undefined || window.__benchResult !== undefined', { timeout: 120_000, polling: 20 });
    const cpuAtFirstImage = await processCpu(browser);
    await tab.waitForFunction('window.__benchResult !== undefined', { timeout: 120_000, polling: 50 });
    const cpuAtLoaded = await processCpu(browser);
    const result = (await tab.evaluate('window.__benchResult')) as MprPageResult | { error: string };
    if ('error' in result) throw new Error(`${url}: ${result.error}`);
    const memory = await processMemory(browser);
    return { ...result, memoryMb: (memory.rendererPss + memory.gpuPss) / 1e6, cpuAtFirstImage, cpuAtLoaded };
  } finally {
    await browser.close();
  }
}

/**
 * Runs `rounds` rounds (after a warm-up) of: ours with three views, the bare page with three, ours with one; page
 * `origin` serves `/ours-mpr.html` and `/bare-mpr.html`, `query` names the series. Bounded to `budgetMs`.
 */
export async function mprFigures(workDir: string, origin: string, query: string, rounds: number, budgetMs = 4 * 60_000): Promise<MprFigure[]> {
  const samples = { ours: [] as Sample[], bare: [] as Sample[], oursOne: [] as Sample[] };
  const deadline = Date.now() + budgetMs;
  let browsers = 0;
  const load = (page: string, views: number) => loadOnce(`${workDir}/chromium-mpr-${(browsers += 1)}`, `${origin}/${page}${query}&views=${views}`);
  for (let round = 0; round <= rounds && Date.now() < deadline; round++) {
    process.stderr.write(round === 0 ? 'MPR warm-up round…\n' : `MPR round ${round} of ${rounds}…\n`);
    const ours = await load('ours-mpr.html', 3);
    const bare = await load('bare-mpr.html', 3);
    const oursOne = await load('ours-mpr.html', 1);
    if (round === 0) continue;
    samples.ours.push(ours);
    samples.bare.push(bare);
    samples.oursOne.push(oursOne);
  }
  if (samples.ours.length === 0) return [];
  const interaction = process.env.BENCH_MPR_INTERACTION === '0' ? [] : await mprInteractionFigures(workDir, origin, query, rounds);
  const first = (list: Sample[]) => stats(list.map((sample) => sample.firstImage - sample.start));
  const whole = (list: Sample[]) => stats(list.map((sample) => sample.volumeLoaded - sample.start));
  const memory = (list: Sample[]) => stats(list.map((sample) => sample.memoryMb));
  const slices = samples.ours[0]!.slices;
  const cpu = (list: Sample[], at: 'cpuAtFirstImage' | 'cpuAtLoaded') => stats(list.map((sample) => (sample[at].renderer + sample[at].gpu) * 1000));
  // What each side fetched before its first image in all three views, for reading where the time goes.
  if (process.env.BENCH_MPR_DETAIL) {
    for (const [side, list] of Object.entries(samples)) for (const sample of list) process.stderr.write(`MPR ${side}: first image ${(sample.firstImage - sample.start).toFixed(0)} ms, cpu ${JSON.stringify(sample.cpuAtFirstImage)}, before it ${JSON.stringify(sample.resources)}\n`);
  }
  return [
    { figure: 'MPR: time to first image in all three views, ms', ours: first(samples.ours), peer: first(samples.bare), peerIs: 'bare Cornerstone3D MPR', target: 'ratio ≤ 1.0' },
    { figure: `MPR: whole volume loaded (${slices} slices), ms`, ours: whole(samples.ours), peer: whole(samples.bare), peerIs: 'bare Cornerstone3D MPR', target: 'ratio ≤ 1.0' },
    { figure: 'MPR: renderer + GPU CPU time to the first image in all three views, ms', ours: cpu(samples.ours, 'cpuAtFirstImage'), peer: cpu(samples.bare, 'cpuAtFirstImage'), peerIs: 'bare Cornerstone3D MPR', target: '' },
    { figure: 'MPR: renderer + GPU CPU time to the whole volume, ms', ours: cpu(samples.ours, 'cpuAtLoaded'), peer: cpu(samples.bare, 'cpuAtLoaded'), peerIs: 'bare Cornerstone3D MPR', target: '' },
    { figure: 'MPR: renderer + GPU PSS, three views, MB', ours: memory(samples.ours), peer: memory(samples.bare), peerIs: 'bare Cornerstone3D MPR', target: 'ratio ≤ 1.0' },
    { figure: 'MPR: renderer + GPU PSS, three views against one, MB', ours: memory(samples.ours), peer: memory(samples.oursOne), peerIs: 'ours, one view', target: 'one volume: ratio ≈ 1' },
    ...interaction,
  ];
}
