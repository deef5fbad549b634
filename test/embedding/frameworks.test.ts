// Issue 18, item 3 (second half): a React 18 app with `dicom-lightbox/react`'s wrappers, a React 19 app with the bare
// tags, a Vue 3 app (README's isCustomElement recipe) and an Angular 20 app (README's CUSTOM_ELEMENTS_SCHEMA recipe,
// compiled just in time, and the same app compiled ahead of time by ngc, with no compiler in the page), each built
// from the packed package (esbuild) and run in headless Chromium, mount a
// viewport, receive its typed event, set a property through the framework, and unmount leaving nothing held
// (getImagingStats()).
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../support/chromium.js';
import { fixtureQuery, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { installInNewProject, packBrowserPackage } from './packed-package.js';
import { serveFolder } from './static-server.js';

let work: string;
let tarball: string;
let fixtures: FixtureServer;
let browser: Browser;
const projects: string[] = [];
const run = promisify(execFile);

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'dicom-lightbox-frameworks-'));
  ({ tarball } = await packBrowserPackage(work));
  fixtures = await startFixtureServer();
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
});

after(async () => {
  await browser?.close();
  await fixtures?.close();
  for (const project of projects) await rm(project, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

/** The app around one viewport element, written by `viewport(props)`; the rest is the same for both Reacts. */
const app = (imports: string, viewport: string) => `
${imports}
import { createRoot } from 'react-dom/client';
import { useState } from 'react';
import { DicomImageRenderedEvent, getImagingStats } from 'dicom-lightbox';

const params = new URLSearchParams(location.search);
const rendered = (window.__rendered = []);
const onRendered = (event) => rendered.push({ typed: event instanceof DicomImageRenderedEvent, imageIndex: event.detail.imageIndex });

function App() {
  const [windowCenter, setWindowCenter] = useState(undefined);
  window.__setWindowCenter = setWindowCenter;
  const root = params.get('root'), study = params.get('study'), series = params.get('htj2k');
  const style = { display: 'block', width: 256, height: 256 };
  return ${viewport};
}

const root = createRoot(document.getElementById('root'));
root.render(<App />);
window.__unmount = () => root.unmount();
window.__stats = () => getImagingStats();
`;

const apps = {
  'React 18 with dicom-lightbox/react': {
    packages: ['react@18', 'react-dom@18'],
    source: app(
      "import { DicomViewport } from 'dicom-lightbox/react';",
      '<DicomViewport id="viewer" style={style} dicomwebRoot={root} study={study} series={series} windowCenter={windowCenter} windowWidth={windowCenter === undefined ? undefined : 400} onDicomImageRendered={onRendered} />',
    ),
  },
  'React 19 with the tags': {
    packages: ['react@19', 'react-dom@19'],
    source: app(
      "import 'dicom-lightbox';",
      '<dicom-viewport id="viewer" style={style} dicomweb-root={root} study={study} series={series} windowCenter={windowCenter} windowWidth={windowCenter === undefined ? undefined : 400} ondicom-image-rendered={onRendered} />',
    ),
  },
  'Vue 3 with the tags (isCustomElement)': {
    packages: ['vue@3'],
    source: `
import { createApp, ref } from 'vue/dist/vue.esm-bundler.js';
import { DicomImageRenderedEvent, getImagingStats } from 'dicom-lightbox';

const params = new URLSearchParams(location.search);
const rendered = (window.__rendered = []);
const windowCenter = ref(undefined);
window.__setWindowCenter = (value) => { windowCenter.value = value; };
const app = createApp({
  setup: () => ({
    root: params.get('root'), study: params.get('study'), series: params.get('htj2k'), windowCenter,
    onRendered: (event) => rendered.push({ typed: event instanceof DicomImageRenderedEvent, imageIndex: event.detail.imageIndex }),
  }),
  template: \`<dicom-viewport id="viewer" style="display:block;width:256px;height:256px" :dicomweb-root="root" :study="study" :series="series"
    :window-center="windowCenter" :window-width="windowCenter === undefined ? undefined : 400" @dicom-image-rendered="onRendered"></dicom-viewport>\`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('dicom-');
app.mount('#root');
window.__unmount = () => app.unmount();
window.__stats = () => getImagingStats();
`,
  },
  'Angular 20 with the tags (CUSTOM_ELEMENTS_SCHEMA)': {
    packages: ['@angular/core@20', '@angular/common@20', '@angular/compiler@20', '@angular/platform-browser@20', 'rxjs@7', 'zone.js@0.15'],
    body: '<app-root></app-root>',
    source: `
import 'zone.js';
import '@angular/compiler';
import { ApplicationRef, Component, CUSTOM_ELEMENTS_SCHEMA, inject } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { DicomImageRenderedEvent, getImagingStats } from 'dicom-lightbox';

const params = new URLSearchParams(location.search);
const rendered = (window.__rendered = []);
class AppComponent {
  root = params.get('root');
  study = params.get('study');
  series = params.get('htj2k');
  windowCenter = undefined;
  application = inject(ApplicationRef);
  constructor() {
    // Called from outside Angular's zone (the test's page.evaluate), so change detection is asked for.
    window.__setWindowCenter = (value) => { this.windowCenter = value; this.application.tick(); };
  }
  onRendered(event) { rendered.push({ typed: event instanceof DicomImageRenderedEvent, imageIndex: event.detail.imageIndex }); }
}
// The decorator applied as a function: the app is plain JavaScript, compiled just in time by @angular/compiler.
// (Just in time, Angular finds the tags defined by the import above and accepts them even without the schema; an
// ahead-of-time build checks templates before any element is defined and needs it, as README says.)
Component({
  selector: 'app-root',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: \`<dicom-viewport id="viewer" style="display:block;width:256px;height:256px" [dicomwebRoot]="root" [study]="study" [series]="series"
    [windowCenter]="windowCenter" [windowWidth]="windowCenter === undefined ? undefined : 400" (dicom-image-rendered)="onRendered($event)"></dicom-viewport>\`,
})(AppComponent);
const application = await bootstrapApplication(AppComponent);
window.__unmount = () => application.destroy();
window.__stats = () => getImagingStats();
`,
  },
  'Angular 20 compiled ahead of time (ngc, CUSTOM_ELEMENTS_SCHEMA)': {
    packages: ['@angular/core@20', '@angular/common@20', '@angular/compiler@20', '@angular/compiler-cli@20', '@angular/platform-browser@20', 'rxjs@7', 'zone.js@0.15', 'typescript@5.9', '@babel/core@7'],
    body: '<app-root></app-root>',
    aot: true,
    // TypeScript with decorators, as an Angular CLI project holds it; ngc checks the template (strictTemplates) and
    // compiles it, so the page runs without @angular/compiler.
    source: `
import 'zone.js';
import { ApplicationRef, Component, CUSTOM_ELEMENTS_SCHEMA, inject } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { DicomImageRenderedEvent, getImagingStats } from 'dicom-lightbox';

const page = window as unknown as Record<string, unknown>;
const params = new URLSearchParams(location.search);
const rendered: Array<{ typed: boolean; imageIndex: number }> = [];
page['__rendered'] = rendered;

@Component({
  selector: 'app-root',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: \`<dicom-viewport id="viewer" style="display:block;width:256px;height:256px" [dicomwebRoot]="root" [study]="study" [series]="series"
    [windowCenter]="windowCenter" [windowWidth]="windowCenter === undefined ? undefined : 400" (dicom-image-rendered)="onRendered($event)"></dicom-viewport>\`,
})
class AppComponent {
  root = params.get('root');
  study = params.get('study');
  series = params.get('htj2k');
  windowCenter: number | undefined = undefined;
  private readonly application = inject(ApplicationRef);
  constructor() {
    page['__setWindowCenter'] = (value: number) => { this.windowCenter = value; this.application.tick(); };
  }
  onRendered(event: Event) {
    rendered.push({ typed: event instanceof DicomImageRenderedEvent, imageIndex: (event as DicomImageRenderedEvent).detail.imageIndex });
  }
}

const application = await bootstrapApplication(AppComponent);
page['__unmount'] = () => application.destroy();
page['__stats'] = () => getImagingStats();
`,
  },
};

/** An Angular CLI project's compiler settings, reduced to what ngc needs to compile src/app.ts ahead of time. */
const angularTsconfig = {
  compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], strict: true, skipLibCheck: true, useDefineForClassFields: false, experimentalDecorators: true, outDir: 'out-tsc' },
  files: ['src/app.ts'],
  angularCompilerOptions: { strictTemplates: true, strictInjectionParameters: true },
};

/**
 * Angular's packages ship partially compiled (ɵɵngDeclare…) and are finished at build time by its linker, as the
 * Angular CLI does: an esbuild plugin running the linker's Babel plugin over them, from the host project's packages.
 */
async function angularLinker(project: string): Promise<import('esbuild').Plugin> {
  const resolve = createRequire(join(project, 'package.json')).resolve;
  // The host's Babel, typed here by the one call made of it.
  const babel = (await import(pathToFileURL(resolve('@babel/core')).href)) as {
    transformAsync(code: string, options: Record<string, unknown>): Promise<{ code?: string | null } | null>;
  };
  const linker = await import(pathToFileURL(join(project, 'node_modules/@angular/compiler-cli/bundles/linker/babel/index.js')).href);
  return {
    name: 'angular-linker',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]@angular[\\/].*\.m?js$/ }, async ({ path }) => {
        const code = await readFile(path, 'utf8');
        if (!code.includes('ɵɵngDeclare')) return { contents: code, loader: 'js' };
        const result = await babel.transformAsync(code, { filename: path, babelrc: false, configFile: false, compact: false, sourceMaps: false, plugins: [linker.default] });
        return { contents: result?.code ?? code, loader: 'js' };
      });
    },
  };
}

async function buildApp(name: string, packages: string[], source: string, body = '<div id="root"></div>', aot = false): Promise<string> {
  const project = await installInNewProject(tarball, packages);
  projects.push(project);
  await mkdir(join(project, 'src'), { recursive: true });
  let entry = 'src/app.jsx';
  const plugins: import('esbuild').Plugin[] = [];
  if (aot) {
    await writeFile(join(project, 'src', 'app.ts'), source);
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(angularTsconfig, null, 2));
    // ngc reports template errors (NG8001 for an unknown element without the schema) and fails on them.
    await run(join(project, 'node_modules/.bin/ngc'), ['-p', 'tsconfig.json'], { cwd: project });
    entry = 'out-tsc/app.js';
    plugins.push(await angularLinker(project));
  } else {
    await writeFile(join(project, 'src', 'app.jsx'), source);
  }
  const { build } = await import('esbuild');
  const outDir = join(work, name.replace(/\W+/g, '-'));
  await build({ absWorkingDir: project, entryPoints: [entry], plugins, bundle: true, format: 'esm', splitting: true, jsx: 'automatic', outdir: outDir, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  });
  const lib = join(project, 'node_modules/dicom-lightbox/dist/lib');
  await cp(join(lib, 'decodeImageFrameWorker.js'), join(outDir, 'decodeImageFrameWorker.js'));
  await cp(join(lib, 'codecs'), join(outDir, 'codecs'), { recursive: true });
  await writeFile(join(outDir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${body}<script type="module" src="./app.js"></script>\n`);
  return outDir;
}

describe('a framework app from the packed package', () => {
  for (const [name, { packages, source, body, aot }] of Object.entries(apps) as Array<[string, { packages: string[]; source: string; body?: string; aot?: boolean }]>) {
    test(`${name}: mounts, gets a typed event, sets a property, unmounts leaving nothing held`, async () => {
      const server = await serveFolder(await buildApp(name, packages, source, body, aot));
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      // A framework that does not accept the tags says so on the console (Angular's NG0303/NG0304 without the schema).
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      try {
        await page.goto(`${server.origin}/index.html?${fixtureQuery(fixtures)}`);
        await page.waitForFunction(() => ((window as unknown as { __rendered?: unknown[] }).__rendered?.length ?? 0) > 0, { timeout: 60_000 }).catch((error: Error) => {
          throw new Error(`${error.message}; the page said: ${errors.join(' | ') || 'nothing'}`);
        });
        const [first] = await page.evaluate(() => (window as unknown as { __rendered: Array<{ typed: boolean; imageIndex: number }> }).__rendered);
        assert.deepEqual(first, { typed: true, imageIndex: 0 }, 'dicom-image-rendered arrived as a DicomImageRenderedEvent');
        // SCREENSHOT_DIR=… keeps a picture of each app's element, for a person to look at.
        if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name.replace(/\W+/g, '-')}.png`) });

        await page.evaluate(() => (window as unknown as { __setWindowCenter(value: number): void }).__setWindowCenter(100));
        await page.waitForFunction(() => (document.getElementById('viewer') as HTMLElement & { windowCenter?: number }).windowCenter === 100, { timeout: 10_000 });

        const held = await page.evaluate(() => (window as unknown as { __stats(): Record<string, number> }).__stats());
        assert.ok(Object.values(held).some((count) => count > 0), 'a shown series holds something (else the leak check below proves nothing)');
        await page.evaluate(() => (window as unknown as { __unmount(): void }).__unmount());
        await page
          .waitForFunction(() => Object.values((window as unknown as { __stats(): Record<string, number> }).__stats()).every((count) => count === 0), { timeout: 10_000 })
          .catch(() => undefined);
        const left = await page.evaluate(() => ({ elements: document.querySelectorAll('dicom-viewport').length, stats: (window as unknown as { __stats(): Record<string, number> }).__stats() }));
        assert.equal(left.elements, 0);
        assert.deepEqual(Object.entries(left.stats).filter(([, count]) => count !== 0), [], 'nothing held after unmounting');
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
        await server.close();
      }
    });
  }
});
