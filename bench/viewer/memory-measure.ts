// The memory benchmark's driver: in a fresh tab, open and close one <dicom-viewport> per study (memory-page.ts),
// and read the page's memory after forcing garbage collection over CDP, once after the first study and once after
// the last. What the first open leaves (code, the engine's one-time state) is the baseline; growth past it is a leak.
import { writeFile } from 'node:fs/promises';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import type { CloseResult, MemoryBenchPage, OpenResult, PageCensus } from './memory-page.js';
import { processMemory, type ProcessMemory } from './process-memory.js';

export interface MemoryReading extends PageCensus, ProcessMemory {
  /** V8's heap of the page's main isolate, after GC. */
  jsHeapBytes: number;
  /** Blink's garbage-collected heap (DOM nodes and the like), after GC. */
  embedderHeapBytes: number;
  /** ArrayBuffer backing stores and external strings: where decoded pixels live. */
  backingStoreBytes: number;
  domNodes: number;
  jsEventListeners: number;
}

export interface MemoryRound {
  afterFirst: MemoryReading;
  afterLast: MemoryReading;
  /** What the last study held while it was open, before it was closed. */
  lastOpen: OpenResult;
  opens: Array<Pick<OpenResult, 'images' | 'firstImageMs' | 'seriesLoadedMs'>>;
  closes: Array<Pick<CloseResult, 'settleMs'>>;
  ms: number;
}

export interface StudyToOpen {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  slices: number;
}

/** Full collections until the heap stops shrinking (WeakRef and finalizer clean-ups run between them), at most 4. */
async function collectGarbage(session: CDPSession): Promise<void> {
  let previous = Infinity;
  for (let pass = 0; pass < 4; pass += 1) {
    await session.send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    if (usedSize >= previous * 0.999) return;
    previous = usedSize;
  }
}

async function readMemory(tab: Page, session: CDPSession): Promise<MemoryReading> {
  await collectGarbage(session);
  const usage = (await session.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
  const { metrics } = await session.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? NaN;
  // After the collection: a WebGL context counts as live until nothing references it, and only GC can tell.
  const census = await tab.evaluate(() => (window.__memoryBench as MemoryBenchPage).census());
  return {
    ...(await processMemory(tab.browser())),
    jsHeapBytes: usage.usedSize,
    embedderHeapBytes: usage.embedderHeapUsedSize ?? NaN,
    backingStoreBytes: usage.backingStorageSize ?? NaN,
    domNodes: metric('Nodes'),
    jsEventListeners: metric('JSEventListeners'),
    ...census,
  };
}

/**
 * One round: a fresh tab on `url` (memory-page.ts), every study opened until its whole series is loaded, then
 * closed. `snapshotPrefix`, if given, also writes heap snapshots after the first and the last study, for finding
 * what holds memory (load them in DevTools' Memory panel, or bench/viewer/heap-retainers.ts).
 */
export async function measureMemoryRound(browser: Browser, url: string, dicomwebRoot: string, studies: readonly StudyToOpen[], snapshotPrefix?: string): Promise<MemoryRound> {
  const started = Date.now();
  const tab = await browser.newPage();
  try {
    await tab.setViewport({ width: 800, height: 600 });
    const session = await tab.createCDPSession();
    await session.send('Performance.enable');
    await tab.goto(url);
    await tab.waitForFunction('window.__memoryBench !== undefined', { timeout: 60_000, polling: 50 });
    const setUpError = await tab.evaluate(() => (window.__memoryBench as { error?: string }).error);
    if (setUpError) throw new Error(`${url}: ${setUpError}`);

    const opens: MemoryRound['opens'] = [];
    const closes: MemoryRound['closes'] = [];
    let afterFirst: MemoryReading | undefined;
    let lastOpen: OpenResult | undefined;
    for (const [index, study] of studies.entries()) {
      const opened = await tab.evaluate(
        (root, studyUid, seriesUid) => (window.__memoryBench as MemoryBenchPage).open(root, studyUid, seriesUid),
        dicomwebRoot,
        study.studyInstanceUid,
        study.seriesInstanceUid,
      );
      if (opened.images !== study.slices) throw new Error(`study ${index + 1}: expected ${study.slices} images, the viewport has ${opened.images}`);
      opens.push({ images: opened.images, firstImageMs: opened.firstImageMs, seriesLoadedMs: opened.seriesLoadedMs });
      lastOpen = opened;
      const closed = await tab.evaluate(() => (window.__memoryBench as MemoryBenchPage).close());
      closes.push({ settleMs: closed.settleMs });
      const first = index === 0;
      const last = index === studies.length - 1;
      if (!first && !last) continue;
      const reading = await readMemory(tab, session);
      if (snapshotPrefix) await writeHeapSnapshot(session, `${snapshotPrefix}-${first ? 'first' : 'last'}.heapsnapshot`);
      if (first) afterFirst = reading;
      if (last) return { afterFirst: afterFirst!, afterLast: reading, lastOpen: lastOpen!, opens, closes, ms: Date.now() - started };
    }
    throw new Error('no studies to open');
  } finally {
    await tab.close();
  }
}

async function writeHeapSnapshot(session: CDPSession, file: string): Promise<void> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  await writeFile(file, chunks.join(''));
}
