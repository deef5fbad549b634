// The memory the operating system charges to a browser's renderer and GPU processes: the JS heap figures leave out
// canvas bitmaps, textures and the allocators' slack, which is what a user's machine actually runs short of.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'puppeteer-core';

export interface ProcessMemory {
  /** Proportional set size (shared pages split among their users, so nothing is counted twice), bytes. */
  rendererPss: number;
  gpuPss: number;
}

/** Linux's /proc/<pid>/smaps_rollup; NaN elsewhere or once the process has gone. */
async function pssOf(pid: number): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kilobytes = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kilobytes ? Number(kilobytes) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The renderer is the one that has used the most CPU: CDP does not say which process a tab runs in, and besides the
 * benchmark's tab there are only idle ones (puppeteer's blank first tab, Chrome's spare renderer).
 */
export async function processMemory(browser: Browser): Promise<ProcessMemory> {
  const session = await browser.target().createCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const busiest = (type: string) => processInfo.filter((process) => process.type === type).sort((a, b) => b.cpuTime - a.cpuTime)[0];
    const renderer = busiest('renderer');
    const gpu = busiest('GPU');
    return { rendererPss: renderer ? await pssOf(renderer.id) : NaN, gpuPss: gpu ? await pssOf(gpu.id) : NaN };
  } finally {
    await session.detach();
  }
}
