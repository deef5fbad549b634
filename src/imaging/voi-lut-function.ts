// VOI LUT Function (0028,1056; PS3.3 C.11.2.1.3) as Cornerstone's renderer needs it on each image.
//
// Cornerstone 5.14's WADO-RS metadata provider gives the attribute as a string ("SIGMOID") while its createImage()
// takes the first element of it as of an array, so images get "S" (or "L" for LINEAR). The stack viewport then
// throws "Invalid VOI LUT function" while setting up the image, inside a promise nobody reports: the image never
// renders and no error is raised. The element's image loader wrapper (init.ts) sets the value right instead.

/** Cornerstone's VOILUTFunctionType values. */
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

const known = new Set<string>(['LINEAR', 'LINEAR_EXACT', 'SIGMOID']);

/**
 * The function an image's header names, from the value as a metadata provider gives it (a string, or an array of
 * them); undefined without one. A value PS3.3 does not define falls back to LINEAR, the attribute's default.
 */
export function voiLutFunctionOf(value: unknown): VoiLutFunction | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string' || first.trim() === '') return undefined;
  const name = first.trim().toUpperCase();
  return known.has(name) ? (name as VoiLutFunction) : 'LINEAR';
}
