// `npm pack` / `npm publish` of packages/server (dicom-lightbox-server): copies in what the server package ships from
// the repository's build, laid out as the CLI expects it (the nearest package.json above dist/server/cli.js has
// demo/ and dist/browser/ beside it): the server build, the standalone viewer it serves, the demo page, the types.
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'packages/server');

if (!existsSync(join(root, 'dist/server/cli.js')) || !existsSync(join(root, 'dist/browser/dicom-lightbox.js'))) {
  console.error('stage-server-package: no build yet; running npm run build');
  execSync('npm run build', { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
}

for (const stale of ['dist', 'demo', 'LICENSE']) rmSync(join(target, stale), { recursive: true, force: true });
cpSync(join(root, 'dist/server'), join(target, 'dist/server'), { recursive: true });
cpSync(join(root, 'dist/browser'), join(target, 'dist/browser'), { recursive: true });
cpSync(join(root, 'demo'), join(target, 'demo'), { recursive: true });
cpSync(join(root, 'LICENSE'), join(target, 'LICENSE'));
// The declarations of the server's API and of the shared modules it names (tsc writes them all to dist/lib).
cpSync(join(root, 'dist/lib'), join(target, 'dist/types'), {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || source.endsWith('.d.ts'),
});
const count = (folder) => readdirSync(folder, { recursive: true }).length;
console.error(`stage-server-package: ${relative(root, target)} has ${count(join(target, 'dist'))} files in dist/`);
