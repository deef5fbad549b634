// Test inputs the sample generator does not make: a small multi-frame instance, and DCMTK's transcodings of it
// (JPEG-LS, big endian, implicit VR, RLE), written to a temporary folder.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { writeInstance } from '../../src/sample-data/write-instance.js';

export const multiFrame = {
  studyInstanceUid: sampleStudy.studyInstanceUid,
  seriesInstanceUid: uidFor('dicom-lightbox server test multi-frame series'),
  rows: 32,
  columns: 48,
  frames: 3,
  sopInstanceUidOf: (variant: string) => uidFor(`dicom-lightbox server test multi-frame ${variant}`),
};

/** Frame i (0-based) holds value 1000·(i+1) + pixel index mod 997: every frame and pixel distinct. */
export function multiFramePixels(): Uint16Array {
  const perFrame = multiFrame.rows * multiFrame.columns;
  const pixels = new Uint16Array(perFrame * multiFrame.frames);
  for (let frame = 0; frame < multiFrame.frames; frame++) {
    for (let index = 0; index < perFrame; index++) pixels[frame * perFrame + index] = 1000 * (frame + 1) + (index % 997);
  }
  return pixels;
}

function multiFrameInstance(sopInstanceUid: string): Uint8Array {
  return writeInstance({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture: multi-frame grayscale is fine for a server test
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: multiFrame.studyInstanceUid,
    SeriesInstanceUID: multiFrame.seriesInstanceUid,
    PatientName: sampleStudy.patientName,
    PatientID: sampleStudy.patientId,
    StudyDate: sampleStudy.studyDate,
    StudyTime: sampleStudy.studyTime,
    Modality: 'OT',
    SeriesNumber: '90',
    InstanceNumber: '1',
    NumberOfFrames: String(multiFrame.frames),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: multiFrame.rows,
    Columns: multiFrame.columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    PixelData: multiFramePixels(),
  });
}

export interface MultiFrameFiles {
  /** Explicit VR little endian, the source of the others. */
  native: string;
  jpegLs: string;
  bigEndian: string;
  implicit: string;
  /** RLE Lossless (DCMTK's dcmcrle), frames as image/dicom-rle. */
  rle: string;
}

/** Writes the multi-frame instance in four transfer syntaxes, each with its own SOP Instance UID. */
export async function writeMultiFrameFiles(dir: string): Promise<MultiFrameFiles> {
  const path = (name: string) => join(dir, `${name}.dcm`);
  await writeFile(path('native'), multiFrameInstance(multiFrame.sopInstanceUidOf('native')));
  const variant = async (name: keyof MultiFrameFiles, tool: string, options: string[]) => {
    const source = path(`${name}-source`);
    await writeFile(source, multiFrameInstance(multiFrame.sopInstanceUidOf(name)));
    execFileSync(tool, [...options, source, path(name)]);
  };
  await variant('jpegLs', 'dcmcjpls', ['+el']);
  await variant('bigEndian', 'dcmconv', ['+tb']);
  await variant('implicit', 'dcmconv', ['+ti']);
  await variant('rle', 'dcmcrle', []);
  return { native: path('native'), jpegLs: path('jpegLs'), bigEndian: path('bigEndian'), implicit: path('implicit'), rle: path('rle') };
}

/** The value bytes of PixelData as stored (native), or each fragment (encapsulated), read with dicom-parser. */
export async function pixelDataOf(file: string): Promise<{ native?: Uint8Array; fragments?: Uint8Array[] }> {
  const bytes = new Uint8Array(await readFile(file));
  const element = dicomParser.parseDicom(bytes).elements.x7fe00010!;
  if (element.encapsulatedPixelData) {
    return { fragments: element.fragments!.map((fragment) => bytes.slice(fragment.position, fragment.position + fragment.length)) };
  }
  return { native: bytes.slice(element.dataOffset, element.dataOffset + element.length) };
}
