// The two servers the benchmark compares, started on loopback, each with a way to delete a series outside the
// timed work; and one list of what to stop and remove, run on success, failure or a signal, so nothing is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startOrthanc } from '../../test/support/orthanc.js';
import { cpuSecondsOfTree } from './process-cpu.js';

const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));

export interface BenchServer {
  name: 'ours' | 'orthanc';
  /** DICOMweb root, no trailing slash. */
  root: string;
  /** Headers every request needs (an Authorization header when the server has authentication). */
  credentials?: Record<string, string>;
  /** CPU seconds the server's processes have used so far. */
  cpuSeconds(): Promise<number>;
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

/** What `startOurs` turns on besides the store. */
export interface OursOptions {
  /**
   * JWT authentication (HS256, a secret file, as for an identity provider's tokens) and the hash-chained audit trail,
   * as a deployment runs it: every request then carries a bearer token and is recorded.
   */
  secured?: boolean;
}

/** Our server's audit trail: the lines its processes wrote (each request answered is one). */
export interface SecuredServer extends BenchServer {
  auditLines(): Promise<number>;
}

/** `dicom-lightbox serve` in its own process (as Orthanc is: the benchmark's client does not share its event loop). */
export async function startOurs(workers: string): Promise<BenchServer>;
export async function startOurs(workers: string, options: { secured: true }): Promise<SecuredServer>;
export async function startOurs(workers: string, options: OursOptions = {}): Promise<BenchServer | SecuredServer> {
  const dir = await dataFolder();
  const trust: string[] = [];
  let credentials: Record<string, string> | undefined;
  const auditDir = join(dir, 'audit');
  if (options.secured) {
    const secret = randomBytes(32).toString('hex');
    await writeFile(join(dir, 'jwt-secret'), secret, { mode: 0o600 });
    trust.push('--jwt-secret-file', join(dir, 'jwt-secret'), '--audit', auditDir);
    const token = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setIssuedAt().setExpirationTime('12h').sign(Buffer.from(secret, 'utf8'));
    credentials = { Authorization: `Bearer ${token}` };
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'serve', '--data', join(dir, 'data'), '--host', '127.0.0.1', '--port', '0', '--workers', workers, ...trust],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
    const server: BenchServer = {
      name: 'ours',
      root,
      ...(credentials && { credentials }),
      cpuSeconds: () => cpuSecondsOfTree(child.pid!),
      async deleteSeries(study, series) {
        await drain(await fetch(`${root}/studies/${study}/series/${series}`, { method: 'DELETE', headers: credentials ?? {} }), 'DELETE series');
      },
      stop,
    };
    if (!options.secured) return server;
    // A figure "with authentication" from a server that let anyone in would be a figure without it.
    const anonymous = await fetch(`${root}/studies`);
    await anonymous.arrayBuffer();
    if (anonymous.status !== 401) throw new Error(`our secured server answered ${anonymous.status} to a request without a token`);
    return {
      ...server,
      async auditLines() {
        let lines = 0;
        for (const name of await readdir(auditDir)) lines += (await readFile(join(auditDir, name), 'utf8')).split('\n').length - 1;
        return lines;
      },
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
    cpuSeconds: () => cpuSecondsOfTree(orthanc.pid),
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
