// The MPR rows of `bench/viewer/run.ts`: the series as a volume in three orthographic views, ours (three
// <dicom-viewport orientation> sharing one volume) against a bare Cornerstone3D MPR page (bare/mpr.ts): time to the
// first image in all three views and to the whole volume, and the renderer + GPU processes' memory with the three
// views shown; and our memory with three views against one (one volume whatever the number of views). Each page load
// in a browser of its own, so that the GPU process starts afresh; memory is read once the volume has loaded (no GC
// forced: both sides alike).
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import type { MprPageResult } from './mpr-page-measure.js';
import { processMemory } from './process-memory.js';
import { stats, type Stats } from './stats.js';

/** The MPR pages' entries, for the benchmark's page build, and their HTML paths. */
export const mprPageEntries = { 'bare-mpr': 'bare/mpr.ts', 'ours-mpr': 'ours-mpr-page.ts' } as const;

interface MprFigure {
  figure: string;
  ours: Stats;
  peer: Stats;
  peerIs: string;
  target: string;
}

interface Sample extends MprPageResult {
  memoryMb: number;
}

async function loadOnce(workDir: string, url: string): Promise<Sample> {
  const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(workDir), networkEnabled: false, issuesEnabled: false });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 800, height: 600 });
    await tab.goto(url);
    await tab.waitForFunction('window.__benchResult !== undefined', { timeout: 120_000, polling: 50 });
    const result = (await tab.evaluate('window.__benchResult')) as MprPageResult | { error: string };
    if ('error' in result) throw new Error(`${url}: ${result.error}`);
    const memory = await processMemory(browser);
    return { ...result, memoryMb: (memory.rendererPss + memory.gpuPss) / 1e6 };
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
  const first = (list: Sample[]) => stats(list.map((sample) => sample.firstImage - sample.start));
  const whole = (list: Sample[]) => stats(list.map((sample) => sample.volumeLoaded - sample.start));
  const memory = (list: Sample[]) => stats(list.map((sample) => sample.memoryMb));
  const slices = samples.ours[0]!.slices;
  return [
    { figure: 'MPR: time to first image in all three views, ms', ours: first(samples.ours), peer: first(samples.bare), peerIs: 'bare Cornerstone3D MPR', target: 'ratio ≤ 1.0' },
    { figure: `MPR: whole volume loaded (${slices} slices), ms`, ours: whole(samples.ours), peer: whole(samples.bare), peerIs: 'bare Cornerstone3D MPR', target: 'ratio ≤ 1.0' },
    { figure: 'MPR: renderer + GPU PSS, three views, MB', ours: memory(samples.ours), peer: memory(samples.bare), peerIs: 'bare Cornerstone3D MPR', target: 'ratio ≤ 1.0' },
    { figure: 'MPR: renderer + GPU PSS, three views against one, MB', ours: memory(samples.ours), peer: memory(samples.oursOne), peerIs: 'ours, one view', target: 'one volume: ratio ≈ 1' },
  ];
}
