// `npm run bench:size`: what a page downloads from the standalone bundle, gzipped, beside a bare Cornerstone3D page
// built with the same rollup plugins (bench/viewer/bare/main.ts). Needs `npm run build` first. Sizes, not times:
// one measurement is exact. Writes bench/results/size.json.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { gzippedSize, kilobytes, staticClosure } from '../../test/support/bundle-size.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const ours = join(repo, 'dist/browser');
const resultsFile = join(repo, 'bench/results/size.json');

async function buildBarePage(outDir: string): Promise<void> {
  const { browserPlugins, onwarn } = (await import(new URL('../../rollup.config.js', import.meta.url).href)) as {
    browserPlugins: () => unknown[];
    onwarn: (warning: unknown, warn: (warning: unknown) => void) => void;
  };
  const bundle = await rollup({ input: { bare: join(repo, 'bench/viewer/bare/main.ts') }, plugins: browserPlugins() as never, onwarn: onwarn as never });
  await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  cpSync(join(ours, 'decodeImageFrameWorker.js'), join(outDir, 'decodeImageFrameWorker.js'));
}

async function main(): Promise<void> {
  if (!existsSync(join(ours, 'dicom-lightbox.js'))) throw new Error('no standalone bundle: run `npm run build` first');
  const bareDir = mkdtempSync(join(tmpdir(), 'dicom-lightbox-bench-size-'));
  try {
    process.stderr.write('building the bare Cornerstone3D page…\n');
    await buildBarePage(bareDir);
    const elements = staticClosure(ours, 'dicom-lightbox.js');
    const engineFile = elements.dynamicImports.find((file) => file.startsWith('viewport-engine-'));
    if (!engineFile) throw new Error('the standalone bundle has no viewport-engine chunk');
    const engine = staticClosure(ours, engineFile);
    const firstImageFiles = [...new Set([...elements.files, ...engine.files, 'decodeImageFrameWorker.js'])];
    const bare = staticClosure(bareDir, 'bare.js');
    const bareFirstImage = [...bare.files, 'decodeImageFrameWorker.js'];
    const kb = (bytes: number) => kilobytes(bytes);
    const figures = [
      {
        figure: 'JS to define the elements (before any viewport connects), gzipped KB',
        ours: kb(elements.gzippedBytes),
        peer: kb(bare.gzippedBytes),
        peerIs: 'bare Cornerstone3D bundle (nothing runs before all of it)',
        target: 'ours ≤ 150 KB',
      },
      {
        figure: 'JS downloaded before the first image (page, engine, decode worker), gzipped KB',
        ours: kb(gzippedSize(ours, firstImageFiles)),
        peer: kb(gzippedSize(bareDir, bareFirstImage)),
        peerIs: 'bare Cornerstone3D bundle + the same decode worker',
        target: 'ours ≤ 1,200 KB without the worker',
      },
    ];
    await mkdir(join(repo, 'bench/results'), { recursive: true });
    await writeFile(resultsFile, JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, files: { elements: elements.files, firstImage: firstImageFiles, bare: bare.files }, figures }, null, 2));
    process.stdout.write(
      ['| figure | ours | peer | ours/peer |', '|---|---|---|---|', ...figures.map((row) => `| ${row.figure} | ${row.ours} | ${row.peer} (${row.peerIs}) | ${(row.ours / row.peer).toFixed(2)} |`)].join('\n') + '\n',
    );
  } finally {
    rmSync(bareDir, { recursive: true, force: true });
  }
}

await main();
