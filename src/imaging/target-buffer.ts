// A decoded frame put where a volume wants it: Cornerstone's streaming volume asks each image's loader for its
// slice in the volume's array type and size (`targetBuffer` of BaseStreamingImageVolume.getLoaderImageOptions), and
// may hand it the array to write into (an offset in an ArrayBuffer). Pure: typed arrays in, typed arrays out.

/** What a volume asks of a slice's pixels (Cornerstone's `targetBuffer` option). */
export interface TargetBuffer {
  /** The volume's array type: `Uint8Array`, `Int16Array`, `Uint16Array`, `Float32Array`, `Uint32Array`. */
  type?: string;
  rows?: number;
  columns?: number;
  /** Written into when given: `length` values from byte `offset`. */
  arrayBuffer?: ArrayBufferLike;
  offset?: number;
  length?: number;
}

type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Float32Array;

const arrayTypes = {
  Uint8Array: [Uint8Array, 0, 255],
  Int16Array: [Int16Array, -32768, 32767],
  Uint16Array: [Uint16Array, 0, 65535],
  Uint32Array: [Uint32Array, 0, 4294967295],
  Float32Array: [Float32Array, -Infinity, Infinity],
} as const;

export interface FittedPixels {
  pixelData: PixelArray;
  rows: number;
  columns: number;
}

/**
 * The frame's pixels (`rows` × `columns`, one sample each) as the target asks: resampled to its size (the first
 * pixel of each block), in its array type, in its array when it hands one. A type that
 * cannot hold the values (they come from the header's rescale, which the volume's type was chosen for) is an error,
 * never wrapped values.
 */
export function fitToTargetBuffer(pixels: PixelArray, rows: number, columns: number, range: { min: number; max: number }, target: TargetBuffer | undefined): FittedPixels {
  if (!target?.type) return { pixelData: pixels, rows, columns };
  const entry = arrayTypes[target.type as keyof typeof arrayTypes];
  if (!entry) throw new Error(`a volume of ${target.type} is not supported`);
  const [ArrayType, low, high] = entry;
  if (range.min < low || range.max > high) {
    throw new Error(`the image's values ${range.min}…${range.max} do not fit the volume's ${target.type}`);
  }
  const targetRows = target.rows ?? rows;
  const targetColumns = target.columns ?? columns;
  const length = targetRows * targetColumns;
  if (target.length !== undefined && target.length !== length) {
    throw new Error(`the volume's slice holds ${target.length} values, and the image resampled to ${targetColumns} × ${targetRows} has ${length}`);
  }
  const pixelData = target.arrayBuffer ? new ArrayType(target.arrayBuffer as ArrayBuffer, target.offset ?? 0, length) : new ArrayType(length);
  if (targetRows === rows && targetColumns === columns) {
    pixelData.set(pixels);
  } else {
    // The first pixel of each block: a decimated volume keeps the series' origin and multiplies the spacing, so its
    // voxel n lies where the frame's pixel n × factor does.
    for (let row = 0; row < targetRows; row += 1) {
      const sourceRow = Math.min(rows - 1, Math.floor((row * rows) / targetRows));
      for (let column = 0; column < targetColumns; column += 1) {
        const sourceColumn = Math.min(columns - 1, Math.floor((column * columns) / targetColumns));
        pixelData[row * targetColumns + column] = pixels[sourceRow * columns + sourceColumn]!;
      }
    }
  }
  return { pixelData, rows: targetRows, columns: targetColumns };
}
