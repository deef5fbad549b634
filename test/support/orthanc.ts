// Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) as a second DICOMweb backend for tests and benchmarks:
// started on loopback with its own configuration in a temporary folder, loaded, stopped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningOrthanc {
  /** DICOMweb root without a trailing slash, e.g. `http://127.0.0.1:40123/dicom-web`. */
  dicomwebRoot: string;
  /** Orthanc's own REST API root, e.g. `http://127.0.0.1:40123`. */
  restRoot: string;
  /** Its process id (the benchmark reads its CPU time). */
  pid: number;
  /** Stores Part 10 files (paths or bytes) through `POST /instances`, a few at a time; rejects on the first refusal. */
  store(instances: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void>;
  /** Stops Orthanc and removes its folder. */
  stop(): Promise<void>;
}

export interface OrthancOptions {
  /** Extra configuration merged over the defaults (e.g. `{ DicomWeb: { … } }` replaces that section). */
  configuration?: Record<string, unknown>;
  /** How long to wait for Orthanc to answer, in ms (default 30 s). */
  startTimeout?: number;
}

const orthancExecutable = '/usr/sbin/Orthanc';

/** The DICOMweb plugin's shared library, wherever the Debian package put it. */
function dicomwebPlugin(): string | undefined {
  const known = ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', '/usr/lib/orthanc/libOrthancDicomWeb.so'];
  const found = known.find((path) => existsSync(path));
  if (found) return found;
  const listing = spawnSync('dpkg', ['-L', 'orthanc-dicomweb'], { encoding: 'utf8' });
  return listing.stdout?.split('\n').find((line) => /libOrthancDicomWeb\.so/.test(line) && existsSync(line));
}

/** Why Orthanc cannot be used here, or undefined when it can: tests pass it to `skip`. */
export function orthancUnavailable(): string | undefined {
  if (!existsSync(orthancExecutable)) return `Orthanc is not installed (${orthancExecutable} missing; apt-get install orthanc orthanc-dicomweb)`;
  if (!dicomwebPlugin()) return 'the Orthanc DICOMweb plugin is not installed (apt-get install orthanc-dicomweb)';
  return undefined;
}

/** A port the kernel just gave out and took back; Orthanc has no "port 0". */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeout: number, log: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with ${child.exitCode} while starting:\n${await log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Orthanc did not answer ${url} within ${timeout} ms:\n${await log()}`);
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<RunningOrthanc> {
  const unavailable = orthancUnavailable();
  if (unavailable) throw new Error(unavailable);
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const configuration = {
    Name: 'dicom-lightbox-test',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    // Orthanc listens on every interface and has no bind address: refusing remote hosts keeps it to loopback.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    HttpServerEnabled: true,
    DicomServerEnabled: true,
    // Nagle's algorithm makes every small response wait (FACTS.md: ≈48 ms per C-STORE without it).
    TcpNoDelay: true,
    KeepAlive: true,
    StorageCompression: false,
    SaveJobs: false,
    HttpCompressionEnabled: false,
    Plugins: [dicomwebPlugin()],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Ssl: false, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
    ...options.configuration,
  };
  const configPath = join(dir, 'orthanc.json');
  await writeFile(configPath, JSON.stringify(configuration, null, 2));
  const logPath = join(dir, 'orthanc.log');
  const { openSync } = await import('node:fs');
  const logFile = openSync(logPath, 'w');
  const child = spawn(orthancExecutable, [configPath], { stdio: ['ignore', logFile, logFile] });
  const restRoot = `http://127.0.0.1:${httpPort}`;
  const log = async () => (await readFile(logPath, 'utf8').catch(() => '')).slice(-4000);
  try {
    await waitUntilAnswering(`${restRoot}/system`, child, options.startTimeout ?? 30_000, log);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  async function storeOne(instance: string | Uint8Array): Promise<void> {
    const bytes = typeof instance === 'string' ? await readFile(instance) : instance;
    const response = await fetch(`${restRoot}/instances`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom' },
      body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>,
    });
    if (!response.ok) throw new Error(`Orthanc refused ${typeof instance === 'string' ? instance : 'an instance'}: ${response.status} ${await response.text()}`);
  }

  return {
    dicomwebRoot: `${restRoot}/dicom-web`,
    restRoot,
    pid: child.pid!,
    async store(instances) {
      const inFlight = new Set<Promise<void>>();
      for await (const instance of instances) {
        const task = storeOne(instance).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= 4) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
