// Debian's headless Chromium as the tests and benchmarks start it (FACTS.md: WebGL2 through SwiftShader; as root,
// no sandbox; no network, so nothing in the background may try to reach one). Never a downloaded browser.

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs(userDataDir: string): string[] {
  return [
    '--no-sandbox',
    '--enable-unsafe-swiftshader',
    '--use-angle=swiftshader',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    `--user-data-dir=${userDataDir}`,
  ];
}
