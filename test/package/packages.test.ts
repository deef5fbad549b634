// Issue 18, items 1 and 8: the two packages as `npm pack` makes them. The browser package installs none of the server's
// dependencies, imports safely in Node (server-side rendering) and ships what it should; the server package carries
// the CLI, the viewer it serves and its types, and runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { installInNewProject, packBrowserPackage, packServerPackage, repositoryRoot, type Packed } from '../embedding/packed-package.js';

const run = promisify(execFile);
let work: string;
let browserPackage: Packed;
let serverPackage: Packed;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'dicom-lightbox-packages-'));
  browserPackage = await packBrowserPackage(work);
  serverPackage = await packServerPackage(work);
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const paths = (packed: Packed) => packed.files.map((file) => file.path);

describe('the browser package, dicom-lightbox', () => {
  test('ships the elements, the standalone bundle, the worker and codecs, and no server', () => {
    const files = paths(browserPackage);
    for (const wanted of ['LICENSE', 'CHANGELOG.md', 'README.md', 'custom-elements.json', 'dist/lib/index.js', 'dist/lib/react.js', 'dist/lib/decodeImageFrameWorker.js', 'dist/lib/codecs/openjphjs.wasm', 'dist/browser/dicom-lightbox.js', 'dist/browser/decodeImageFrameWorker.js', 'dist/lib/standalone.d.ts', 'dist/lib/jsx.d.ts', 'dist/lib/vue.d.ts']) {
      assert.ok(files.includes(wanted), `${wanted} is packed`);
    }
    assert.deepEqual(files.filter((file) => /^dist\/server\/|^demo\/|^dist\/lib\/(server|sample-data)\//.test(file)), [], 'no server, demo or sample-data files');
    assert.deepEqual(files.filter((file) => /computeWorker/.test(file)), [], 'no compute worker (no element starts it)');
  });

  test('its source maps map without the sources inlined', () => {
    const maps = paths(browserPackage).filter((file) => file.endsWith('.map'));
    assert.ok(maps.length > 0, 'the library has source maps');
    for (const map of maps) {
      const { sourcesContent } = JSON.parse(readFileSync(join(repositoryRoot, map), 'utf8')) as { sourcesContent?: unknown[] };
      assert.ok(!sourcesContent || sourcesContent.every((content) => content === null), `${map} inlines its sources`);
    }
  });

  test("the manifest's paths name shipped files and its events are the documented ones", () => {
    const files = paths(browserPackage);
    const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'custom-elements.json'), 'utf8')) as {
      modules: Array<{ path: string; declarations?: Array<{ tagName?: string; events?: Array<{ name: string }> }> }>;
    };
    for (const module of manifest.modules) assert.ok(files.includes(module.path), `${module.path} is packed`);
    const events = Object.fromEntries(
      manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName).map((declaration) => [declaration.tagName, (declaration.events ?? []).map((event) => event.name).sort()]),
    );
    assert.deepEqual(events, {
      'dicom-measurements': [],
      'dicom-series-browser': ['dicom-error', 'dicom-series-select'],
      'dicom-study-list': ['dicom-error', 'dicom-study-select'],
      'dicom-toolbar': [],
      'dicom-viewport': [
        'dicom-error',
        'dicom-image-rendered',
        'dicom-load-progress',
        'dicom-measurement-added',
        'dicom-measurement-changed',
        'dicom-measurement-removed',
        'dicom-measurements-loaded',
        'dicom-measurements-replaced',
        'dicom-viewport-changed',
      ],
      'dicom-viewer': ['dicom-active-viewport-change', 'dicom-error', 'dicom-layout-change', 'dicom-series-select', 'dicom-study-loaded'],
    });
  });

  test('installs by npm without any server dependency, and imports in Node without defining anything that runs', async () => {
    const project = await installInNewProject(browserPackage.tarball);
    try {
      const installed = readdirSync(join(project, 'node_modules'), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('package.json') && dirname(path).split('/').length <= 2);
      const names = installed.map((path) => dirname(path)).sort();
      for (const serverOnly of ['fastify', 'sharp', 'better-sqlite3', '@cornerstonejs/core', 'dcmjs']) assert.ok(!names.includes(serverOnly), `${serverOnly} is not installed (installed: ${names.join(', ')})`);
      assert.ok(names.includes('lit'), 'Lit is');
      // Server-side rendering imports the elements: they are defined on Lit's server shim and nothing else happens.
      const script = join(project, 'ssr.mjs');
      await writeFile(
        script,
        "const lightbox = await import('dicom-lightbox');\nconst { DicomwebSource } = await import('dicom-lightbox/dicomweb');\n" +
          "console.log(JSON.stringify({ viewport: typeof lightbox.DicomViewport, defined: customElements.get('dicom-viewport') === lightbox.DicomViewport, source: typeof DicomwebSource }));\n",
      );
      const { stdout } = await run(process.execPath, [script], { cwd: project });
      assert.deepEqual(JSON.parse(stdout), { viewport: 'function', defined: true, source: 'function' });
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});

describe('the server package, dicom-lightbox-server', () => {
  test('ships the CLI with the viewer and demo it serves, and its types', () => {
    const files = paths(serverPackage);
    for (const wanted of ['package.json', 'LICENSE', 'README.md', 'dist/server/cli.js', 'dist/server/index.js', 'dist/browser/dicom-lightbox.js', 'dist/browser/decodeImageFrameWorker.js', 'demo/index.html', 'dist/types/server/index.d.ts']) {
      assert.ok(files.includes(wanted), `${wanted} is packed`);
    }
  });

  test('its CLI runs from the installed package (dependencies linked from this checkout)', async () => {
    const project = await mkdtemp(join(tmpdir(), 'dicom-lightbox-server-host-'));
    try {
      const installed = join(project, 'node_modules', 'dicom-lightbox-server');
      await mkdir(installed, { recursive: true });
      await run('tar', ['-xzf', serverPackage.tarball, '-C', installed, '--strip-components=1']);
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
      // npm would install these from the registry (better-sqlite3 compiles for a minute); this checkout has them.
      for (const name of Object.keys(manifest.dependencies)) {
        const link = join(project, 'node_modules', name);
        await mkdir(dirname(link), { recursive: true });
        if (!existsSync(link)) await symlink(join(repositoryRoot, 'node_modules', name), link, 'dir');
      }
      assert.equal(manifest.bin['dicom-lightbox-server'], manifest.bin['dicom-lightbox'], 'npx dicom-lightbox-server runs the dicom-lightbox command');
      const { stderr } = await run(process.execPath, [join(installed, manifest.bin['dicom-lightbox-server']!), '--help'], { cwd: project });
      assert.match(stderr, /usage:\n {2}dicom-lightbox serve/);
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "const server = await import('dicom-lightbox-server'); console.log(typeof server.buildApp, typeof server.openFileStore);"], { cwd: project });
      assert.equal(stdout.trim(), 'function function');
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
