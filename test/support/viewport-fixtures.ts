// Series shaped as real archives hold them, for the viewport's tests (Node side; reference-server.ts ingests them):
// CTs numbered either way along the body, a secondary capture without Modality or geometry, a projection radiograph
// with Patient Orientation only, and a lossy compressed image whose header does not say so.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secondStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';

/** A CT series whose InstanceNumbers run one way along the body. */
export interface NumberedSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** The lowest InstanceNumber of the series. */
  firstInstanceNumber: number;
  /** The phantom slice (its slice marker is 10 HU a slice) of each instance, by InstanceNumber − firstInstanceNumber. */
  sliceOfInstance: number[];
}

/** One-instance series for the cases below. */
export interface SingleImageSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

/** What the browser tests are told about these fixtures (JSON only). */
export interface ViewportFixtures {
  /**
   * Numbered from the slice nearest the head (the highest z), as many scanners number an axial CT, and from 101 (a
   * second acquisition's numbers), so that the instance number and the stack position differ.
   */
  numberedHeadFirst: NumberedSeries;
  /** Instance 1 is the slice nearest the feet. */
  numberedFeetFirst: NumberedSeries;
  /** A secondary capture without Modality, Image Orientation or Image Position. */
  withoutModality: SingleImageSeries;
  /** A CR without Image Orientation whose Patient Orientation says `L\F`: rows to the patient's left, columns to the feet. */
  projection: SingleImageSeries;
  /** JPEG-LS near-lossless (a lossy transfer syntax) without Lossy Image Compression (0028,2110) in its header. */
  lossyUnmarked: SingleImageSeries;
}

/**
 * Writes the fixtures from the second study's CT instances (`sources[i]` is its slice i, explicit VR little
 * endian, at least five) with DCMTK's dcmodify and dcmcjpls; resolves to the files to ingest.
 */
export async function writeViewportFixtures(dir: string, sources: readonly Uint8Array[]): Promise<{ files: string[]; fixtures: ViewportFixtures }> {
  const study = secondStudy.studyInstanceUid;
  const files: string[] = [];
  const copy = async (name: string, slice: number, edits: string[]): Promise<string> => {
    const file = join(dir, `${name}.dcm`);
    await writeFile(file, sources[slice]!);
    execFileSync('dcmodify', ['-nb', ...edits, file]);
    return file;
  };

  const numbered = async (name: string, description: string, seriesNumber: number, firstInstanceNumber: number, numberOfSlice: (slice: number) => number): Promise<NumberedSeries> => {
    const seriesInstanceUid = uidFor(`dicom-lightbox viewport fixture ${name}`);
    const slices = 5;
    const sliceOfInstance: number[] = [];
    for (let slice = 0; slice < slices; slice += 1) {
      const instanceNumber = numberOfSlice(slice);
      sliceOfInstance[instanceNumber - firstInstanceNumber] = slice;
      files.push(
        await copy(`${name}-${slice}`, slice, [
          '-m', `(0020,000E)=${seriesInstanceUid}`,
          '-m', `(0008,0018)=${uidFor(`dicom-lightbox viewport fixture ${name} slice ${slice}`)}`,
          '-m', `(0020,0013)=${instanceNumber}`,
          '-m', `(0020,0011)=${seriesNumber}`,
          '-m', `(0008,103E)=${description}`,
        ]),
      );
    }
    return { studyInstanceUid: study, seriesInstanceUid, firstInstanceNumber, sliceOfInstance };
  };
  const numberedHeadFirst = await numbered('numbered-head-first', 'Numbered head to feet', 90, 101, (slice) => 105 - slice);
  const numberedFeetFirst = await numbered('numbered-feet-first', 'Numbered feet to head', 91, 1, (slice) => slice + 1);

  const single = async (name: string, edits: string[]): Promise<SingleImageSeries> => {
    const seriesInstanceUid = uidFor(`dicom-lightbox viewport fixture ${name}`);
    files.push(
      await copy(name, 0, ['-m', `(0020,000E)=${seriesInstanceUid}`, '-m', `(0008,0018)=${uidFor(`dicom-lightbox viewport fixture ${name} instance`)}`, ...edits]),
    );
    return { studyInstanceUid: study, seriesInstanceUid };
  };
  const withoutModality = await single('without-modality', [
    '-m', '(0008,0016)=1.2.840.10008.5.1.4.1.1.7', // Secondary Capture Image Storage
    '-m', '(0020,0011)=92',
    '-m', '(0008,103E)=Secondary capture without modality',
    '-e', '(0008,0060)', '-e', '(0020,0037)', '-e', '(0020,0032)', '-e', '(0020,1041)', '-e', '(0020,0052)',
  ]);
  const projection = await single('projection', [
    '-m', '(0008,0016)=1.2.840.10008.5.1.4.1.1.1', // Computed Radiography Image Storage
    '-m', '(0008,0060)=CR',
    '-m', '(0020,0011)=93',
    '-m', '(0008,103E)=Chest PA',
    '-i', '(0020,0020)=L\\F',
    '-e', '(0020,0037)', '-e', '(0020,0032)', '-e', '(0020,1041)', '-e', '(0020,0052)',
  ]);

  const lossyUid = uidFor('dicom-lightbox viewport fixture lossy unmarked');
  const lossySource = await copy('lossy-unmarked-source', 0, [
    '-m', `(0020,000E)=${lossyUid}`,
    '-m', `(0008,0018)=${uidFor('dicom-lightbox viewport fixture lossy unmarked instance')}`,
    '-m', '(0020,0011)=94',
    '-m', '(0008,103E)=Lossy without the flag',
  ]);
  const lossyFile = join(dir, 'lossy-unmarked.dcm');
  execFileSync('dcmcjpls', ['+en', '+md', '2', lossySource, lossyFile]);
  // DCMTK records the lossy compression in the header; archives do not always keep that record.
  execFileSync('dcmodify', ['-nb', '-ie', '-e', '(0028,2110)', '-e', '(0028,2112)', '-e', '(0028,2114)', '-e', '(0008,2111)', lossyFile]);
  files.push(lossyFile);

  return {
    files,
    fixtures: { numberedHeadFirst, numberedFeetFirst, withoutModality, projection, lossyUnmarked: { studyInstanceUid: study, seriesInstanceUid: lossyUid } },
  };
}
