// Orthanc as the browser tests' second backend: loaded with the same generated studies as the reference server
// (and the same broken JPEG-LS series), behind the reference server's gateway mode, since Orthanc answers no CORS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { buildApp } from '../../src/server/app.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { secondStudy } from '../../src/sample-data/phantom.js';
import { startOrthanc } from './orthanc.js';
import { writeCorruptSeries, type CorruptSeries } from './reference-server.js';

/** What the page is told (as `window.__TEST_SERVER__`) when the tests run against Orthanc. */
export interface OrthancBackendForPage {
  backend: 'orthanc';
  dicomwebRoot: string;
  corruptSeries: CorruptSeries;
}

export interface RunningOrthancBackend {
  forPage: OrthancBackendForPage;
  close(): Promise<void>;
}

export async function startOrthancBackend(): Promise<RunningOrthancBackend> {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-orthanc-backend-'));
  const orthanc = await startOrthanc();
  try {
    const instances = [...generateSampleInstances()].map(({ bytes }) => bytes);
    const secondStudySources = instances
      .filter((bytes) => dicomParser.parseDicom(bytes, { untilTag: 'x0020000e' }).string('x0020000d') === secondStudy.studyInstanceUid)
      .slice(0, 3);
    const corrupt = await writeCorruptSeries(dir, secondStudySources);
    await orthanc.store(instances);
    await orthanc.store(corrupt.files);
    const gateway = await buildApp({ upstream: orthanc.dicomwebRoot, cors: '*' });
    const address = await gateway.listen({ host: '127.0.0.1', port: 0 });
    return {
      forPage: { backend: 'orthanc', dicomwebRoot: `${address}/dicom-web`, corruptSeries: corrupt.series },
      async close() {
        await gateway.close();
        await orthanc.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await orthanc.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

