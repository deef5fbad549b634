// `dicom-lightbox serve` as a real child process for the tests, in its own process group so that a test can kill
// the server with all its worker processes at once (kill -9 of the group: what a crash or power cut does).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** The DICOMweb root, http://127.0.0.1:PORT/dicom-web (https with --tls-key and --tls-cert). */
  root: string;
  port: number;
  /** What the server wrote so far (stdout and stderr). */
  output(): string;
}

/** Starts the CLI on an ephemeral loopback port; resolves once it listens (every worker of it). */
export async function serve(dataDir: string, extraArguments: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', ...extraArguments], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const root = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /serving (https?:\/\/[^/\s]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}/dicom-web`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${output}`));
    });
  });
  return { child, root, port: Number(new URL(root).port), output: () => output };
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGKILL to the server's whole process group (primary and workers); nothing of it runs on. */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Whether any process of the group is still alive. */
export function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of the children of `pid` (Linux /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}
