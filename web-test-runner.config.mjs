// Browser tests in Debian's headless Chromium (WebGL2 through SwiftShader), against a real reference server.
// Run with NODE_OPTIONS=--import=tsx (npm run test:browser does) so this file can start the server from source.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { chromiumArgs, chromiumPath } = await import('./test/support/chromium.ts');
const { failureSummaryReporter } = await import('./test/support/failure-summary-reporter.ts');
const { sharedTestHooksPlugin } = await import('./test/support/shared-test-hooks.ts');
let testServer;
let orthancBackend;

// The same element tests run against Orthanc (Debian's orthanc + orthanc-dicomweb) where it is installed, as CI
// installs it; the tests of fixtures only our server can hold (variants, injected faults) run against ours alone.
const { orthancUnavailable } = await import('./test/support/orthanc.ts');
const orthancSkipped = orthancUnavailable();
if (orthancSkipped) console.warn(`[dicom-lightbox] not running the browser tests against Orthanc: ${orthancSkipped}`);
const crossBackendFiles = ['test/components/viewport.test.ts', 'test/components/study-list.test.ts', 'test/components/measurement-reports.test.ts'];
// TEST_FILES=test/components/a.test.ts,… runs only those files (each against the backends it normally runs against).
const onlyFiles = process.env.TEST_FILES?.split(',').filter(Boolean);
const pick = (files) => (onlyFiles ? [files].flat().filter((file) => onlyFiles.includes(file)) : files);

/** Starts the backends with the sample data when the test runner starts, and stops them at the end. */
function backendsPlugin() {
  return {
    name: 'dicom-lightbox-backends',
    async serverStart() {
      const { startTestServer } = await import('./test/support/reference-server.ts');
      testServer = await startTestServer();
      if (!orthancSkipped) {
        const { startOrthancBackend } = await import('./test/support/orthanc-backend.ts');
        orthancBackend = await startOrthancBackend();
      }
    },
    async serverStop() {
      await testServer?.close();
      await orthancBackend?.close();
    },
  };
}

/**
 * `delete-study` ({ studyInstanceUid }): removes a study a test file stored on the reference server, from Node (the
 * server's CORS for any origin allows reading only), so that the files after it find the server as they expect.
 */
function testDataPlugin() {
  return {
    name: 'dicom-lightbox-test-data',
    async executeCommand({ command, payload }) {
      if (command !== 'delete-study') return undefined;
      const response = await fetch(`${testServer.forPage.dicomwebRoot}/studies/${encodeURIComponent(payload.studyInstanceUid)}`, { method: 'DELETE' });
      if (!response.ok) throw new Error(`delete-study ${payload.studyInstanceUid}: ${response.status}`);
      return true;
    },
  };
}

/** The page every test file runs in, told which backend to use. */
const testPage = (forPage) => (testFramework) => `<!doctype html>
    <html>
      <head><meta charset="utf-8"><style>body { margin: 0; }</style></head>
      <body>
        <script>window.__TEST_SERVER__ = ${JSON.stringify(forPage())};</script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`;

/**
 * Real input and display settings that @web/test-runner-commands lacks, through the browser's own pipelines:
 * - `send-wheel` ({ position, deltaY }), `send-double-click` ({ position });
 * - `send-touch` ({ type: 'touchStart' | 'touchMove' | 'touchEnd' | 'touchCancel', points: [[x, y], …] }): any
 *   number of fingers (pinch needs two), by the DevTools protocol's Input.dispatchTouchEvent;
 * - `set-device-pixel-ratio` ({ ratio }): the page's devicePixelRatio, its size unchanged.
 */
function moreInputPlugin() {
  const touchSessions = new WeakMap();
  const commands = new Set(['send-wheel', 'send-double-click', 'send-touch', 'set-device-pixel-ratio']);
  return {
    name: 'more-input-commands',
    async executeCommand({ command, payload, session }) {
      if (!commands.has(command)) return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'send-touch') {
        // One DevTools session a page for every touch: the browser ties a touch sequence (start, moves, end) to
        // the session that started it.
        let client = touchSessions.get(page);
        if (!client) touchSessions.set(page, (client = await page.createCDPSession()));
        const touchPoints = (payload.points ?? []).map(([x, y], id) => ({ x, y, id }));
        await client.send('Input.dispatchTouchEvent', { type: payload.type, touchPoints });
        return true;
      }
      if (command === 'set-device-pixel-ratio') {
        const { width, height } = page.viewport() ?? { width: 800, height: 600 };
        await page.setViewport({ width, height, deviceScaleFactor: payload.ratio });
        return true;
      }
      const [x, y] = payload.position;
      await page.mouse.move(x, y);
      if (command === 'send-wheel') await page.mouse.wheel({ deltaX: payload.deltaX ?? 0, deltaY: payload.deltaY ?? 0 });
      else await page.mouse.click(x, y, { count: 2 });
      return true;
    },
  };
}

export default {
  groups: [
    { name: 'reference-server', files: onlyFiles ?? 'test/components/**/*.test.ts', testRunnerHtml: testPage(() => ({ backend: 'reference', ...testServer.forPage })) },
    ...(orthancSkipped || pick(crossBackendFiles).length === 0 ? [] : [{ name: 'orthanc', files: pick(crossBackendFiles), testRunnerHtml: testPage(() => orthancBackend.forPage) }]),
  ],
  nodeResolve: true,
  // Every test file gets a fresh page; one at a time keeps the 2-core machine's GPU emulation predictable.
  concurrency: 1,
  // The default report, then the failures again in the last lines, where a CI log's tail shows them.
  reporters: [defaultReporter(), failureSummaryReporter()],
  testsFinishTimeout: 10 * 60 * 1000,
  testFramework: { config: { timeout: 60_000 } },
  // Every test file gets the shared root hooks (test/support/reportable-failures.ts).
  plugins: [sharedTestHooksPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), backendsPlugin(), moreInputPlugin(), testDataPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs(mkdtempSync(join(tmpdir(), 'dicom-lightbox-chromium-'))),
      },
    }),
  ],
};
