// Three outputs (see README "Build"): the npm library (ES modules for a host's bundler, Lit left to the host), the
// zero-footprint standalone bundle, each with the decode worker and WASM codecs as lazily fetched files beside it,
// and the Node server + CLI (packaged apart as dicom-lightbox-server: packages/server).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtinModules } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const require = createRequire(import.meta.url);
const production = process.env.NODE_ENV !== 'development';
const serverPackage = JSON.parse(readFileSync(new URL('./packages/server/package.json', import.meta.url), 'utf8'));
const serverDependencies = Object.keys(serverPackage.dependencies ?? {});
/** A bare import of a server dependency (or a subpath of one) stays an import in the server build. */
const isServerDependency = (id) =>
  serverDependencies.some((name) => id === name || id.startsWith(`${name}/`)) ||
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
  // An Emscripten glue's own default, the WASM beside it (libjxl's: `new URL("jpegxlwasm_decode.wasm", import.meta.url)`).
  const besideGlue = /new URL\(\s*['"]([\w.-]+\.wasm)['"]\s*,\s*import\.meta\.url\s*\)/g;
  /** One emitted asset per file, however many modules point at it (the libjxl glue and its decoder both do). */
  const emitted = new Map();
  return {
    name: 'bare-specifier-urls-as-assets',
    buildStart() {
      emitted.clear();
    },
    transform(code, id) {
      if (!id.includes('@cornerstonejs') || !code.includes('import.meta.url')) return null;
      let changed = false;
      const asAsset = (file) => {
        if (!emitted.has(file)) emitted.set(file, this.emitFile({ type: 'asset', fileName: `codecs/${path.basename(file)}`, source: readFileSync(file) }));
        changed = true;
        return `import.meta.ROLLUP_FILE_URL_${emitted.get(file)}`;
      };
      const out = code
        .replace(pattern, (whole, specifier) => (specifier.startsWith('.') ? whole : asAsset(require.resolve(specifier, { paths: [path.dirname(id)] }))))
        .replace(besideGlue, (whole, name) => (existsSync(path.join(path.dirname(id), name)) ? asAsset(path.join(path.dirname(id), name)) : whole));
      return changed ? { code: out, map: null } : null;
    },
    // A relative `./` URL object, as the decoders had it: webpack, Vite and Parcel take `new URL('./…', import.meta.url)`
    // for a file of the package to emit; a URL without `./` would be looked up as a package.
    resolveFileUrl: ({ relativePath }) => `new URL(${JSON.stringify(relativePath.startsWith('.') ? relativePath : `./${relativePath}`)}, import.meta.url)`,
  };
}

/**
 * The codecs' Emscripten glue prints what the C code writes to stdout with console.log (OpenJPEG: three lines a
 * frame) into the host page's console; stdout goes nowhere, stderr stays on console.error.
 */
function codecStdoutSilenced() {
  return {
    name: 'codec-stdout-silenced',
    transform(code, id) {
      if (!/@cornerstonejs\/codec-[\w-]+\/dist\//.test(id) || !code.includes('console.log.bind(console)')) return null;
      return { code: code.replaceAll('console.log.bind(console)', '(function () {})'), map: null };
    },
  };
}

/**
 * Node-only branches of bundled CommonJS and Emscripten glue keep `require("fs")` and the like (commonjs `ignore`),
 * which never run in a browser but which a host's bundler tries to resolve (webpack 5 fails on `fs`). They become
 * `undefined`, what a `require` that throws in a try block leaves (seedrandom's optional `crypto`). Likewise the
 * glue's `typeof __filename` tests, which webpack answers for an ES module without defining `__filename`: in a
 * browser both are "undefined".
 */
function nodeOnlyRequiresRemoved() {
  const requires = /\brequire\((["'])(fs|path|crypto|module|worker_threads|ws|url)\1\)/g;
  const nodeGlobals = /\btypeof (__filename|__dirname)\b/g;
  return {
    name: 'node-only-requires-removed',
    renderChunk(code) {
      const out = code.replace(requires, '(void 0)').replace(nodeGlobals, '"undefined"');
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * The decode worker is started by src/imaging/decode-worker-start.ts (a same-origin shim when the bundle is on another
 * origin, as from a CDN) instead of the loader's own `new Worker(new URL(…))`, so a host bundler sees that pattern once.
 */
function decodeWorkerStartedByUs() {
  const starter = path.resolve('src/imaging/decode-worker-start.ts');
  const original = "new Worker(new URL('./decodeImageFrameWorker.js', import.meta.url), { type: 'module' })";
  return {
    name: 'decode-worker-started-by-us',
    transform(code, id) {
      if (!id.endsWith('/@cornerstonejs/dicom-image-loader/dist/esm/init.js')) return null;
      if (!code.includes(original)) this.error(`${id} no longer starts its worker as ${original}: update decodeWorkerStartedByUs`);
      const out = `import { startDecodeWorker } from ${JSON.stringify(starter)};\n${code.replace(original, 'startDecodeWorker()')}`;
      return { code: out, map: null };
    },
  };
}

/**
 * The rendering engine (of the npm library and of the standalone bundle alike) without the code Cornerstone carries for what a stack viewport never does
 * (the page parses and runs all of it before the first image). Each entry is only reachable through a feature no
 * element of ours exposes; it becomes a module that throws an error naming itself if it is ever called, rather than
 * failing silently (the WebGPU profiles, imported for their side effects alone, become empty modules):
 * - WebGPU: the view nodes WebGPU's profiles register serve only a WebGPU render window; Cornerstone renders through
 *   its own OpenGL one and never creates one (the profiles are imported for their side effects alone).
 * - Mesh readers: `Mesh` (geometry loading: surfaces and meshes of segmentations) reads STL, PLY, OBJ and VTP; the
 *   VTP one brings an XML DOM, a YAML reader and a URL parser. No element loads geometry.
 * - pako: the wadouri loader's inflater for deflated files; our image ids are all wadors (the decode worker, built
 *   apart, keeps its own pako for deflated frames).
 * And one copy of dcmjs where Cornerstone's packages each install their own (the same version), our measurement
 * reports' included.
 */
function withoutUnreachable() {
  const bundle = "dicom-lightbox's rendering engine";
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
      if (source === 'dcmjs' && (importer?.includes('/@cornerstonejs/') || importer?.includes('/src/measurements/'))) return this.resolve(source, dcmjsImporter, { ...options, skipSelf: true });
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

/**
 * A chunk loaded with `import()` asks for the chunks it imports only once it has been fetched and parsed itself: the
 * rendering engine is a small module over the large chunk of Cornerstone it shares with the volume and report chunks,
 * so the largest download of the first image would wait for a round trip and a parse. Each `import()` of the
 * standalone bundle therefore also preloads its chunk's static imports (`<link rel="modulepreload">`, as Vite's
 * preload helper does): fetched at once, evaluated exactly as before, when the chunk itself is.
 */
function dynamicImportsPreloadTheirImports() {
  const helper = '__dicomLightboxPreload';
  const helperCode =
    `const ${helper}Done = new Set();\n` +
    `function ${helper}(files) {\n` +
    '  if (typeof document === "undefined") return;\n' +
    '  for (const file of files) {\n' +
    '    const href = new URL(file, import.meta.url).href;\n' +
    `    if (${helper}Done.has(href)) continue;\n` +
    `    ${helper}Done.add(href);\n` +
    '    const link = document.createElement("link");\n' +
    '    link.rel = "modulepreload";\n' +
    '    link.href = href;\n' +
    '    (document.head ?? document.documentElement).append(link);\n' +
    '  }\n' +
    '}\n';
  const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    name: 'dynamic-imports-preload-their-imports',
    generateBundle(_, bundle) {
      const closure = (fileName, into = new Set()) => {
        for (const imported of bundle[fileName]?.imports ?? []) {
          if (into.has(imported)) continue;
          into.add(imported);
          closure(imported, into);
        }
        return into;
      };
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk.dynamicImports.length === 0) continue;
        // What the importing chunk has loaded already needs no preload.
        const loaded = closure(chunk.fileName, new Set([chunk.fileName]));
        let code = chunk.code;
        for (const target of chunk.dynamicImports) {
          const preload = [...closure(target)].filter((file) => !loaded.has(file));
          if (preload.length === 0) continue;
          const call = new RegExp(`import\\((["'])\\./${escaped(target)}\\1\\)`, 'g');
          code = code.replace(call, (whole) => `(${helper}(${JSON.stringify(preload.map((file) => `./${file}`))}), ${whole})`);
        }
        if (code !== chunk.code) chunk.code = `${helperCode}${code}`;
      }
    },
  };
}

/** The browser builds' plugins. No Node built-in is reachable once vtk.js's readers are left out (above), so none gets a stand-in. */
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
  codecStdoutSilenced(),
  decodeWorkerStartedByUs(),
  nodeOnlyRequiresRemoved(),
  ...(production ? [terser({ ecma: 2020, module: true })] : []),
];

export const onwarn = (warning, warn) => {
  // Emscripten glue and vtk.js are full of these; they are not ours to fix.
  if (['CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED', 'EVAL', 'SOURCEMAP_ERROR'].includes(warning.code)) return;
  warn(warning);
};

/**
 * The decode worker, one self-contained file (a worker's imports would be fetched one by one before it can start)
 * with the codecs' WASM beside it in codecs/, written beside both the library's and the standalone bundle's chunks
 * (both start it as `new URL('./decodeImageFrameWorker.js', import.meta.url)`).
 */
const decodeWorker = {
  name: 'workers',
  input: 'node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js',
  output: ['dist/lib', 'dist/browser'].map((dir) => ({ dir, entryFileNames: 'decodeImageFrameWorker.js', format: 'es', inlineDynamicImports: true, sourcemap: false })),
  plugins: browserPlugins(),
  onwarn,
};

// Cornerstone's packages declare `"sideEffects": false`, which the resolver does not pass on through their exports
// maps; saying it here drops the tools, loaders and caches no viewport uses (≈190 KB gzipped).
const treeshake = { moduleSideEffects: (id) => !/node_modules\/@cornerstonejs\/(core|tools|utils|metadata)\//.test(id) };

/** What the npm library leaves to the host's bundler: Lit (one copy per page, shared with the host's) and React. */
const libraryPeers = ['lit', '@lit/reactive-element', '@lit/context', '@lit/task', '@lit/react', 'react'];
const isLibraryPeer = (id) => libraryPeers.some((name) => id === name || id.startsWith(`${name}/`));

const outputs = [
  // 1. The npm library: the elements and the data layer as ES modules, the rendering engine a chunk of its own with
  // Cornerstone inside (built as the standalone's, leaving out what no stack viewport reaches), the decode worker and
  // its codecs as files beside it. A host bundler meets only Lit and `new URL('./…', import.meta.url)`.
  {
    name: 'lib',
    input: { index: 'src/index.ts', 'dicomweb/index': 'src/dicomweb/index.ts', react: 'src/react.ts' },
    treeshake,
    output: { dir: 'dist/lib', format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true, sourcemapExcludeSources: true },
    external: isLibraryPeer,
    plugins: [withoutUnreachable(), ...browserPlugins()],
    onwarn,
  },
  // 2. The standalone bundle: the same with Lit inside, for one <script type="module">.
  // The elements load first; the rendering engine is a chunk of its own that the first viewport fetches. Chunks
  // sit beside the entry so the worker's `new URL('./decodeImageFrameWorker.js', import.meta.url)` resolves from any.
  {
    name: 'browser',
    input: 'src/standalone.ts',
    treeshake,
    output: { dir: 'dist/browser', format: 'es', entryFileNames: 'dicom-lightbox.js', chunkFileNames: '[name]-[hash].js', sourcemap: false },
    plugins: [withoutUnreachable(), ...browserPlugins(), dynamicImportsPreloadTheirImports()],
    onwarn,
  },
  decodeWorker,
  // 3. The Node server and CLI (the dicom-lightbox-server package, packages/server); never part of a browser build.
  {
    name: 'server',
    input: { cli: 'src/server/cli.ts', index: 'src/server/index.ts', 'decode-worker': 'src/server/imaging/decode-worker.ts' },
    output: { dir: 'dist/server', format: 'es', sourcemap: true, sourcemapExcludeSources: true },
    external: isServerDependency,
    plugins: [typescript()],
    onwarn,
  },
];

// `BUILD=browser,server npx rollup -c` builds only those outputs (lib, browser, workers, server) while iterating.
const only = process.env.BUILD?.split(',');
export default outputs
  .filter(({ name }) => !only || only.includes(name))
  .map(({ name, ...options }) => options);
