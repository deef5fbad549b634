// The colour of each plane an MPR layout's crosshairs join: its line in the other views and its own view's label.
// Pure. The first three are the colours MPR readers know (axial red, sagittal yellow, coronal green); a layout with
// more volume views gets further colours, so no two planes share one however many there are.

/** Axial, sagittal, coronal; then hues far from those and from one another (blue, magenta, cyan, orange, violet). */
const palette = ['#ff5a5a', '#ffe04a', '#4ee06a', 'hsl(210 90% 62%)', 'hsl(312 85% 65%)', 'hsl(180 75% 55%)', 'hsl(28 95% 58%)', 'hsl(265 80% 70%)'] as const;

/** The golden angle: hues stepped by it spread round the wheel without repeating. */
const goldenAngle = 137.508;

/** The colour of plane `index` (0-based, in grid order), as a CSS colour. */
export function crosshairColourOf(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`a plane index is a whole number from 0, not ${index}`);
  const known = palette[index];
  if (known) return known;
  // Past the palette (more views than a screen reads well): golden-angle hues, paler, so none equals another.
  const step = index - palette.length;
  return `hsl(${((step * goldenAngle) % 360).toFixed(1)} 70% ${80 - (step % 3) * 4}%)`;
}

/** The colours of `count` planes, in grid order. */
export function crosshairColours(count: number): string[] {
  return Array.from({ length: count }, (_, index) => crosshairColourOf(index));
}
