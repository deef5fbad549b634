// A VOI window (PS3.3 C.11.2.1.2): a center and a width, and when a pair of values is one under a VOI LUT Function.
import type { VoiLutFunction } from './voi-lut-function.js';

export interface VoiWindow {
  windowCenter: number;
  windowWidth: number;
}

/**
 * Whether a center and width make a window: both finite, the width at least 1 under LINEAR and SIGMOID
 * (C.11.2.1.2.1), above 0 under LINEAR_EXACT (C.11.2.1.3.2).
 */
export function isVoiWindow(windowCenter: number | undefined, windowWidth: number | undefined, voiLutFunction: VoiLutFunction = 'LINEAR'): boolean {
  if (windowCenter === undefined || windowWidth === undefined) return false;
  if (!Number.isFinite(windowCenter) || !Number.isFinite(windowWidth)) return false;
  return voiLutFunction === 'LINEAR_EXACT' ? windowWidth > 0 : windowWidth >= 1;
}

/** The window a center and width make, or undefined when they make none (see isVoiWindow). */
export function voiWindowOf(windowCenter: number | undefined, windowWidth: number | undefined, voiLutFunction?: VoiLutFunction): VoiWindow | undefined {
  return isVoiWindow(windowCenter, windowWidth, voiLutFunction) ? { windowCenter: windowCenter!, windowWidth: windowWidth! } : undefined;
}

export function sameVoiWindow(a: VoiWindow | undefined, b: VoiWindow | undefined): boolean {
  return a?.windowCenter === b?.windowCenter && a?.windowWidth === b?.windowWidth;
}
