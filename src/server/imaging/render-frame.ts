// Rendering decoded samples to an 8-bit image and encoding it: modality rescale, the VOI window (PS3.3 C.11.2.1.2)
// with its LINEAR, LINEAR_EXACT or SIGMOID function, MONOCHROME1 inversion, optional scaling, JPEG or PNG by sharp.
import sharp from 'sharp';
import type { PixelLayout } from '../dicom/pixel-layout.js';
import type { FrameSamples } from './decode-frame.js';
import type { VoiLutFunction } from '../../dicom/voi-lut-function.js';


export interface RenderOptions {
  /** The layout of the samples (as decodeFrame gives it: interleaved, in the decoded Photometric Interpretation). */
  layout: PixelLayout;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The window to apply; absent: the frame's own range (minimum to maximum). */
  window?: { center: number; width: number; function: VoiLutFunction };
  /** Fit inside this box, keeping the aspect ratio; never enlarge. */
  viewport?: { width: number; height: number };
  mediaType: 'image/jpeg' | 'image/png';
  /** JPEG quality 1–100. */
  quality: number;
}

/** PS3.3 C.11.2.1.2.1 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT) and C.11.2.1.3.1 (SIGMOID), to 0–255. */
export function windowed(value: number, center: number, width: number, voiFunction: VoiLutFunction): number {
  switch (voiFunction) {
    case 'LINEAR_EXACT': {
      if (value <= center - width / 2) return 0;
      if (value > center + width / 2) return 255;
      return ((value - center) / width + 0.5) * 255;
    }
    case 'SIGMOID':
      return 255 / (1 + Math.exp((-4 * (value - center)) / width));
    default: {
      const lower = center - 0.5 - (width - 1) / 2;
      const upper = center - 0.5 + (width - 1) / 2;
      if (value <= lower) return 0;
      if (value > upper) return 255;
      return ((value - (center - 0.5)) / (width - 1) + 0.5) * 255;
    }
  }
}

/** 8-bit display values of a frame: windowed grayscale (1 channel) or colour samples scaled to 8 bits (3 channels). */
export function displayValues(samples: FrameSamples, options: RenderOptions): { pixels: Uint8Array; channels: 1 | 3 } {
  const { layout } = options;
  if (layout.samplesPerPixel === 3) {
    // Colour is shown as stored: RGB, or YBR_FULL converted (PS3.3 C.7.6.3.1.2); no VOI applies to colour.
    const pixels = new Uint8Array(samples.length);
    const shift = Math.max(0, layout.bitsStored - 8);
    const ybr = layout.photometricInterpretation.startsWith('YBR_FULL');
    for (let index = 0; index < samples.length; index += 3) {
      let [r, g, b] = [samples[index]! >> shift, samples[index + 1]! >> shift, samples[index + 2]! >> shift];
      if (ybr) {
        const [y, cb, cr] = [r, g, b];
        r = y + 1.402 * (cr - 128);
        g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
        b = y + 1.772 * (cb - 128);
      }
      pixels[index] = Math.min(255, Math.max(0, Math.round(r)));
      pixels[index + 1] = Math.min(255, Math.max(0, Math.round(g)));
      pixels[index + 2] = Math.min(255, Math.max(0, Math.round(b)));
    }
    return { pixels, channels: 3 };
  }
  const { rescaleSlope: slope, rescaleIntercept: intercept } = options;
  let window = options.window;
  if (!window) {
    let minimum = Number.POSITIVE_INFINITY;
    let maximum = Number.NEGATIVE_INFINITY;
    for (const sample of samples) {
      minimum = Math.min(minimum, sample);
      maximum = Math.max(maximum, sample);
    }
    const [low, high] = [minimum * slope + intercept, maximum * slope + intercept].sort((a, b) => a - b) as [number, number];
    window = { center: (low + high) / 2, width: Math.max(1, high - low + 1), function: 'LINEAR' };
  }
  const invert = layout.photometricInterpretation === 'MONOCHROME1';
  const pixels = new Uint8Array(samples.length);
  for (let index = 0; index < samples.length; index++) {
    const value = windowed(samples[index]! * slope + intercept, window.center, window.width, window.function);
    pixels[index] = Math.round(invert ? 255 - value : value);
  }
  return { pixels, channels: 1 };
}

export async function renderFrame(samples: FrameSamples, options: RenderOptions): Promise<Buffer> {
  const { pixels, channels } = displayValues(samples, options);
  const { rows, columns } = options.layout;
  let image = sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), { raw: { width: columns, height: rows, channels } });
  // Grayscale stays one channel in the file (8-bit gray PNG, single-component JPEG), a third of the bytes.
  if (channels === 1) image = image.toColourspace('b-w');
  if (options.viewport && (options.viewport.width < columns || options.viewport.height < rows)) {
    image = image.resize(options.viewport.width, options.viewport.height, { fit: 'inside', withoutEnlargement: true });
  }
  return options.mediaType === 'image/png' ? image.png().toBuffer() : image.jpeg({ quality: options.quality }).toBuffer();
}
