// Measuring inside the 2×2 benchmark's pages (ours, the bare Cornerstone3D peer): the same scroll loop for both.

export interface GridPageResult {
  /** performance.now() when the work began: the viewer's connection (ours), the page script's start (peer). */
  start: number;
  /** Every one of the four viewports has its first image on screen. */
  allFirstImages: number;
  /** Every image of the four series decoded and cached. */
  seriesLoaded: number;
  /** New images on screen while the first viewport was scrolled: its own, and each follower's. */
  drivenFrames: number;
  followerFrames: number[];
  /**
   * Every render Cornerstone made of each viewport while the first was scrolled (IMAGE_RENDERED, a new image or
   * not): renders beyond the new images are work the reader never sees.
   */
  renders: number[];
  scrollMs: number;
  /**
   * CPU time of the whole browser (renderer, GPU process with its software rasterizer, the rest), ms: from the start
   * to all four first images, and over the scroll. Counts survive a loaded machine better than wall-clock time.
   */
  openCpuMs: number;
  scrollCpuMs: number;
  /** The same by process type (`renderer`, `GPU`, `browser`, `utility`…). */
  openCpuByType: Record<string, number>;
  scrollCpuByType: Record<string, number>;
  /** Whether each follower ended on the driven viewport's slice (the series share their positions). */
  followersInStep: boolean;
}

/** The browser's CPU time so far by process type (ms), from the runner (grid-bench.ts exposes it to the page). */
export async function browserCpuMs(): Promise<Record<string, number>> {
  const ask = (window as unknown as { __benchCpuMs?: () => Promise<Record<string, number>> }).__benchCpuMs;
  return ask ? ask() : {};
}

/** The CPU time spent between two readings, in all and by process type. */
export function cpuSpent(before: Record<string, number>, after: Record<string, number>): { total: number; byType: Record<string, number> } {
  const byType: Record<string, number> = {};
  for (const [type, ms] of Object.entries(after)) byType[type] = ms - (before[type] ?? 0);
  return { total: Object.values(byType).reduce((sum, ms) => sum + ms, 0), byType };
}

/**
 * Asks the driven viewport for the next image on every animation frame for at most 3 s or two passes, as a held
 * arrow key would; the followers move by their synchronizer.
 */
export async function scrollDriven(images: number, showImage: (index: number) => void): Promise<{ scrollMs: number; scrollCpuMs: number; scrollCpuByType: Record<string, number> }> {
  const cpuBefore = await browserCpuMs();
  const start = performance.now();
  performance.mark('grid-scroll-start'); // the trace's bounds of the scroll (grid-trace-summary.ts)
  const maxFrames = 2 * images;
  let asked = 0;
  await new Promise<void>((resolve) => {
    const step = () => {
      if (asked >= maxFrames || performance.now() - start > 3000) {
        resolve();
        return;
      }
      asked += 1;
      showImage(asked % images);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const scrollMs = performance.now() - start;
  performance.mark('grid-scroll-end');
  const spent = cpuSpent(cpuBefore, await browserCpuMs());
  return { scrollMs, scrollCpuMs: spent.total, scrollCpuByType: spent.byType };
}
