// The MPR interaction rows of `bench/viewer/run.ts` (run with the MPR rows, bench/viewer/mpr.ts): rendered frames/s
// while the reader drags the crosshairs' centre in the coronal view (the axial and sagittal views follow), and while
// the reader scrolls a 20 mm MIP slab with the wheel; ours (mpr-interaction-page.ts: <dicom-viewer layout="mpr">, a
// <dicom-viewport slab-thickness slab-mode>) beside a bare Cornerstone3D page (bare/mpr-interaction.ts: its
// CrosshairsTool, its slab settings and StackScrollTool) on the same series, with the real mouse. A frame counts
// when a view that the input moves rendered in it; a round whose input moved nothing fails.
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../../test/support/chromium.js';
import type { PagePoint, RenderCount } from './mpr-interaction-count.js';
import { stats, type Stats } from './stats.js';

/** The pages' entries, for the benchmark's page build (with mpr.ts's). */
export const mprInteractionPageEntries = { 'ours-mpr-interaction': 'mpr-interaction-page.ts', 'bare-mpr-interaction': 'bare/mpr-interaction.ts' } as const;

const inputMs = 2000;
type Mode = 'crosshairs' | 'slab';

interface InteractionFigure {
  figure: string;
  ours: Stats;
  peer: Stats;
  peerIs: string;
  target: string;
}

/** One round on one side: the page opened and loaded, then `inputMs` of dragging or scrolling with the real mouse. */
async function runRound(browser: Browser, url: string, mode: Mode): Promise<RenderCount> {
  const tab = await browser.newPage();
  try {
    await tab.setViewport({ width: 800, height: 600 });
    await tab.goto(url);
    await tab.waitForFunction('window.__interactionReady !== undefined', { timeout: 180_000, polling: 100 });
    const ready = await tab.evaluate('window.__interactionReady');
    if (ready !== true) throw new Error(`${url}: ${(ready as { error: string }).error}`);
    await tab.waitForFunction('window.__pressPoint() !== null', { timeout: 10_000, polling: 50 });
    const press = (await tab.evaluate('window.__pressPoint()')) as PagePoint;
    const before = (await tab.evaluate('window.__probe()')) as string;
    const { mouse } = tab;
    await mouse.move(press.x, press.y);
    let steps = 0;
    if (mode === 'crosshairs') {
      await mouse.down();
      await tab.evaluate('window.__startRenderCount()');
      const started = Date.now();
      while (Date.now() - started < inputMs) {
        steps += 1;
        // Back and forth along a diagonal of 30 px: each move shifts both other planes.
        const offset = steps % 60 < 30 ? steps % 30 : 30 - (steps % 30);
        await mouse.move(press.x + offset + 1, press.y + offset + 1);
      }
    } else {
      await tab.evaluate('window.__startRenderCount()');
      const started = Date.now();
      while (Date.now() - started < inputMs) {
        steps += 1;
        // Thirty slices one way, thirty back.
        await mouse.wheel({ deltaY: steps % 60 < 30 ? 100 : -100 });
      }
    }
    const count = (await tab.evaluate('window.__stopRenderCount()')) as RenderCount;
    const after = (await tab.evaluate('window.__probe()')) as string;
    if (mode === 'crosshairs') await mouse.up();
    if (after === before) throw new Error(`${url}: ${steps} inputs moved nothing (${after})`);
    if (count.renderedFrames === 0) throw new Error(`${url}: nothing rendered during the input`);
    return count;
  } finally {
    await tab.close();
  }
}

/**
 * Runs `rounds` rounds (after a warm-up) of each interaction, ours then the peer, in a browser of its own; page
 * `origin` serves `/ours-mpr-interaction.html` and `/bare-mpr-interaction.html`, `query` names the series.
 */
export async function mprInteractionFigures(workDir: string, origin: string, query: string, rounds: number, budgetMs = 5 * 60_000): Promise<InteractionFigure[]> {
  const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(`${workDir}/chromium-mpr-interaction`) });
  const samples: Record<Mode, { ours: RenderCount[]; bare: RenderCount[] }> = { crosshairs: { ours: [], bare: [] }, slab: { ours: [], bare: [] } };
  const deadline = Date.now() + budgetMs;
  try {
    for (let round = 0; round <= rounds && Date.now() < deadline; round++) {
      process.stderr.write(round === 0 ? 'MPR interaction warm-up round…\n' : `MPR interaction round ${round} of ${rounds}…\n`);
      for (const mode of ['crosshairs', 'slab'] as const) {
        const ours = await runRound(browser, `${origin}/ours-mpr-interaction.html${query}&mode=${mode}`, mode);
        const bare = await runRound(browser, `${origin}/bare-mpr-interaction.html${query}&mode=${mode}`, mode);
        if (process.env.BENCH_MPR_DETAIL) process.stderr.write(`MPR ${mode}: ours ${JSON.stringify(ours)}, peer ${JSON.stringify(bare)}\n`);
        if (round === 0) continue;
        samples[mode].ours.push(ours);
        samples[mode].bare.push(bare);
      }
    }
  } finally {
    await browser.close();
  }
  if (samples.crosshairs.ours.length === 0) return [];
  const rate = (counts: RenderCount[]) => stats(counts.map((count) => (count.renderedFrames * 1000) / count.ms));
  return [
    { figure: 'MPR: crosshair drag, rendered frames/s (the two views that follow)', ours: rate(samples.crosshairs.ours), peer: rate(samples.crosshairs.bare), peerIs: 'bare Cornerstone3D CrosshairsTool', target: 'ratio ≥ 1.0' },
    { figure: 'MPR: 20 mm MIP slab scroll by wheel, rendered frames/s', ours: rate(samples.slab.ours), peer: rate(samples.slab.bare), peerIs: 'bare Cornerstone3D MIP slab + StackScrollTool', target: 'ratio ≥ 1.0' },
  ];
}
