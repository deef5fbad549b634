// Measuring inside the MPR benchmark's pages (ours, the bare Cornerstone3D peer): when every view first shows an image.

export interface MprPageResult {
  /** performance.now() when the work began: the elements' connection (ours), the page script's start (peer). */
  start: number;
  /** Every view showing part of the volume (a lit pixel on its canvas's middle row). */
  firstImage: number;
  /** Every slice of the volume loaded. */
  volumeLoaded: number;
  views: number;
  slices: number;
  timeOrigin: number;
  /** What the page fetched, and when, up to its first image in all views (resource timing; see resourcesBefore). */
  resources?: ResourceSummary;
}

/** The page's requests by kind up to a moment: how many, the first's start and the last's end (ms after `start`). */
export interface ResourceSummary {
  [kind: string]: { count: number; bytes: number; firstStart: number; lastEnd: number; mostAtOnce: number };
}

/** The browser keeps 250 resource timings by default; a 200-slice series and the code need more. */
export function keepResourceTimings(): void {
  performance.setResourceTimingBufferSize(5000);
}

/** The requests that ended by `until` (ms, performance.now()), by kind (code, wasm, metadata, frames), timed from `start`. */
export function resourcesBefore(start: number, until: number): ResourceSummary {
  const kindOf = (url: string) => (/\/frames\/|\/instances\/[^/]+$/.test(url) ? 'frames' : /\/metadata/.test(url) ? 'metadata' : /\.wasm/.test(url) ? 'wasm' : /\.js/.test(url) ? 'code' : 'other');
  const summary: ResourceSummary = {};
  const spans: Record<string, Array<[number, number]>> = {};
  for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    if (entry.responseEnd > until || entry.startTime < start - 5000) continue;
    const kind = kindOf(entry.name);
    const known = (summary[kind] ??= { count: 0, bytes: 0, firstStart: Infinity, lastEnd: 0, mostAtOnce: 0 });
    known.count += 1;
    known.bytes += entry.encodedBodySize;
    known.firstStart = Math.min(known.firstStart, entry.startTime - start);
    known.lastEnd = Math.max(known.lastEnd, entry.responseEnd - start);
    (spans[kind] ??= []).push([entry.startTime, entry.responseEnd]);
  }
  for (const [kind, list] of Object.entries(spans)) {
    // The most requests of a kind in flight at one time.
    const edges = list.flatMap(([from, to]) => [[from, 1], [to, -1]] as Array<[number, number]>).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    for (const [, change] of edges) summary[kind]!.mostAtOnce = Math.max(summary[kind]!.mostAtOnce, (open += change));
  }
  return summary;
}

/** Whether a canvas's middle row has a pixel that is not black (the phantom's body crosses it in every plane). */
function showsImage(canvas: HTMLCanvasElement | null): boolean {
  if (!canvas || canvas.width === 0) return false;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return false;
  const { data } = context.getImageData(0, Math.floor(canvas.height / 2), canvas.width, 1);
  for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 0) return true;
  return false;
}

/** performance.now() at the first animation frame on which every canvas shows an image (checked once a frame). */
export function firstImageInAll(canvases: Array<() => HTMLCanvasElement | null>): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if (canvases.every((canvas) => showsImage(canvas()))) resolve(performance.now());
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
