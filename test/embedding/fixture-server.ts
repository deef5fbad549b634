// The reference server the host apps read from: a JPEG-LS series (DCMTK's dcmcjpls from the sample MR), a JPEG 2000
// one (GDCM's gdcmconv; its decoder, OpenJPEG, is the one that prints) and an HTJ2K one (the sample's own, OpenJPH),
// all lossless, so that a page can compare what it decoded with the source.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/server/app.js';
import { openFileStore } from '../../src/server/store/store.js';
import { generateCompressedSampleInstances, htj2kMrSeries } from '../../src/sample-data/compressed.js';
import { mrInstance, mrStoredSlice } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { writeInstance } from '../../src/sample-data/write-instance.js';

const slices = 3;
const [, mrSeries] = sampleStudy.series;
const jpegLsSeries = {
  ...mrSeries,
  seriesInstanceUid: uidFor('dicom-lightbox embedding test MR JPEG-LS lossless series'),
  seriesNumber: 31,
  seriesDescription: 'MR phantom sagittal JPEG-LS lossless',
  folderName: 'mr-phantom-sagittal-jpeg-ls',
} as const;
const jpeg2000Series = {
  ...mrSeries,
  seriesInstanceUid: uidFor('dicom-lightbox embedding test MR JPEG 2000 lossless series'),
  seriesNumber: 32,
  seriesDescription: 'MR phantom sagittal JPEG 2000 lossless',
  folderName: 'mr-phantom-sagittal-jpeg-2000',
} as const;

/** Each compressed series by its transcoder: the command for one file. */
const transcoded = [
  { series: jpegLsSeries, command: (source: string, output: string): [string, string[]] => ['dcmcjpls', ['+el', source, output]] },
  { series: jpeg2000Series, command: (source: string, output: string): [string, string[]] => ['gdcmconv', ['--j2k', source, output]] },
];

export interface FixtureServer {
  dicomwebRoot: string;
  study: string;
  jpegLsSeries: string;
  jpeg2000Series: string;
  htj2kSeries: string;
  /** Sum and count of each source slice's stored values: a decoded slice must match one of them exactly. */
  sliceChecksums: Array<{ sum: number; count: number }>;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-embedding-'));
  const store = await openFileStore(join(dir, 'store'));
  for (const { series, command } of transcoded) {
    for (let slice = 0; slice < slices; slice++) {
      const source = join(dir, `${series.folderName}-${slice}.dcm`);
      const encoded = join(dir, `${series.folderName}-${slice}-encoded.dcm`);
      await writeFile(source, writeInstance(mrInstance(sampleStudy, series, slice)));
      execFileSync(...command(source, encoded));
      await store.ingest(new Uint8Array(await readFile(encoded)));
    }
  }
  const htj2k = (await generateCompressedSampleInstances()).filter(({ fileName }) => fileName.includes(`/${htj2kMrSeries.folderName}/`));
  for (const { bytes } of htj2k.slice(0, slices)) await store.ingest(bytes);
  const app = await buildApp({ store, cors: '*' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const sliceChecksums = Array.from({ length: slices }, (_, slice) => {
    const values = mrStoredSlice(slice);
    return { sum: values.reduce((total, value) => total + value, 0), count: values.length };
  });
  return {
    dicomwebRoot: `${address}/dicom-web`,
    study: sampleStudy.studyInstanceUid,
    jpegLsSeries: jpegLsSeries.seriesInstanceUid,
    jpeg2000Series: jpeg2000Series.seriesInstanceUid,
    htj2kSeries: htj2kMrSeries.seriesInstanceUid,
    sliceChecksums,
    async close() {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A host page's query: the DICOMweb root and each viewport's series (host-app.ts reads it). */
export function fixtureQuery(fixtures: FixtureServer): string {
  return new URLSearchParams({ root: fixtures.dicomwebRoot, study: fixtures.study, 'jpeg-ls': fixtures.jpegLsSeries, 'jpeg-2000': fixtures.jpeg2000Series, htj2k: fixtures.htj2kSeries }).toString();
}
