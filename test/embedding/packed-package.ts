// The packages as npm users get them: `npm pack` of this repository (after `npm run build`; packing here skips the
// prepack build) and of packages/server, and the browser package installed from its tarball by npm in a new project.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const repositoryRoot = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  tarball: string;
  files: PackedFile[];
}

function assertBuilt(): void {
  for (const file of ['dist/lib/index.js', 'dist/lib/decodeImageFrameWorker.js', 'dist/browser/dicom-lightbox.js', 'dist/server/cli.js']) {
    if (!existsSync(join(repositoryRoot, file))) throw new Error(`${file} is missing: run \`npm run build\` before these tests (npm test does)`);
  }
}

async function pack(destination: string, workspace?: string): Promise<Packed> {
  assertBuilt();
  await mkdir(destination, { recursive: true });
  // The browser package's prepack is the whole build, already done; the server's stages files from it.
  const args = ['pack', '--json', '--pack-destination', destination, ...(workspace ? ['--workspace', workspace] : ['--ignore-scripts'])];
  const { stdout } = await run('npm', args, { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 });
  const [result] = JSON.parse(stdout) as Array<{ filename: string; files: PackedFile[] }>;
  return { tarball: join(destination, result!.filename), files: result!.files };
}

export const packBrowserPackage = (destination: string) => pack(destination);
export const packServerPackage = (destination: string) => pack(destination, 'packages/server');

/**
 * A new project with the tarball installed by npm (dependencies from the registry, or npm's cache when it has them),
 * and `alongside` (the host's own packages, `react@18`…) with it.
 */
export async function installInNewProject(tarball: string, alongside: string[] = []): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), 'dicom-lightbox-host-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, ...alongside], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  return project;
}
