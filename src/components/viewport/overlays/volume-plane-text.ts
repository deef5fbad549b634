// What a volume view's overlay says instead of "Image n of N": the plane (Ax, Sag, Cor, or Obl for an oblique one),
// the position of the plane in mm along the patient axis it crosses, and the slab when it is thick. Pure.

type Vector3 = readonly [number, number, number] | readonly number[];

const axisLabels = ['Sag', 'Cor', 'Ax'] as const;
const slabModeLabels = { mip: 'MIP', minip: 'MinIP', average: 'Avg' } as const;

/** How far from a patient axis a normal may lean and still name that plane (about 1°). */
const obliqueTolerance = 0.9998;

/** The plane's name and its position: "Sag 12.5 mm" (the patient x of the plane), "Obl 3 mm" (its distance from the origin). */
export function volumePlaneText(focalPoint: Vector3, viewPlaneNormal: Vector3): string {
  const length = Math.hypot(viewPlaneNormal[0]!, viewPlaneNormal[1]!, viewPlaneNormal[2]!) || 1;
  const normal = [0, 1, 2].map((axis) => viewPlaneNormal[axis]! / length);
  const axis = normal.map(Math.abs).indexOf(Math.max(...normal.map(Math.abs)));
  if (Math.abs(normal[axis]!) >= obliqueTolerance) return `${axisLabels[axis]} ${millimetres(focalPoint[axis]!)}`;
  const distance = normal.reduce((sum, component, index) => sum + component * focalPoint[index]!, 0);
  return `Obl ${millimetres(distance)}`;
}

/** The overlay's lines for a volume view: the plane and position, then the slab when it is thick ("MIP 25 mm"). */
export function volumePlaneLines(focalPoint: Vector3, viewPlaneNormal: Vector3, slab: { thickness: number; mode: keyof typeof slabModeLabels }): string[] {
  const lines = [volumePlaneText(focalPoint, viewPlaneNormal)];
  if (slab.thickness > 0) lines.push(`${slabModeLabels[slab.mode]} ${millimetres(slab.thickness)}`);
  return lines;
}

/** Millimetres to a tenth, without a trailing ".0" and without "-0". */
function millimetres(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${Object.is(rounded, -0) ? 0 : rounded} mm`;
}
