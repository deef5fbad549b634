// Measuring inside the benchmark's pages (ours, the bare Cornerstone3D peer): the same scroll loop for both.

export interface PageResult {
  /** performance.now() when the work began: the element's connection (ours), the page script's start (peer). */
  start: number;
  firstImage: number;
  /** Every image of the series decoded and cached. */
  seriesLoaded: number;
  images: number;
  /** New images on screen while scrolling, and over how long (ms). */
  scrolledFrames: number;
  scrollMs: number;
  timeOrigin: number;
}

/**
 * Asks for the next image of the stack on every animation frame (requestAnimationFrame-driven, as a held arrow
 * key or a fast wheel would) for at most 3 s or two passes, and counts the new images rendered meanwhile.
 */
export async function scrollThroughStack(
  images: number,
  showImage: (index: number) => void,
  onEachShown: (listener: () => void) => void,
): Promise<{ scrolledFrames: number; scrollMs: number }> {
  let shown = 0;
  onEachShown(() => (shown += 1));
  const start = performance.now();
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
  // The last image asked for renders on the next frame.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { scrolledFrames: shown, scrollMs: performance.now() - start };
}
