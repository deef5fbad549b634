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
 * Real input that @web/test-runner-commands lacks, through the browser's own input pipeline:
 * `send-wheel` ({ position, deltaY }) and `send-double-click` ({ position }).
 */
function moreInputPlugin() {
  return {
    name: 'more-input-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'send-wheel' && command !== 'send-double-click') return undefined;
      const page = session.browser.getPage(session.id);
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
