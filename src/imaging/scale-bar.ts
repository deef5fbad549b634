// A scale bar's length: the longest 1-2-5 × 10^n millimetres that fits the room given.

export interface ScaleBar {
  /** Length on screen in CSS pixels. */
  pixels: number;
  millimetres: number;
}

export function scaleBarFor(mmPerCssPixel: number, maxPixels: number): ScaleBar | undefined {
  if (!(mmPerCssPixel > 0) || !(maxPixels > 0)) return undefined;
  const maxMm = mmPerCssPixel * maxPixels;
  const decade = 10 ** Math.floor(Math.log10(maxMm));
  const millimetres = [5, 2, 1].map((step) => step * decade).find((mm) => mm <= maxMm) ?? decade;
  return { pixels: millimetres / mmPerCssPixel, millimetres };
}
