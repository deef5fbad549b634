// Starts the reference server on an ephemeral loopback port with the sample studies and a deliberately broken
// series, for the browser tests (Node side; web-test-runner.config.mjs calls it).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';

export interface CorruptSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  corruptIndex: number;
  imageCount: number;
}

/** What the browser tests are told about the server (as `window.__TEST_SERVER__`): JSON only. */
export interface TestServerForPage {
  dicomwebRoot: string;
  corruptSeries: CorruptSeries;
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

export async function startTestServer(): Promise<RunningTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-browser-tests-'));
  const store = await openFileStore(join(dir, 'store'));
  const secondStudySources: Uint8Array[] = [];
  for (const { bytes } of generateSampleInstances()) {
    await store.ingest(bytes);
    const parsed = dicomParser.parseDicom(bytes, { untilTag: 'x0020000e' });
    if (parsed.string('x0020000d') === secondStudy.studyInstanceUid && secondStudySources.length < 3) secondStudySources.push(bytes);
  }
  const corrupt = await writeCorruptSeries(dir, secondStudySources);
  for (const file of corrupt.files) await store.ingest(new Uint8Array(await readFile(file)));

  const app = await buildApp({ store, cors: '*' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    forPage: { dicomwebRoot: `${address}/dicom-web`, corruptSeries: corrupt.series },
    async close() {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Keeps the sample study's identity visible here: the browser tests read the same module.
export const sampleStudyInstanceUid = sampleStudy.studyInstanceUid;
