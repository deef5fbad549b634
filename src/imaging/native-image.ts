// A Cornerstone image from a native greyscale frame decoded on this thread: the object createImage() of
// @cornerstonejs/dicom-image-loader 5.14 builds for a greyscale frame once its worker has decoded it, field for field.
import { canRenderFloatTextures, Enums, metaData, utilities, type Types } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index (see init.ts).
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import { decodeNativeGreyscaleFrame, hasFractionalScaling, type NativeImageFrame, type PreScale, type ScalingParameters } from './native-frame.js';
import { fitToTargetBuffer, type TargetBuffer } from './target-buffer.js';

const { MetadataModules } = Enums;

interface LoaderOptions {
  /** A volume's loader passes the scaling it applies to every slice (BaseStreamingImageVolume.getLoaderImageOptions). */
  preScale?: { enabled?: boolean; scalingParameters?: Partial<ScalingParameters> };
  /** A volume's slice: its array type and size (target-buffer.ts). */
  targetBuffer?: TargetBuffer;
  decodeLevel?: number;
  [option: string]: unknown;
}

type Module = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Cornerstone's metadata modules are untyped

/** Greyscale in 16-bit words: the frames native-frame.ts decodes from stored values (signed 8-bit stays with the worker). */
function isGreyscaleWords(frame: NativeImageFrame): boolean {
  const monochrome = frame.photometricInterpretation === 'MONOCHROME1' || frame.photometricInterpretation === 'MONOCHROME2';
  return monochrome && (frame.samplesPerPixel ?? 1) === 1 && frame.bitsAllocated === 16;
}

/** The rescale the image will be built with, as createImage() would apply it; undefined when none applies. */
function appliedScaling(imageId: string, options: LoaderOptions): ScalingParameters | undefined {
  if (options.preScale?.enabled === false) return undefined;
  // A volume's own parameters, when it gives a rescale: every slice of the volume is scaled as the volume says.
  const given = options.preScale?.scalingParameters;
  if (typeof given?.rescaleSlope === 'number' && typeof given.rescaleIntercept === 'number') {
    const scaling = given as ScalingParameters;
    const identity = scaling.rescaleSlope === 1 && scaling.rescaleIntercept === 0 && scaling.suvbw === undefined && scaling.doseGridScaling === undefined;
    return identity ? undefined : scaling;
  }
  return dicomImageLoader.getScalingParameters(metaData, imageId) as ScalingParameters | undefined;
}

/**
 * Whether a frame the worker decodes must instead be decoded to stored values there and rescaled here: a
 * greyscale frame whose rescale has a fractional parameter and will be applied (float textures are available).
 * The worker would write the fractional modality values into an integer array chosen by their range alone.
 */
export function needsFractionalRescale(imageId: string, frame: NativeImageFrame, options: LoaderOptions = {}): boolean {
  if (!isGreyscaleWords(frame) || !canRenderFloatTextures()) return false;
  const scaling = appliedScaling(imageId, options);
  return scaling !== undefined && hasFractionalScaling(scaling);
}

/**
 * The frame's image, decoded here. `frame` is getImageFrame(imageId); the caller checked isNativeGreyscaleFrame.
 * `options` are the loader's: the rescale is applied to the values unless `preScale.enabled` is false.
 */
export function createNativeGreyscaleImage(imageId: string, frame: NativeImageFrame, bytes: Uint8Array, options: LoaderOptions = {}): Types.IImage {
  const start = Date.now();
  const scalingParameters = appliedScaling(imageId, options);
  const preScale: PreScale = scalingParameters ? { enabled: true, scalingParameters } : { enabled: false };
  const decoded = decodeNativeGreyscaleFrame(frame, bytes, preScale, canRenderFloatTextures());
  // A volume's slice in the volume's array type and size (and its array, when it hands one).
  const { pixelData, rows, columns } = fitToTargetBuffer(decoded.pixelData, frame.rows, frame.columns, { min: decoded.smallestPixelValue, max: decoded.largestPixelValue }, options.targetBuffer);
  const imageFrame: Module = { ...frame, decodeLevel: options.decodeLevel, ...decoded, pixelData, rows, columns, pixelDataLength: pixelData.length, decodeTimeInMS: Date.now() - start };

  const imagePlaneModule: Module = metaData.get(MetadataModules.IMAGE_PLANE, imageId) || {};
  const voiLutModule: Module = metaData.get(MetadataModules.VOI_LUT, imageId) || {};
  const modalityLutModule: Module = metaData.get(MetadataModules.MODALITY_LUT, imageId) || {};
  const sopCommonModule: Module = metaData.get(MetadataModules.SOP_COMMON, imageId) || {};
  const calibrationModule: Module = metaData.get(MetadataModules.CALIBRATION, imageId) || {};
  const numberOfComponents = frame.samplesPerPixel ?? 1;
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: pixelData, width: columns, height: rows, numberOfComponents });
  const image: Module = {
    imageId,
    dataType: pixelData.constructor.name,
    color: false,
    calibration: calibrationModule,
    columnPixelSpacing: imagePlaneModule.columnPixelSpacing,
    columns,
    height: rows,
    preScale: imageFrame.preScale,
    intercept: modalityLutModule.rescaleIntercept ? modalityLutModule.rescaleIntercept : 0,
    slope: modalityLutModule.rescaleSlope ? modalityLutModule.rescaleSlope : 1,
    invert: frame.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: imageFrame.smallestPixelValue,
    maxPixelValue: imageFrame.largestPixelValue,
    rowPixelSpacing: imagePlaneModule.rowPixelSpacing,
    rows,
    sizeInBytes: pixelData.byteLength,
    width: columns,
    windowCenter: voiLutModule.windowCenter ? voiLutModule.windowCenter[0] : undefined,
    windowWidth: voiLutModule.windowWidth ? voiLutModule.windowWidth[0] : undefined,
    voiLUTFunction: (voiLutModule.voiLUTFunction?.length && voiLutModule.voiLUTFunction[0]) || voiLutModule.voiLutFunction || undefined,
    decodeTimeInMS: imageFrame.decodeTimeInMS,
    floatPixelData: undefined,
    imageFrame,
    voxelManager,
    rgba: false,
    getPixelData: () => imageFrame.pixelData,
    getCanvas: undefined,
    numberOfComponents,
  };
  if (modalityLutModule.modalityLUTSequence?.length > 0 && dicomImageLoader.isModalityLUTForDisplay(sopCommonModule.sopClassUID)) {
    image.modalityLUT = modalityLutModule.modalityLUTSequence[0];
  }
  if (voiLutModule.voiLUTSequence?.length > 0) image.voiLUT = voiLutModule.voiLUTSequence[0];
  if (image.windowCenter === undefined || image.windowWidth === undefined) {
    const windowLevel = utilities.windowLevel.toWindowLevel(imageFrame.smallestPixelValue, imageFrame.largestPixelValue);
    image.windowWidth = windowLevel.windowWidth;
    image.windowCenter = windowLevel.windowCenter;
  }
  return image as unknown as Types.IImage;
}
