// The two servers the benchmark compares, started on loopback, each with a way to delete a series outside the
// timed work; and one list of what to stop and remove, run on success, failure or a signal, so nothing is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOrthanc } from '../../test/support/orthanc.js';

const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));

export interface BenchServer {
  name: 'ours' | 'orthanc';
  /** DICOMweb root, no trailing slash. */
  root: string;
  /** Deletes one series (skipped when unknown). */
  deleteSeries(studyInstanceUid: string, seriesInstanceUid: string): Promise<void>;
  /** Stops the server; its data is removed by `stopAll`, at the end. */
  stop(): Promise<void>;
}

const running = new Set<() => Promise<void>>();
const dataFolders = new Set<string>();

/**
 * Registers `stop` to run on `stopAll` or a signal; the returned function runs it now (once) and unregisters it.
 */
function whenStopping(stop: () => Promise<void>): () => Promise<void> {
  let stopped: Promise<void> | undefined;
  const once = () => {
    running.delete(once);
    return (stopped ??= stop());
  };
  running.add(once);
  return once;
}

/** A temporary folder for a server's data, removed by `stopAll`. */
async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-bench-'));
  dataFolders.add(dir);
  return dir;
}

/**
 * Stops every server still running, then removes every data folder; safe to call more than once. Folders go only
 * here, at the end: this machine's file system (ext4 with `discard`) makes fsyncs slow for seconds after files are
 * deleted, so removing one part's data while the next part measures would slow the fsync-heavier server's STOW.
 */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((stop) => stop()));
  const folders = [...dataFolders];
  dataFolders.clear();
  await Promise.allSettled(folders.map((dir) => rm(dir, { recursive: true, force: true })));
}

// A signal (Ctrl-C, or bench/run.ts's time limit) must not leave Orthanc or our workers running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: stopping the servers the benchmark started…\n`);
    void stopAll().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}

async function drain(response: Response, what: string): Promise<void> {
  await response.arrayBuffer();
  if (!response.ok && response.status !== 404) throw new Error(`${what}: ${response.status}`);
}

/** `dicom-lightbox serve` in its own process (as Orthanc is: the benchmark's client does not share its event loop). */
export async function startOurs(workers: string): Promise<BenchServer> {
  const dir = await dataFolder();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--data', dir, '--host', '127.0.0.1', '--port', '0', '--workers', workers], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = whenStopping(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGTERM lets the primary stop its workers; SIGKILL only if they do not finish.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  try {
    const root = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        const match = /serving (http:\/\/[^/\s]+)\//.exec(output);
        if (match) resolve(`${match[1]}/dicom-web`);
      });
      child.once('exit', (code) => reject(new Error(`our server exited with ${code} before listening`)));
      setTimeout(() => reject(new Error('our server did not listen within 60 s')), 60_000).unref();
    });
    return {
      name: 'ours',
      root,
      async deleteSeries(study, series) {
        await drain(await fetch(`${root}/studies/${study}/series/${series}`, { method: 'DELETE' }), 'DELETE series');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Orthanc with test/support/orthanc.ts's configuration (its default SQLite index, the DICOMweb plugin), its storage
 * and index in a folder of ours so that they outlive `stop` until `stopAll`.
 */
export async function startOrthancPeer(): Promise<BenchServer & { storeByRest(instances: Uint8Array[]): Promise<void> }> {
  const dir = await dataFolder();
  const orthanc = await startOrthanc({ configuration: { StorageDirectory: join(dir, 'storage'), IndexDirectory: join(dir, 'index') } });
  const stop = whenStopping(() => orthanc.stop());
  return {
    name: 'orthanc',
    root: orthanc.dicomwebRoot,
    async deleteSeries(_study, series) {
      // Orthanc deletes by its own identifiers: the DICOM UID is looked up first.
      const lookup = await fetch(`${orthanc.restRoot}/tools/lookup`, { method: 'POST', body: series });
      if (!lookup.ok) throw new Error(`Orthanc lookup of ${series}: ${lookup.status}`);
      for (const { ID, Type } of (await lookup.json()) as Array<{ ID: string; Type: string }>) {
        if (Type === 'Series') await drain(await fetch(`${orthanc.restRoot}/series/${ID}`, { method: 'DELETE' }), 'DELETE series');
      }
    },
    storeByRest: (instances) => orthanc.store(instances),
    stop,
  };
}
