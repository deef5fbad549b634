// Starts the reference server on an ephemeral loopback port with the sample studies and a deliberately broken
// series, for the browser tests (Node side; web-test-runner.config.mjs calls it).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { ctPhantom, sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { writeVariantFixtures, type TransferSyntaxFixture } from './variant-fixtures.js';
import { writeViewportFixtures, type ViewportFixtures } from './viewport-fixtures.js';
import { volumeFixtureInstances } from './volume-fixtures.js';
import type { VolumeFixtures } from './volume-phantom.js';

export interface CorruptSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  corruptIndex: number;
  imageCount: number;
}

/** How one image of the faulty series fails. */
export interface ImageFault {
  imageIndex: number;
  /** What `dicom-error`'s `kind` must say. */
  kind: 'unauthorized' | 'forbidden' | 'server' | 'network' | 'unsupported' | 'decode';
  status?: number;
}

/** A CT series whose frame requests fail on purpose, one way per image; image 0 is fine. */
export interface FaultySeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  imageCount: number;
  faults: ImageFault[];
}

/**
 * The second study, which also holds a series numbered 0 whose instance has no image an element can show: opened
 * alone, the study must end up showing its CT (series 1).
 */
export interface StudyWithoutImagesFirst {
  studyInstanceUid: string;
  /** The CT, series 1. */
  imageSeriesInstanceUid: string;
}

/** What the browser tests are told about the server (as `window.__TEST_SERVER__`): JSON only. */
export interface TestServerForPage {
  dicomwebRoot: string;
  studyWithoutImagesFirst: StudyWithoutImagesFirst;
  corruptSeries: CorruptSeries;
  faultySeries: FaultySeries;
  /** Every variant image in every transfer syntax, transcoded by DCMTK and GDCM. */
  variantFixtures: TransferSyntaxFixture[];
  /** A frame request whose Authorization starts with this is refused (401). */
  refusedTokenPrefix: string;
  /** Series shaped as archives hold them, for the viewport's tests (viewport-fixtures.ts). */
  viewportFixtures: ViewportFixtures;
  /** Small volumes of known anatomy for MPR (volume-phantom.ts). */
  volumeFixtures: VolumeFixtures;
}

export interface RunningTestServer {
  forPage: TestServerForPage;
  close(): Promise<void>;
}

/**
 * A JPEG-LS series made with DCMTK's real encoder from the second study's CT, whose second image has its
 * JPEG-LS frame header overwritten: the file is well-formed DICOM, so the server stores it, and only the
 * decoder can tell it is broken.
 */
export async function writeCorruptSeries(dir: string, sources: Uint8Array[]): Promise<{ files: string[]; series: CorruptSeries }> {
  const seriesInstanceUid = uidFor('dicom-lightbox test corrupt jpeg-ls series');
  const corruptIndex = 1;
  const files: string[] = [];
  for (const [index, bytes] of sources.entries()) {
    const source = join(dir, `source-${index}.dcm`);
    const encoded = join(dir, `jpeg-ls-${index}.dcm`);
    await writeFile(source, bytes);
    execFileSync('dcmodify', ['-nb', '-m', `(0020,000E)=${seriesInstanceUid}`, '-m', `(0008,0018)=${uidFor(`corrupt ${index}`)}`, '-m', '(0008,103E)=Corrupt JPEG-LS', '-m', '(0020,0011)=99', source]);
    execFileSync('dcmcjpls', ['+el', source, encoded]);
    if (index === corruptIndex) {
      const data = new Uint8Array(await readFile(encoded));
      const fragment = dicomParser.parseDicom(data).elements.x7fe00010!.fragments![0]!;
      // Keep SOI (FF D8); zero the frame header and the scan after it.
      data.fill(0, fragment.position + 2, fragment.position + 64);
      await writeFile(encoded, data);
    }
    files.push(encoded);
  }
  return {
    files,
    series: { studyInstanceUid: secondStudy.studyInstanceUid, seriesInstanceUid, corruptIndex, imageCount: sources.length },
  };
}

/**
 * A CT instance of the second study with its pixel data and image size erased, as series 0 of that study (modality
 * OT, so nothing marks it as a non-image series): the series a study opened alone tries first, and must pass over.
 */
async function writeSeriesWithoutImages(dir: string, source: Uint8Array): Promise<{ files: string[]; study: StudyWithoutImagesFirst }> {
  const noPixels = join(dir, 'no-pixels.dcm');
  await writeFile(noPixels, source);
  execFileSync('dcmodify', ['-nb', '-m', `(0020,000E)=${uidFor('dicom-lightbox test series without images')}`,
    '-m', `(0008,0018)=${uidFor('dicom-lightbox test no-pixels instance')}`, '-m', '(0020,0011)=0', '-m', '(0008,0060)=OT',
    '-m', '(0008,103E)=No pixel data', '-e', '(7FE0,0010)', '-e', '(0028,0010)', '-e', '(0028,0011)', noPixels]);
  const [ct] = secondStudy.series;
  return { files: [noPixels], study: { studyInstanceUid: secondStudy.studyInstanceUid, imageSeriesInstanceUid: ct.seriesInstanceUid } };
}

const faultyImages: Array<Omit<ImageFault, 'imageIndex'>> = [
  { kind: 'unauthorized', status: 401 },
  { kind: 'forbidden', status: 403 },
  { kind: 'server', status: 503 },
  { kind: 'network' },
  { kind: 'unsupported' },
  // A well-formed answer whose frame is half as long as its header says: what a broken proxy or a server with a
  // truncated file sends.
  { kind: 'decode' },
];

/**
 * The faulty series: copies of the second study's CT under a new series, each but the first failing its own way.
 * HTTP failures are answered by `injectFaults` below; the unsupported one is stored as JPEG 2000 Part 2
 * (1.2.840.10008.1.2.4.92), a syntax Cornerstone has no decoder for: GDCM's Part 1 output relabelled.
 */
async function writeFaultySeries(dir: string, sources: Uint8Array[]): Promise<{ files: string[]; series: FaultySeries; faultBySop: Map<string, ImageFault> }> {
  const seriesInstanceUid = uidFor('dicom-lightbox test faulty series');
  const files: string[] = [];
  const faults: ImageFault[] = [];
  const faultBySop = new Map<string, ImageFault>();
  for (const [index, bytes] of sources.slice(0, faultyImages.length + 1).entries()) {
    const file = join(dir, `faulty-${index}.dcm`);
    const sopInstanceUid = uidFor(`faulty ${index}`);
    await writeFile(file, bytes);
    execFileSync('dcmodify', ['-nb', '-m', `(0020,000E)=${seriesInstanceUid}`, '-m', `(0008,0018)=${sopInstanceUid}`, '-m', '(0008,103E)=Faulty frames', '-m', '(0020,0011)=98', file]);
    const fault = index === 0 ? undefined : { imageIndex: index, ...faultyImages[index - 1]! };
    if (fault?.kind === 'unsupported') {
      const j2k = join(dir, `faulty-${index}-j2k.dcm`);
      execFileSync('gdcmconv', ['--j2k', file, j2k]);
      const data = await readFile(j2k);
      const at = data.indexOf('1.2.840.10008.1.2.4.90');
      if (at < 0) throw new Error('gdcmconv wrote no JPEG 2000 transfer syntax');
      data.write('1.2.840.10008.1.2.4.92', at, 'latin1');
      await writeFile(file, data);
    }
    if (fault) {
      faults.push(fault);
      faultBySop.set(sopInstanceUid, fault);
    }
    files.push(file);
  }
  return { files, series: { studyInstanceUid: secondStudy.studyInstanceUid, seriesInstanceUid, imageCount: files.length, faults }, faultBySop };
}

/** A frame request whose Authorization starts with this is answered 401: a token the server refuses. */
const refusedTokenPrefix = 'Bearer refused';

/**
 * Test-only behaviour in front of the real app: faults by SOP Instance UID, and frames of one series answered
 * slowly while a test asks (`POST /__test/slow-frames?series=UID&ms=N`; `ms=0` ends it), so that requests are
 * truly in flight when a test switches series. Frame requests that carry an Authorization header are recorded
 * (`GET /__test/frame-authorizations` answers them and forgets them), and refused when it names a refused token.
 */
function injectFaults(server: Server, faultBySop: Map<string, ImageFault>): void {
  const [appListener] = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  let slow: { series: string; ms: number } | undefined;
  let frameAuthorizations: Array<{ authorization: string; url: string }> = [];
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.url?.startsWith('/__test/frame-authorizations')) {
      response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
      response.end(JSON.stringify(frameAuthorizations));
      frameAuthorizations = [];
      return;
    }
    const authorization = request.headers.authorization;
    if (authorization && request.method === 'GET' && request.url?.includes('/frames/')) {
      frameAuthorizations.push({ authorization, url: request.url });
      if (authorization.startsWith(refusedTokenPrefix)) {
        response.writeHead(401, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
        response.end('test: refused token');
        return;
      }
    }
    if (request.url?.startsWith('/__test/slow-frames')) {
      const params = new URL(request.url, 'http://test').searchParams;
      const ms = Number(params.get('ms') ?? 0);
      slow = ms > 0 ? { series: params.get('series') ?? '', ms } : undefined;
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
      response.end();
      return;
    }
    if (slow && request.url?.includes(`/series/${slow.series}/`) && request.url.includes('/frames/')) {
      setTimeout(() => appListener!(request, response), slow.ms);
      return;
    }
    const sop = /\/instances\/([^/]+)\/frames\//.exec(request.url ?? '')?.[1];
    const fault = sop ? faultBySop.get(decodeURIComponent(sop)) : undefined;
    if (!fault || fault.kind === 'unsupported' || request.method === 'OPTIONS' || request.method === 'HEAD') {
      appListener!(request, response);
      return;
    }
    if (fault.kind === 'network') {
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'decode') {
      const boundary = 'truncated-frame';
      const halfFrame = Buffer.alloc((ctPhantom.rows * ctPhantom.columns * 2) / 2, 0x10);
      response.writeHead(200, {
        'Access-Control-Allow-Origin': '*',
        'Content-Type': `multipart/related; type="application/octet-stream"; boundary=${boundary}`,
      });
      response.end(
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n`, 'latin1'),
          halfFrame,
          Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
        ]),
      );
      return;
    }
    response.writeHead(fault.status!, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    response.end(`test fault ${fault.status}`);
  });
}

export async function startTestServer(): Promise<RunningTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-browser-tests-'));
  const store = await openFileStore(join(dir, 'store'));
  const secondStudySources: Uint8Array[] = [];
  for (const { bytes } of generateSampleInstances()) {
    await store.ingest(bytes);
    const parsed = dicomParser.parseDicom(bytes, { untilTag: 'x0020000e' });
    if (parsed.string('x0020000d') === secondStudy.studyInstanceUid && secondStudySources.length < faultyImages.length + 1) secondStudySources.push(bytes);
  }
  const corrupt = await writeCorruptSeries(dir, secondStudySources.slice(0, 3));
  for (const file of corrupt.files) await store.ingest(new Uint8Array(await readFile(file)));
  const faulty = await writeFaultySeries(dir, secondStudySources);
  for (const file of faulty.files) await store.ingest(new Uint8Array(await readFile(file)));
  const withoutImagesFirst = await writeSeriesWithoutImages(dir, secondStudySources[0]!);
  for (const file of withoutImagesFirst.files) await store.ingest(new Uint8Array(await readFile(file)));
  const variants = await writeVariantFixtures(join(dir, 'variants'));
  for (const file of variants.files) await store.ingest(new Uint8Array(await readFile(file)));
  const viewport = await writeViewportFixtures(dir, secondStudySources);
  for (const file of viewport.files) await store.ingest(new Uint8Array(await readFile(file)));
  const volumes = volumeFixtureInstances();
  for (const bytes of volumes.files) await store.ingest(bytes);

  const app = await buildApp({ store, cors: '*' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  injectFaults(app.server, faulty.faultBySop);
  return {
    forPage: { dicomwebRoot: `${address}/dicom-web`, studyWithoutImagesFirst: withoutImagesFirst.study, corruptSeries: corrupt.series, faultySeries: faulty.series, variantFixtures: variants.fixtures, refusedTokenPrefix, viewportFixtures: viewport.fixtures, volumeFixtures: volumes.fixtures },
    async close() {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Keeps the sample study's identity visible here: the browser tests read the same module.
export const sampleStudyInstanceUid = sampleStudy.studyInstanceUid;
