// Three outputs (see README "Build"): the npm library as unbundled ES modules, the zero-footprint standalone
// bundle with its workers and WASM codecs as lazily fetched files beside it, and the Node server + CLI.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtinModules } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const require = createRequire(import.meta.url);
const production = process.env.NODE_ENV !== 'development';
const dependencies = Object.keys(pkg.dependencies ?? {});
/** A bare import of a dependency (or a subpath of one) stays an import in the library and server builds. */
const isDependency = (id) =>
  dependencies.some((name) => id === name || id.startsWith(`${name}/`)) ||
  builtinModules.includes(id) ||
  id.startsWith('node:');

const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true });

/**
 * Cornerstone's decoders locate their WASM with `new URL('<bare package specifier>', import.meta.url)`, which
 * only a bundler that knows the convention resolves. Emit each such file as an asset next to the chunk and
 * point the URL at it, so the folder works when served from any path.
 */
function bareSpecifierUrlsAsAssets() {
  const pattern = /new URL\(\s*['"]((?:@[\w.-]+\/)?[\w.-]+\/[\w./-]+)['"]\s*,\s*import\.meta\.url\s*\)/g;
  return {
    name: 'bare-specifier-urls-as-assets',
    transform(code, id) {
      if (!id.includes('@cornerstonejs') || !code.includes('import.meta.url')) return null;
      let changed = false;
      const out = code.replace(pattern, (whole, specifier) => {
        if (specifier.startsWith('.')) return whole;
        const file = require.resolve(specifier, { paths: [path.dirname(id)] });
        const referenceId = this.emitFile({
          type: 'asset',
          fileName: `codecs/${path.basename(file)}`,
          source: readFileSync(file),
        });
        changed = true;
        return `new URL(import.meta.ROLLUP_FILE_URL_${referenceId})`;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}

/** The tools' compute worker is built beside the bundle, not in a `../workers/` folder above it. */
function computeWorkerBesideBundle() {
  return {
    name: 'compute-worker-beside-bundle',
    transform(code, id) {
      if (!id.includes('registerComputeWorker')) return null;
      return { code: code.replace("'../workers/computeWorker.js'", "'./computeWorker.js'"), map: null };
    },
  };
}

/**
 * The standalone bundle's rendering engine without the code Cornerstone carries for what a stack viewport never does
 * (the page parses and runs all of it before the first image). Each entry is only reachable through a feature no
 * element of ours exposes; it becomes a module that throws an error naming itself if it is ever called, rather than
 * failing silently (the WebGPU profiles, imported for their side effects alone, become empty modules):
 * - WebGPU: the view nodes WebGPU's profiles register serve only a WebGPU render window; Cornerstone renders through
 *   its own OpenGL one and never creates one (the profiles are imported for their side effects alone).
 * - Mesh readers: `Mesh` (geometry loading: surfaces and meshes of segmentations) reads STL, PLY, OBJ and VTP; the
 *   VTP one brings an XML DOM, a YAML reader and a URL parser. No element loads geometry.
 * - pako: the wadouri loader's inflater for deflated files; our image ids are all wadors (the decode worker, built
 *   apart, keeps its own pako for deflated frames).
 * And one copy of dcmjs where Cornerstone's packages each install their own (the same version).
 */
function standaloneWithoutUnreachable() {
  const bundle = "dicom-lightbox's standalone bundle";
  const unreachable = [
    { pattern: /@kitware\/vtk\.js\/Rendering\/WebGPU\/Profiles\/(Volume|Geometry)\.js$/, code: () => 'export {};' },
    {
      pattern: /@kitware\/vtk\.js\/IO\/(XML\/XMLPolyDataReader|Geometry\/STLReader|Geometry\/PLYReader|Misc\/OBJReader)\.js$/,
      code: (name) => unreachableModule(`vtk.js's ${name}: ${bundle} loads no geometry`, ['default']),
    },
    { pattern: /\/pako\/dist\/pako\.esm\.mjs$/, code: () => unreachableModule(`pako: ${bundle} loads no wadouri images`, ['default']) },
  ];
  /** Each export reads, calls and constructs as anything would, and throws when called or constructed. */
  const unreachableModule = (what, names) =>
    `const unreachable = () => { throw new Error(${JSON.stringify(`${what} (left out of the bundle)`)}); };\n` +
    'const stand = () => new Proxy(function () {}, { get: (_, key) => (key === "then" ? undefined : unreachable), apply: unreachable, construct: unreachable });\n' +
    names.map((name) => (name === 'default' ? 'export default stand();' : `export const ${name} = stand();`)).join('\n');
  const prefix = '\0unreachable:';
  const dcmjsImporter = path.resolve('node_modules/@cornerstonejs/metadata/dist/esm/index.js');
  return {
    name: 'standalone-without-unreachable',
    async resolveId(source, importer, options) {
      if (source === 'dcmjs' && importer?.includes('/@cornerstonejs/')) return this.resolve(source, dcmjsImporter, { ...options, skipSelf: true });
      if (source.startsWith(prefix)) return source;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return resolved;
      const entry = unreachable.find(({ pattern }) => pattern.test(resolved.id));
      return entry ? { id: `${prefix}${resolved.id}`, moduleSideEffects: false } : resolved;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const file = id.slice(prefix.length);
      const { pattern, code } = unreachable.find((entry) => entry.pattern.test(file));
      return code(pattern.exec(file)[1]);
    },
  };
}

/** vtk.js reaches Node built-ins through xmlbuilder2; the browser bundle gets the npm stand-ins. */
export const browserPlugins = () => [
  replace({
    preventAssignment: true,
    values: {
      'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development'),
      'process.env.NODE_DEBUG': 'false',
    },
  }),
  nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.mjs', '.js', '.ts', '.json'] }),
  commonjs({ ignore: ['fs', 'path', 'crypto', 'module', 'worker_threads', 'ws'] }),
  typescript(),
  bareSpecifierUrlsAsAssets(),
  computeWorkerBesideBundle(),
  ...(production ? [terser({ ecma: 2020, module: true })] : []),
];

export const onwarn = (warning, warn) => {
  // Emscripten glue and vtk.js are full of these; they are not ours to fix.
  if (['CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED', 'EVAL', 'SOURCEMAP_ERROR'].includes(warning.code)) return;
  warn(warning);
};

/** A worker: one self-contained file, since a worker's imports would be fetched one by one before it can start. */
const browserBundle = (input, file) => ({
  input,
  output: { file, format: 'es', inlineDynamicImports: true, sourcemap: false },
  plugins: browserPlugins(),
  onwarn,
});

const outputs = [
  // 1. The npm library: one ES module per source file, dependencies left as imports.
  {
    name: 'lib',
    input: { index: 'src/index.ts', 'dicomweb/index': 'src/dicomweb/index.ts' },
    output: { dir: 'dist/lib', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    external: isDependency,
    plugins: [typescript()],
    onwarn,
  },
  // 2. The standalone bundle and the workers it starts, all in one folder.
  // The elements load first; the rendering engine is a chunk of its own that the first viewport fetches. Chunks
  // sit beside the entry so the workers' `new URL('./…Worker.js', import.meta.url)` resolves from any of them.
  {
    name: 'browser',
    input: 'src/standalone.ts',
    // Cornerstone's packages declare `"sideEffects": false`, which the resolver does not pass on through their
    // exports maps; saying it here drops the tools, loaders and caches no viewport uses (≈190 KB gzipped).
    treeshake: { moduleSideEffects: (id) => !/node_modules\/@cornerstonejs\/(core|tools|utils|metadata)\//.test(id) },
    output: { dir: 'dist/browser', format: 'es', entryFileNames: 'dicom-lightbox.js', chunkFileNames: '[name]-[hash].js', sourcemap: false },
    plugins: [standaloneWithoutUnreachable(), ...browserPlugins()],
    onwarn,
  },
  {
    name: 'workers',
    ...browserBundle('node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js', 'dist/browser/decodeImageFrameWorker.js'),
  },
  {
    name: 'workers',
    ...browserBundle('node_modules/@cornerstonejs/tools/dist/esm/workers/computeWorker.js', 'dist/browser/computeWorker.js'),
  },
  // 3. The Node server and CLI; never part of a browser build.
  {
    name: 'server',
    input: { cli: 'src/server/cli.ts', index: 'src/server/index.ts' },
    output: { dir: 'dist/server', format: 'es', sourcemap: true },
    external: isDependency,
    plugins: [typescript()],
    onwarn,
  },
];

// `BUILD=browser,server npx rollup -c` builds only those outputs (lib, browser, workers, server) while iterating.
const only = process.env.BUILD?.split(',');
export default outputs
  .filter(({ name }) => !only || only.includes(name))
  .map(({ name, ...options }) => options);
