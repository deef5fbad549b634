// `npx tsx scripts/measurement-screenshots.ts [out-dir]`: a screenshot of each measurement tool on the sample CT, of
// text over the bone disc, of measurements crowded on one image, of <dicom-measurements> beside a viewport holding
// one of each, and of a length and ROIs drawn with the mouse on a coronal plane of the CT's volume, for review by eye (default out-dir /tmp/shots-measure). Starts the built reference server
// (`node dist/server/cli.js serve --sample`) on a free port, opens its demo page (the standalone bundle at /lib/) in
// Debian's headless Chromium and replaces the page's body. Needs a build (`npx rollup -c`).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js';
import { ctPhantom, sampleStudy, sopInstanceUidOf } from '../src/sample-data/phantom.js';

const outDir = process.argv[2] ?? '/tmp/shots-measure';
const [ct] = sampleStudy.series;
type Point = [number, number];

/** One of each tool, in image points on the CT's first slice, each on a region whose value is known. */
const drawings: Array<{ type: string; label?: string; points: Point[] }> = [
  { type: 'length', points: [[306, 256], [386, 256]] },
  { type: 'angle', points: [[120, 420], [180, 420], [180, 370]] },
  { type: 'cobb-angle', points: [[100, 100], [200, 110], [100, 150], [200, 190]] },
  { type: 'bidirectional', points: [[240, 330], [300, 360], [277, 335], [263, 355]] },
  { type: 'ellipse-roi', points: [[256, 316], [256, 376], [216, 346], [296, 346]] },
  { type: 'rectangle-roi', points: [[300, 150], [340, 150], [300, 180], [340, 180]] },
  { type: 'freehand-roi', points: [[210, 195], [250, 190], [262, 215], [250, 235], [215, 238], [200, 215]] },
  { type: 'probe', points: [[166, 256]] },
  { type: 'arrow', label: 'Tumour', points: [[400, 140], [360, 180]] },
  { type: 'text', label: 'Note', points: [[110, 430]] },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'dicom-lightbox-shots-'));
  const port = await freePort();
  const server = spawn(process.execPath, ['dist/server/cli.js', 'serve', '--sample', '--port', String(port), '--data', join(work, 'store'), '--workers', '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(join(work, 'chromium')) });
  try {
    const deadline = Date.now() + 120_000;
    while (!(await fetch(`${origin}/dicom-web/studies?limit=1`).then((response) => response.ok, () => false))) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error('the reference server did not start');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const tab = await browser.newPage();
    await tab.setBypassCSP(true);
    await tab.setViewport({ width: 1000, height: 560 });
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => customElements.get('dicom-viewport') !== undefined, { timeout: 60_000 });
    const image = { studyInstanceUid: sampleStudy.studyInstanceUid, seriesInstanceUid: ct.seriesInstanceUid, sopInstanceUid: sopInstanceUidOf(ct.seriesInstanceUid, 1), frameNumber: 1 };
    const measurements = drawings.map(({ type, label = '', points }, at) => ({ id: `shot-${at}`, type, label, image, points: { image: points }, values: [] }));
    const show = async (shown: typeof measurements, withList: boolean) => {
      await tab.evaluate(
        async ({ root, study, series, shown, withList }) => {
          document.body.replaceChildren();
          document.body.style.cssText = 'margin: 0; display: flex; flex-direction: row; align-items: flex-start; gap: 8px; background: #111; color: #eee';
          const viewport = document.createElement('dicom-viewport') as HTMLElement & { setMeasurements(m: unknown[]): void };
          viewport.id = 'shot';
          viewport.style.cssText = 'width: 512px; height: 512px; display: block; flex: none';
          Object.entries({ 'dicomweb-root': root, study, series, tool: 'window-level' }).forEach(([name, value]) => viewport.setAttribute(name, value));
          const rendered = new Promise((resolve) => viewport.addEventListener('dicom-image-rendered', resolve, { once: true }));
          document.body.append(viewport);
          if (withList) {
            const list = document.createElement('dicom-measurements');
            list.setAttribute('for', 'shot');
            list.style.cssText = 'width: 460px; height: 512px; overflow: auto; flex: none';
            document.body.append(list);
          }
          await rendered;
          viewport.setMeasurements(shown);
          await new Promise((resolve) => setTimeout(resolve, 500));
        },
        { root: `${origin}/dicom-web`, study: sampleStudy.studyInstanceUid, series: ct.seriesInstanceUid, shown, withList },
      );
    };
    for (const measurement of measurements) {
      await show([measurement], false);
      const path = join(outDir, `${measurement.type}.png`);
      await tab.screenshot({ path, clip: { x: 0, y: 0, width: 512, height: 512 } });
      console.log(path);
    }
    // Text over the bright bone disc, and measurements crowded on one image (their text boxes must stay legible).
    const [bx, by] = ctPhantom.regions.bone.centre;
    const overBone = [
      { type: 'probe', points: [[bx - 30, by - 10]] },
      { type: 'text', label: 'Cortex', points: [[bx - 20, by + 15]] },
      { type: 'length', points: [[bx - 35, by + 30], [bx - 5, by + 30]] },
    ];
    const crowded = Array.from({ length: 8 }, (_, at) => ({ type: at % 2 ? 'ellipse-roi' : 'length', points: at % 2 ? [[130, 280 + at * 12], [130, 296 + at * 12], [110, 288 + at * 12], [150, 288 + at * 12]] : [[100, 290 + at * 12], [160, 292 + at * 12]] }));
    for (const [name, set] of [['text-over-bone', overBone], ['crowded', crowded]] as const) {
      await show(set.map(({ type, points, ...rest }, at) => ({ id: `${name}-${at}`, type, label: ('label' in rest ? rest.label : undefined) ?? '', image, points: { image: points as Point[] }, values: [] })), false);
      const path = join(outDir, `${name}.png`);
      await tab.screenshot({ path, clip: { x: 0, y: 0, width: 512, height: 512 } });
      console.log(path);
    }
    // A length and two ROIs on a coronal plane of the CT's volume, drawn with the mouse (a volume's measurements are
    // drawn by the reader only).
    await tab.evaluate(
      async ({ root, study, series }) => {
        document.body.replaceChildren();
        const viewport = document.createElement('dicom-viewport') as unknown as HTMLElement & { volume: { view?: { loaded: Promise<unknown> } } };
        viewport.style.cssText = 'width: 512px; height: 512px; display: block';
        Object.entries({ 'dicomweb-root': root, study, series, orientation: 'coronal', tool: 'length' }).forEach(([name, value]) => viewport.setAttribute(name, value));
        document.body.append(viewport);
        while (!viewport.volume.view) await new Promise((resolve) => setTimeout(resolve, 100));
        await viewport.volume.view.loaded;
        await new Promise((resolve) => setTimeout(resolve, 500));
      },
      { root: `${origin}/dicom-web`, study: sampleStudy.studyInstanceUid, series: ct.seriesInstanceUid },
    );
    const pageOf = (point: [number, number, number]) =>
      tab.evaluate((point) => {
        const viewport = document.querySelector('dicom-viewport') as HTMLElement & { worldToCanvas(p: number[]): [number, number] };
        const canvas = viewport.shadowRoot!.querySelector('.volume canvas')!.getBoundingClientRect();
        const [x, y] = viewport.worldToCanvas(point);
        return [canvas.left + x, canvas.top + y] as [number, number];
      }, point);
    const dragThrough = async (tool: string, from: [number, number, number], to: [number, number, number]) => {
      await tab.evaluate((tool) => document.querySelector('dicom-viewport')!.setAttribute('tool', tool), tool);
      const [a, b] = [await pageOf(from), await pageOf(to)];
      await tab.mouse.move(...a);
      await tab.mouse.down();
      for (const f of [0.25, 0.5, 0.75, 1]) await tab.mouse.move(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f);
      await tab.mouse.up();
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    // Coronal through y = 0: water across the middle, the fat disc at x ≈ -63 mm and the bone disc at x ≈ +63 mm.
    await dragThrough('length', [-20, 0, -120], [-20, 0, 60]);
    // An ellipse is drawn from its centre out, a rectangle corner to corner.
    await dragThrough('ellipse-roi', [0, 0, -45], [20, 0, -60]);
    await dragThrough('rectangle-roi', [50, 0, 20], [76, 0, -10]);
    const coronal = join(outDir, 'mpr-coronal.png');
    await tab.screenshot({ path: coronal, clip: { x: 0, y: 0, width: 512, height: 512 } });
    console.log(coronal);

    await show(measurements, true);
    await tab.evaluate(() => (document.querySelector('dicom-measurements') as HTMLElement & { refresh(): void }).refresh());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const path = join(outDir, 'all-with-list.png');
    await tab.screenshot({ path });
    console.log(path);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
