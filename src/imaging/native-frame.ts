// Decoding a native (uncompressed little endian) greyscale frame on the calling thread, as Cornerstone's decode
// worker does it (decodeLittleEndian + postProcessDecodedPixels in @cornerstonejs/dicom-image-loader 5.14, without a
// target buffer), with one correction: a fractional rescale gives a Float32Array (see modalityArrayTypeFor). For
// these frames "decoding" is a typed-array view, a min/max pass and the modality rescale: sending each 512 KB frame
// to the worker and back (two copies, a structured clone and a task queue shared with every codec) cost more than
// the work itself. Compressed frames with a fractional rescale come here too, as stored values the worker decoded
// (worker-stored-values.ts).

/** PS3.5 A.1 / A.2: implicit and explicit VR little endian, where a frame's bytes are its pixels. */
const nativeLittleEndian = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/** Whether a frame in this transfer syntax is its samples as they are (implicit or explicit VR little endian). */
export function isNativeLittleEndian(transferSyntaxUid: string): boolean {
  return nativeLittleEndian.has(transferSyntaxUid);
}

/** The frame description Cornerstone's getImageFrame() gives (the image pixel module of the frame's metadata). */
export interface NativeImageFrame {
  samplesPerPixel?: number;
  photometricInterpretation?: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored?: number;
  pixelRepresentation?: number;
  [field: string]: unknown;
}

/** Cornerstone's scaling parameters (getScalingParameters): the modality LUT's rescale, PET SUV, RT dose grid scaling. */
export interface ScalingParameters {
  rescaleSlope: number;
  rescaleIntercept: number;
  modality?: string;
  suvbw?: number;
  doseGridScaling?: number;
  [field: string]: unknown;
}

export interface PreScale {
  enabled: boolean;
  scalingParameters?: ScalingParameters;
  scaled?: boolean;
}

type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Float32Array;

export interface DecodedNativeFrame {
  pixelData: PixelArray;
  pixelDataLength: number;
  smallestPixelValue: number;
  largestPixelValue: number;
  /** Set when the modality rescale was applied to the values (they are then modality values). */
  preScale?: PreScale & { scaled: true };
}

/** The byte length of a native frame, or undefined for layouts this module does not decode. */
export function nativeGreyscaleFrameLength(frame: NativeImageFrame): number | undefined {
  const monochrome = frame.photometricInterpretation === 'MONOCHROME1' || frame.photometricInterpretation === 'MONOCHROME2';
  if (!monochrome || (frame.samplesPerPixel ?? 1) !== 1) return undefined;
  // Signed 8-bit frames stay with the worker: its sign extension writes back into unsigned bytes, which this module
  // would have to copy to give the same values.
  if (frame.bitsAllocated === 16 || (frame.bitsAllocated === 8 && frame.pixelRepresentation === 0)) {
    return frame.rows * frame.columns * (frame.bitsAllocated / 8);
  }
  return undefined;
}

/** Whether `decodeNativeGreyscaleFrame` can take these bytes in place of the worker (see the file comment for where it differs). */
export function isNativeGreyscaleFrame(frame: NativeImageFrame, transferSyntaxUid: string, bytes: Uint8Array): boolean {
  return isNativeLittleEndian(transferSyntaxUid) && bytes.byteLength === nativeGreyscaleFrameLength(frame);
}

/** getPixelDataTypeFromMinMax: the smallest integer array that holds the range, else Float32Array. */
export function pixelArrayTypeFor(min: number, max: number) {
  if (Number.isInteger(min) && Number.isInteger(max)) {
    if (min >= 0) {
      if (max <= 255) return Uint8Array;
      if (max <= 65535) return Uint16Array;
      if (max <= 4294967295) return Uint32Array;
    } else {
      if (min >= -128 && max <= 127) return Int8Array;
      if (min >= -32768 && max <= 32767) return Int16Array;
    }
  }
  return Float32Array;
}

/**
 * The array type modality values are written into. A fractional rescale makes fractional values, which only a
 * Float32Array holds, whatever the range: Cornerstone 5.14 chooses from the range alone (getPixelDataTypeFromMinMax),
 * so slope 0.5 over stored values −2000…32000 gives an Int16Array, and every odd stored value loses its half unit.
 */
function modalityArrayTypeFor(min: number, max: number, fractionalRescale: boolean) {
  return fractionalRescale ? Float32Array : pixelArrayTypeFor(min, max);
}

/** The range `min`…`max` of stored values takes after the scaling createImage() applies (scaleArray). */
export function scaledRange(min: number, max: number, scaling: ScalingParameters): { min: number; max: number } {
  const { rescaleSlope, rescaleIntercept, modality, doseGridScaling, suvbw } = scaling;
  if (modality === 'PT' && typeof suvbw === 'number' && !isNaN(suvbw)) {
    return { min: suvbw * (min * rescaleSlope + rescaleIntercept), max: suvbw * (max * rescaleSlope + rescaleIntercept) };
  }
  if (modality === 'RTDOSE' && typeof doseGridScaling === 'number' && !isNaN(doseGridScaling)) {
    return { min: min * doseGridScaling, max: max * doseGridScaling };
  }
  if (typeof rescaleSlope === 'number' && typeof rescaleIntercept === 'number') {
    return { min: rescaleSlope * min + rescaleIntercept, max: rescaleSlope * max + rescaleIntercept };
  }
  return { min, max };
}

/**
 * Whether any scaling parameter is fractional (createImage's hasFloatRescale): the rescale is then applied only
 * where float textures can be rendered, and its values need a Float32Array.
 */
export function hasFractionalScaling(scaling: ScalingParameters): boolean {
  return Object.values(scaling).some((value) => typeof value === 'number' && !Number.isInteger(value));
}

/** Slope and intercept alone: the PET SUV and RT dose factors are not applied value by value in one expression. */
function isLinearScaling(scaling: ScalingParameters): boolean {
  return !(scaling.modality === 'PT' && typeof scaling.suvbw === 'number') && !(scaling.modality === 'RTDOSE' && typeof scaling.doseGridScaling === 'number');
}

function isRequiredScaling({ rescaleSlope, rescaleIntercept, modality, doseGridScaling, suvbw }: ScalingParameters): boolean {
  const hasRescaleValues = typeof rescaleSlope === 'number' && typeof rescaleIntercept === 'number';
  return hasRescaleValues || (modality === 'RTDOSE' && typeof doseGridScaling === 'number') || (modality === 'PT' && typeof suvbw === 'number');
}

/** scaleArray: modality values in place (the array's type was chosen to hold them). */
function applyScaling(array: PixelArray, scaling: ScalingParameters): void {
  const { rescaleSlope, rescaleIntercept, suvbw, doseGridScaling } = scaling;
  const length = array.length;
  if (scaling.modality === 'PT' && typeof suvbw === 'number' && !isNaN(suvbw)) {
    for (let i = 0; i < length; i++) array[i] = suvbw * (array[i]! * rescaleSlope + rescaleIntercept);
  } else if (scaling.modality === 'RTDOSE' && typeof doseGridScaling === 'number' && !isNaN(doseGridScaling)) {
    for (let i = 0; i < length; i++) array[i] = array[i]! * doseGridScaling;
  } else {
    for (let i = 0; i < length; i++) array[i] = array[i]! * rescaleSlope + rescaleIntercept;
  }
}

/** The values each result array holds exactly, for the single-pass rescale below. */
const exactRange = new Map<unknown, [number, number]>([
  [Uint8Array, [0, 255]],
  [Int8Array, [-128, 127]],
  [Uint16Array, [0, 65535]],
  [Int16Array, [-32768, 32767]],
  [Uint32Array, [0, 4294967295]],
  [Float32Array, [-16777216, 16777216]],
]);

/** The frame's bytes as typed stored values (little endian, as the machine is: every browser platform is). */
function storedView(frame: NativeImageFrame, bytes: Uint8Array): Uint8Array | Uint16Array | Int16Array {
  if (frame.bitsAllocated === 8) return bytes;
  // A 16-bit view needs an even offset; the frame's place in the multipart answer depends on its header's length.
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const length = aligned.byteLength >> 1;
  return frame.pixelRepresentation === 1 ? new Int16Array(aligned.buffer, aligned.byteOffset, length) : new Uint16Array(aligned.buffer, aligned.byteOffset, length);
}

/**
 * The frame's stored values as typed pixels (little endian, as the machine is: every browser platform is little
 * endian), sign-extended from BitsStored for signed data as the worker's shift does, with their range. One pass.
 */
function storedValues(frame: NativeImageFrame, bytes: Uint8Array): { stored: Uint8Array | Uint16Array | Int16Array; min: number; max: number } {
  const stored = storedView(frame, bytes);
  const shift = frame.pixelRepresentation === 1 && frame.bitsStored !== undefined ? 32 - frame.bitsStored : undefined;
  let min = Infinity;
  let max = -Infinity;
  // Shifting 16 bits of a 16-bit value changes nothing: that common case needs no writing.
  if (shift !== undefined && !(shift === 16 && stored instanceof Int16Array)) {
    for (let i = 0; i < stored.length; i++) {
      const value = (stored[i]! << shift) >> shift;
      stored[i] = value;
      const written = stored[i]!; // what the array holds of it, as the worker's min/max pass reads it
      if (written < min) min = written;
      if (written > max) max = written;
    }
  } else {
    for (let i = 0; i < stored.length; i++) {
      const value = stored[i]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return { stored, min, max };
}

type PixelArrayType = ReturnType<typeof pixelArrayTypeFor>;

/**
 * The array type the last frame decoded in one pass needed: a series' frames nearly always need the same, so the
 * next frame is written into one of it while its range is found (see onePass); a wrong guess costs a second pass.
 */
let lastOnePassType: PixelArrayType | undefined;

/**
 * The common case in one pass instead of two (the range, then the values): values that need no sign extension,
 * either as they are or through a linear rescale, written into an array of the type the last frame needed while
 * their range is found. Undefined when the range asks for another type (or does not hold the values exactly, which
 * the two passes would give differently): the caller then decodes in two passes.
 */
function onePass(stored: Uint8Array | Uint16Array | Int16Array, rescale: ScalingParameters | undefined, fractionalRescale: boolean): DecodedNativeFrame | undefined {
  const PixelArray = lastOnePassType;
  if (!PixelArray) return undefined;
  const length = stored.length;
  const pixelData = new PixelArray(length);
  let min = Infinity;
  let max = -Infinity;
  if (rescale) {
    const { rescaleSlope, rescaleIntercept } = rescale;
    for (let i = 0; i < length; i++) {
      const value = stored[i]!;
      if (value < min) min = value;
      if (value > max) max = value;
      pixelData[i] = value * rescaleSlope + rescaleIntercept;
    }
  } else {
    for (let i = 0; i < length; i++) {
      const value = stored[i]!;
      if (value < min) min = value;
      if (value > max) max = value;
      pixelData[i] = value;
    }
  }
  const range = rescale ? scaledRange(min, max, rescale) : { min, max };
  const [low, high] = exactRange.get(PixelArray)!;
  // The type two passes would choose, holding every stored value exactly (as the two-pass rescale requires).
  if (modalityArrayTypeFor(range.min, range.max, fractionalRescale) !== PixelArray || min < low || max > high) return undefined;
  return { pixelData, pixelDataLength: length, smallestPixelValue: range.min, largestPixelValue: range.max };
}

/**
 * Decodes a native greyscale frame (check isNativeGreyscaleFrame first). `preScale` and `allowFloatRendering` are
 * what createImage() would pass the worker: the rescale is applied unless it is disabled, or it has non-integer
 * parameters and the GPU cannot render float textures.
 */
export function decodeNativeGreyscaleFrame(
  frame: NativeImageFrame,
  bytes: Uint8Array,
  preScale: PreScale,
  allowFloatRendering: boolean,
): DecodedNativeFrame {
  const scaling = preScale.enabled ? preScale.scalingParameters : undefined;
  const hasFloatRescale = scaling !== undefined && hasFractionalScaling(scaling);
  const scale = scaling !== undefined && (allowFloatRendering || !hasFloatRescale);
  const required = scale && isRequiredScaling(scaling);
  const fractionalRescale = required && hasFloatRescale;
  const linear = !required || isLinearScaling(scaling);
  const signExtended = frame.pixelRepresentation === 1 && frame.bitsStored !== undefined && !(frame.bitsAllocated === 16 && frame.bitsStored === 16);
  if (linear && !signExtended) {
    const decoded = onePass(storedView(frame, bytes), required ? scaling : undefined, fractionalRescale);
    if (decoded) {
      if (required) decoded.preScale = { ...preScale, scaled: true };
      return decoded;
    }
  }
  const decoded = twoPasses(frame, bytes, preScale, scaling, scale, fractionalRescale);
  lastOnePassType = decoded.pixelData.constructor as PixelArrayType;
  return decoded;
}

/** The range of the stored values first, then the values into the array type that holds the range. */
function twoPasses(
  frame: NativeImageFrame,
  bytes: Uint8Array,
  preScale: PreScale,
  scaling: ScalingParameters | undefined,
  scale: boolean,
  fractionalRescale: boolean,
): DecodedNativeFrame {
  const { stored, min, max } = storedValues(frame, bytes);
  const range = scale ? scaledRange(min, max, scaling!) : { min, max };
  const PixelArray = modalityArrayTypeFor(range.min, range.max, fractionalRescale);
  const pixelData = new PixelArray(stored.length);
  const decoded: DecodedNativeFrame = { pixelData, pixelDataLength: stored.length, smallestPixelValue: min, largestPixelValue: max };
  if (scale && isRequiredScaling(scaling!)) {
    const [low, high] = exactRange.get(PixelArray)!;
    if (isLinearScaling(scaling!) && min >= low && max <= high) {
      // The array holds every stored value exactly, so storing it first (as the worker does) changes nothing.
      const { rescaleSlope, rescaleIntercept } = scaling!;
      for (let i = 0; i < stored.length; i++) pixelData[i] = stored[i]! * rescaleSlope + rescaleIntercept;
    } else {
      pixelData.set(stored);
      applyScaling(pixelData, scaling!);
    }
    decoded.preScale = { ...preScale, scaled: true };
    decoded.smallestPixelValue = range.min;
    decoded.largestPixelValue = range.max;
  } else {
    pixelData.set(stored);
  }
  return decoded;
}
