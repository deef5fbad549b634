// Series shaped as real archives hold them, for the viewport's tests (Node side; reference-server.ts ingests them):
// CTs numbered either way along the body, a secondary capture without Modality or geometry, a projection radiograph
// with Patient Orientation only, a lossy compressed image whose header does not say so, and an image with an overlay
// plane.
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

/**
 * An overlay plane of the fixtures: a rectangle outline `outline` pixels thick with a filled block in its top-left
 * corner (so a flip shows), in a plane whose rows are not a multiple of 8 bits.
 */
export interface BoxOverlay {
  /** Overlay Origin: the image row and column (1-based) of the plane's first pixel. */
  origin: [number, number];
  rows: number;
  columns: number;
  outline: number;
  blockRows: number;
  blockColumns: number;
}

const boxOverlay: BoxOverlay = { origin: [101, 201], rows: 50, columns: 100, outline: 2, blockRows: 12, blockColumns: 24 };

/** Whether a box overlay sets a pixel of its plane (row, column 0-based). */
function boxOverlaySets(box: BoxOverlay, row: number, column: number): boolean {
  const outline = row < box.outline || column < box.outline || row >= box.rows - box.outline || column >= box.columns - box.outline;
  return outline || (row < box.blockRows && column < box.blockColumns);
}

/** Overlay Data of the box: one bit a pixel, row by row, least significant bit first, padded to whole 16-bit words. */
function boxOverlayData(): Uint8Array {
  const { rows, columns } = boxOverlay;
  const bytes = new Uint8Array(Math.ceil((rows * columns) / 16) * 2);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const bit = row * columns + column;
      if (boxOverlaySets(boxOverlay, row, column)) bytes[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  return bytes;
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
  /** A CT slice with one overlay plane in group 6000 (Overlay Data OW): `boxOverlay`. */
  withOverlayPlane: SingleImageSeries & { overlay: BoxOverlay };
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

  const overlayData = join(dir, 'box-overlay.bin');
  await writeFile(overlayData, boxOverlayData());
  const withOverlayPlane = await single('with-overlay-plane', [
    '-m', '(0020,0011)=95',
    '-m', '(0008,103E)=With an overlay plane',
    '-i', `(6000,0010)=${boxOverlay.rows}`,
    '-i', `(6000,0011)=${boxOverlay.columns}`,
    '-i', '(6000,0040)=G',
    '-i', `(6000,0050)=${boxOverlay.origin.join('\\')}`,
    '-i', '(6000,0100)=1',
    '-i', '(6000,0102)=0',
    '-i', '(6000,1500)=Box',
    '-if', `(6000,3000)=${overlayData}`,
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
    fixtures: {
      numberedHeadFirst,
      numberedFeetFirst,
      withoutModality,
      projection,
      lossyUnmarked: { studyInstanceUid: study, seriesInstanceUid: lossyUid },
      withOverlayPlane: { ...withOverlayPlane, overlay: boxOverlay },
    },
  };
}
