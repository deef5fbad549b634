// Shared by both pages of `measurement-drag.ts`: counts the animation frames in which the statistics drawn beside the
// ellipse changed while its handle is dragged (the reader sees a new mean and SD: recomputed and rendered).

export interface DragCount {
  /** Frames whose drawn statistics differed from the frame before. */
  updates: number;
  /** Animation frames counted. */
  frames: number;
  ms: number;
  /** The statistics drawn last, for the log (a check that they are statistics at all). */
  lastText: string;
}

export interface PagePoint {
  x: number;
  y: number;
}

/** The rightmost of points on the page (an ellipse's right handle). */
export function rightmost(points: readonly PagePoint[]): PagePoint | null {
  return points.reduce<PagePoint | null>((best, point) => (best === null || point.x > best.x ? point : best), null);
}

declare global {
  interface Window {
    __dragReady?: true | { error: string };
    __startDragCount?: () => void;
    __stopDragCount?: () => Promise<DragCount>;
    /** Where the ellipse's right handle is on the page, read from its annotation; null before one is drawn. */
    __handlePoint?: () => PagePoint | null;
  }
}

/** Installs the page's start and stop hooks; `drawnText` reads the text drawn beside the measurements. */
export function installDragCount(drawnText: () => string): void {
  let running = false;
  let count: DragCount = { updates: 0, frames: 0, ms: 0, lastText: '' };
  let started = 0;
  const frame = () => {
    if (!running) return;
    const text = drawnText();
    count.frames += 1;
    if (text !== count.lastText) count.updates += 1;
    count.lastText = text;
    requestAnimationFrame(frame);
  };
  window.__startDragCount = () => {
    count = { updates: 0, frames: 0, ms: 0, lastText: drawnText() };
    started = performance.now();
    running = true;
    requestAnimationFrame(frame);
  };
  window.__stopDragCount = async () => {
    // The last move's render lands on the next frame.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    running = false;
    count.ms = performance.now() - started;
    return count;
  };
}
