// VOI LUT Function (0028,1056) values (PS3.3 C.11.2.1.3): the defined terms, and reading one from a header value.

export const voiLutFunctions = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const;

export type VoiLutFunction = (typeof voiLutFunctions)[number];

/** The attribute's value when absent (PS3.3 C.11.2.1.3.1). */
export const defaultVoiLutFunction: VoiLutFunction = 'LINEAR';

/** Whether a value is one of the defined terms, exactly (CS values are upper case). */
export function isVoiLutFunction(value: unknown): value is VoiLutFunction {
  return typeof value === 'string' && (voiLutFunctions as readonly string[]).includes(value);
}

/**
 * The function a header value names, padding trimmed and case folded; undefined for no value or a term PS3.3 does
 * not define (the caller decides: a renderer falls back to LINEAR, a server refuses it).
 */
export function voiLutFunctionNamed(value: string | undefined): VoiLutFunction | undefined {
  const name = value?.trim().toUpperCase();
  return isVoiLutFunction(name) ? name : undefined;
}
