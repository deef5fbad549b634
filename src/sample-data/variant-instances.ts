// The variant test images (variants.ts) as Part 10 files in explicit VR little endian, ready for DCMTK and GDCM to transcode.
import {
  frameRegion,
  modalityLutEntry,
  paletteLut,
  rgbToYbrFull,
  variantRegions,
  variantRgbAt,
  variantSeriesUid,
  variantSize,
  variantSopInstanceUid,
  variantStoredValueAt,
  variantStudy,
  type ImageVariant,
} from './variants.js';
import { writeInstance, type NaturalizedDataset } from './write-instance.js';

const secondaryCapture = '1.2.840.10008.5.1.4.1.1.7';
const multiFrameGrayscaleWord = '1.2.840.10008.5.1.4.1.1.7.3';

function ds(value: number): string {
  return String(Math.round(value * 1e6) / 1e6 + 0);
}

function greyPixels(variant: ImageVariant): Uint8Array | Uint16Array {
  const perFrame = variantSize * variantSize;
  const length = perFrame * variant.frames;
  const values =
    variant.bitsAllocated === 8 ? new Uint8Array(length)
    : variant.bitsAllocated === 32 ? (variant.pixelRepresentation ? new Int32Array(length) : new Uint32Array(length))
    : variant.pixelRepresentation ? new Int16Array(length) : new Uint16Array(length);
  for (let frame = 0; frame < variant.frames; frame++) {
    for (let y = 0; y < variantSize; y++) {
      for (let x = 0; x < variantSize; x++) values[frame * perFrame + y * variantSize + x] = variantStoredValueAt(variant, x, y, frame);
    }
  }
  // Written as 16-bit words (OW), little endian as the machine is: a 32-bit sample is its two words, low first.
  return values instanceof Uint8Array || values instanceof Uint16Array ? values : new Uint16Array(values.buffer);
}

function colourPixels(variant: ImageVariant): Uint8Array | Uint16Array {
  const pixels = variant.bitsAllocated === 16 ? new Uint16Array(variantSize * variantSize * 3) : new Uint8Array(variantSize * variantSize * 3);
  for (let y = 0; y < variantSize; y++) {
    for (let x = 0; x < variantSize; x++) {
      const rgb = variantRgbAt(variant, x, y);
      pixels.set(variant.photometricInterpretation === 'RGB' ? rgb : rgbToYbrFull(rgb), (y * variantSize + x) * 3);
    }
  }
  if (variant.photometricInterpretation !== 'YBR_FULL_422' || pixels instanceof Uint16Array) return pixels;
  // PS3.3 C.7.6.3.1.2: each horizontal pair of pixels stores Y1 Y2 Cb Cr, the chroma of the pair's first pixel's
  // neighbourhood (here their mean).
  const subsampled = new Uint8Array(variantSize * variantSize * 2);
  for (let pair = 0; pair < (variantSize * variantSize) / 2; pair++) {
    const a = pair * 2 * 3;
    const b = a + 3;
    subsampled.set(
      [pixels[a]!, pixels[b]!, Math.round((pixels[a + 1]! + pixels[b + 1]!) / 2), Math.round((pixels[a + 2]! + pixels[b + 2]!) / 2)],
      pair * 4,
    );
  }
  return subsampled;
}

/**
 * The explicit VR little endian source file of one variant, with the UIDs of the series it will be transcoded into;
 * `instanceNumber` above 1 makes a further instance of that series (its own SOP Instance UID).
 */
export function variantInstance(variant: ImageVariant, transferSyntaxName: string, seriesNumber: number, instanceNumber = 1): Uint8Array {
  const colour = ['RGB', 'YBR_FULL', 'YBR_FULL_422'].includes(variant.photometricInterpretation);
  const dataset: NaturalizedDataset = {
    SOPClassUID: variant.frames > 1 ? multiFrameGrayscaleWord : secondaryCapture,
    SOPInstanceUID: variantSopInstanceUid(variant.name, instanceNumber === 1 ? transferSyntaxName : `${transferSyntaxName} ${instanceNumber}`),
    StudyDate: variantStudy.studyDate,
    StudyTime: variantStudy.studyTime,
    AccessionNumber: '',
    Modality: 'OT',
    ConversionType: 'SYN',
    Manufacturer: 'dicom-lightbox',
    ReferringPhysicianName: '',
    StudyDescription: variantStudy.studyDescription,
    SeriesDescription: `${variant.name} ${transferSyntaxName}`,
    PatientName: variantStudy.patientName,
    PatientID: variantStudy.patientId,
    PatientBirthDate: variantStudy.patientBirthDate,
    PatientSex: variantStudy.patientSex,
    StudyInstanceUID: variantStudy.studyInstanceUid,
    SeriesInstanceUID: variantSeriesUid(variant.name, transferSyntaxName),
    StudyID: 'LB3',
    SeriesNumber: String(seriesNumber),
    InstanceNumber: String(instanceNumber),
    PatientOrientation: ['L', 'P'],
    PixelSpacing: ['0.5', '0.5'],
    SamplesPerPixel: colour ? 3 : 1,
    PhotometricInterpretation: variant.photometricInterpretation,
    ...(colour ? { PlanarConfiguration: 0 } : {}),
    Rows: variantSize,
    Columns: variantSize,
    BitsAllocated: variant.bitsAllocated,
    BitsStored: variant.bitsStored,
    HighBit: variant.bitsStored - 1,
    PixelRepresentation: variant.pixelRepresentation,
  };
  if (variant.frames > 1) {
    dataset.NumberOfFrames = String(variant.frames);
    dataset.FrameIncrementPointer = 0x00181063;
    dataset.FrameTime = ds(100);
  }
  if (variant.rescaleSlope !== undefined) {
    dataset.RescaleSlope = ds(variant.rescaleSlope);
    dataset.RescaleIntercept = ds(variant.rescaleIntercept ?? 0);
    dataset.RescaleType = 'US';
  }
  if (variant.windows.length > 0) {
    dataset.WindowCenter = variant.windows.map((window) => ds(window.center));
    dataset.WindowWidth = variant.windows.map((window) => ds(window.width));
    dataset.WindowCenterWidthExplanation = variant.windows.map((window) => window.explanation);
  }
  if (variant.voiLutFunction) dataset.VOILUTFunction = variant.voiLutFunction;
  if (variant.modalityLut) {
    const { firstValueMapped, size } = variant.modalityLut;
    dataset.ModalityLUTSequence = [
      {
        LUTDescriptor: [size === 65536 ? 0 : size, firstValueMapped, 16],
        ModalityLUTType: 'US',
        LUTExplanation: 'SQUARE LAW',
        // US, not OW: the table's values then travel in the DICOM JSON metadata itself.
        LUTData: Array.from({ length: size }, (_, index) => modalityLutEntry(index)),
        _vrMap: { LUTDescriptor: 'US', LUTData: 'US' },
      },
    ];
  }
  if (variant.photometricInterpretation === 'PALETTE COLOR') {
    const [red, green, blue] = paletteLut;
    Object.assign(dataset, {
      RedPaletteColorLookupTableDescriptor: [256, 0, 16],
      GreenPaletteColorLookupTableDescriptor: [256, 0, 16],
      BluePaletteColorLookupTableDescriptor: [256, 0, 16],
      RedPaletteColorLookupTableData: [red.slice().buffer],
      GreenPaletteColorLookupTableData: [green.slice().buffer],
      BluePaletteColorLookupTableData: [blue.slice().buffer],
      _vrMap: {
        RedPaletteColorLookupTableDescriptor: 'US',
        GreenPaletteColorLookupTableDescriptor: 'US',
        BluePaletteColorLookupTableDescriptor: 'US',
      },
    });
  }
  dataset.PixelData = colour ? colourPixels(variant) : greyPixels(variant);
  return writeInstance(dataset);
}

export { frameRegion, variantRegions };
