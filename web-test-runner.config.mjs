// Browser tests in Debian's headless Chromium (WebGL2 through SwiftShader), against a real reference server.
// Run with NODE_OPTIONS=--import=tsx (npm run test:browser does) so this file can start the server from source.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let testServer;

/** Starts the reference server with the sample data when the test runner starts, and stops it at the end. */
function referenceServerPlugin() {
  return {
    name: 'dicom-lightbox-reference-server',
    async serverStart() {
      const { startTestServer } = await import('./test/support/reference-server.ts');
      testServer = await startTestServer();
    },
    async serverStop() {
      await testServer?.close();
    },
  };
}

/**
 * Real input and display settings that @web/test-runner-commands lacks, through the browser's own pipelines:
 * - `send-wheel` ({ position, deltaY }), `send-double-click` ({ position });
 * - `send-touch` ({ type: 'touchStart' | 'touchMove' | 'touchEnd' | 'touchCancel', points: [[x, y], …] }): any
 *   number of fingers (pinch needs two), by the DevTools protocol's Input.dispatchTouchEvent;
 * - `set-device-pixel-ratio` ({ ratio }): the page's devicePixelRatio, its size unchanged.
 */
function moreInputPlugin() {
  const commands = new Set(['send-wheel', 'send-double-click', 'send-touch', 'set-device-pixel-ratio']);
  return {
    name: 'more-input-commands',
    async executeCommand({ command, payload, session }) {
      if (!commands.has(command)) return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'send-touch') {
        const client = await page.createCDPSession();
        try {
          const touchPoints = (payload.points ?? []).map(([x, y], id) => ({ x, y, id }));
          await client.send('Input.dispatchTouchEvent', { type: payload.type, touchPoints });
        } finally {
          await client.detach();
        }
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
  files: ['test/components/**/*.test.ts'],
  nodeResolve: true,
  // Every test file gets a fresh page; one at a time keeps the 2-core machine's GPU emulation predictable.
  concurrency: 1,
  testsFinishTimeout: 10 * 60 * 1000,
  testFramework: { config: { timeout: 60_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), referenceServerPlugin(), moreInputPlugin()],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html>
      <head><meta charset="utf-8"><style>body { margin: 0; }</style></head>
      <body>
        <script>window.__TEST_SERVER__ = ${JSON.stringify(testServer.forPage)};</script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--enable-unsafe-swiftshader',
          '--use-angle=swiftshader',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          `--user-data-dir=${mkdtempSync(join(tmpdir(), 'dicom-lightbox-chromium-'))}`,
        ],
      },
    }),
  ],
};
