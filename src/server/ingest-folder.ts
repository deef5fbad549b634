// Importing every file under folders into a store, with a progress bar on stderr and a report at the end.
import { readdir, readFile, stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { join } from 'node:path';
import { IngestError, type Store } from './store/store.js';

export interface FolderIngestReport {
  files: number;
  bytes: number;
  stored: number;
  /** Already stored with the same bytes (re-import). */
  unchanged: number;
  /** Already stored under the same SOP Instance UID with different bytes: the stored copy was kept. */
  keptExisting: Array<{ path: string; sopInstanceUid: string }>;
  /** Stored, but not byte for byte: what was changed (a data set without Part 10 header gets one). */
  changed: Array<{ path: string; reason: string }>;
  /** Not DICOM instances (not DICOM at all, DICOMDIR): skipped on purpose. */
  skipped: Array<{ path: string; reason: string }>;
  /** DICOM files that could not be stored, with why. */
  failed: Array<{ path: string; reason: string }>;
  milliseconds: number;
}

export interface FolderIngestOptions {
  /** Where the progress line and the final report go; absent: silent. */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
}

async function* filesUnder(path: string): AsyncGenerator<string> {
  const info = await stat(path);
  if (info.isFile()) {
    yield path;
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* filesUnder(child);
    else if (entry.isFile()) yield child;
  }
}

const megabyte = 1024 * 1024;

/**
 * Imports files one at a time, so memory stays at one file whatever the folder holds. The tree is walked once
 * first (names and sizes only) so the bar knows its total; on a TTY the bar shows files, MB, rate and failures,
 * without one (CI logs) only the final report is written.
 */
export async function ingestFolders(store: Store, folders: string[], options: FolderIngestOptions = {}): Promise<FolderIngestReport> {
  const started = Date.now();
  const report: FolderIngestReport = { files: 0, bytes: 0, stored: 0, unchanged: 0, keptExisting: [], changed: [], skipped: [], failed: [], milliseconds: 0 };
  const out = options.progress;
  const paths: Array<{ path: string; size: number }> = [];
  for (const folder of folders) {
    for await (const path of filesUnder(folder)) paths.push({ path, size: (await stat(path)).size });
  }
  const totalMegabytes = paths.reduce((sum, { size }) => sum + size, 0) / megabyte;
  const bar =
    out?.isTTY === true
      ? new cliProgress.SingleBar(
          {
            stream: out as NodeJS.WritableStream,
            format: 'importing [{bar}] {value}/{total} files | {megabytes}/{totalMegabytes} MB | {rate} files/s, {megabytesPerSecond} MB/s | {failures} failed, {skipped} skipped',
            hideCursor: true,
            etaBuffer: 50,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  const values = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return {
      megabytes: (report.bytes / megabyte).toFixed(1),
      totalMegabytes: totalMegabytes.toFixed(1),
      rate: (report.files / seconds).toFixed(0),
      megabytesPerSecond: (report.bytes / megabyte / seconds).toFixed(1),
      failures: report.failed.length,
      skipped: report.skipped.length,
    };
  };
  bar?.start(paths.length, 0, values());

  for (const { path } of paths) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      report.failed.push({ path, reason: `cannot read: ${(error as Error).message}` });
      bar?.increment(1, values());
      continue;
    }
    report.files += 1;
    report.bytes += bytes.length;
    try {
      const result = await store.ingest(bytes);
      if (result.status === 'stored') report.stored += 1;
      else if (result.status === 'unchanged') report.unchanged += 1;
      else report.keptExisting.push({ path, sopInstanceUid: result.sopInstanceUid });
      if (result.changed !== undefined && result.status !== 'kept-existing') report.changed.push({ path, reason: result.changed });
    } catch (error) {
      if (error instanceof IngestError && (error.code === 'not-dicom' || error.code === 'not-an-instance')) {
        report.skipped.push({ path, reason: error.message });
      } else {
        report.failed.push({ path, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    bar?.increment(1, values());
  }
  report.milliseconds = Date.now() - started;
  bar?.stop();
  if (out) out.write(formatReport(report));
  return report;
}

/** The end-of-import summary: counts, then every skipped and failed file with its reason. */
export function formatReport(report: FolderIngestReport): string {
  const seconds = report.milliseconds / 1000;
  const lines = [
    `imported ${report.files} files (${(report.bytes / megabyte).toFixed(1)} MB) in ${seconds.toFixed(1)} s: ` +
      `${report.stored} stored, ${report.unchanged} already stored, ${report.skipped.length} skipped, ${report.failed.length} failed`,
  ];
  for (const { path, sopInstanceUid } of report.keptExisting) {
    lines.push(`  kept the stored copy of ${sopInstanceUid}: ${path} has the same SOP Instance UID and different bytes`);
  }
  for (const { path, reason } of report.changed) lines.push(`  stored ${path} with a change: ${reason}`);
  for (const { path, reason } of report.skipped) lines.push(`  skipped ${path}: ${reason}`);
  for (const { path, reason } of report.failed) lines.push(`  FAILED ${path}: ${reason}`);
  return `${lines.join('\n')}\n`;
}
