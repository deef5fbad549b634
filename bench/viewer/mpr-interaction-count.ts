// Shared by both pages of `mpr-interaction.ts`: counts the animation frames in which the watched Cornerstone viewports
// rendered (their element's IMAGE_RENDERED), while the runner drags the crosshairs or scrolls a slab with the real
// mouse: the frames the reader sees change.

export interface RenderCount {
  /** Animation frames in which a watched viewport rendered since the frame before. */
  renderedFrames: number;
  /** Animation frames counted. */
  frames: number;
  /** Renders of the watched viewports in all (several views may render in one frame). */
  renders: number;
  ms: number;
}

export interface PagePoint {
  x: number;
  y: number;
}

declare global {
  interface Window {
    __interactionReady?: true | { error: string };
    /** Where the runner presses: the crosshairs' centre in the view dragged, or the middle of the slab's view. */
    __pressPoint?: () => PagePoint | null;
    /** Something that changes as the interaction works (the crosshairs' centre, the plane's position), for a check. */
    __probe?: () => string;
    __startRenderCount?: () => void;
    __stopRenderCount?: () => Promise<RenderCount>;
  }
}

/** Cornerstone's event for a viewport drawn (Enums.Events.IMAGE_RENDERED), on the viewport's element. */
const imageRendered = 'CORNERSTONE_IMAGE_RENDERED';

/** Installs the page's start and stop hooks over the viewport elements `watched` gives. */
export function installRenderCount(watched: () => HTMLElement[]): void {
  let running = false;
  let renderedSinceFrame = false;
  let count: RenderCount = { renderedFrames: 0, frames: 0, renders: 0, ms: 0 };
  let started = 0;
  let elements: HTMLElement[] = [];
  const onRendered = () => {
    if (!running) return;
    renderedSinceFrame = true;
    count.renders += 1;
  };
  const frame = () => {
    if (!running) return;
    count.frames += 1;
    if (renderedSinceFrame) count.renderedFrames += 1;
    renderedSinceFrame = false;
    requestAnimationFrame(frame);
  };
  window.__startRenderCount = () => {
    elements = watched();
    for (const element of elements) element.addEventListener(imageRendered, onRendered);
    count = { renderedFrames: 0, frames: 0, renders: 0, ms: 0 };
    renderedSinceFrame = false;
    started = performance.now();
    running = true;
    requestAnimationFrame(frame);
  };
  window.__stopRenderCount = async () => {
    // The last input's render lands on the next frame.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    running = false;
    count.ms = performance.now() - started;
    for (const element of elements) element.removeEventListener(imageRendered, onRendered);
    return count;
  };
}

/** Resolves once `done()` holds, checked each animation frame. */
export function whenTrue(done: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (done()) resolve();
      else if (performance.now() - start > timeoutMs) reject(new Error('timed out'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
