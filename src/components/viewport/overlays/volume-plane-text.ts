// What a volume view's overlay says instead of "Image n of N": the plane (Ax, Sag, Cor, or Obl for an oblique one),
// the position of the plane in mm along the patient axis it crosses, and the slab when it is thick. Pure; the words
// and the numbers in the element's language and locale.
import { english, type Localizer } from '../../../i18n/localizer.js';

type Vector3 = readonly [number, number, number] | readonly number[];

const axisKeys = ['volume.plane.sagittal', 'volume.plane.coronal', 'volume.plane.axial'] as const;
const slabModeKeys = { mip: 'volume.slab.mip', minip: 'volume.slab.minip', average: 'volume.slab.average' } as const;

/** How far from a patient axis a normal may lean and still name that plane (about 1°). */
const obliqueTolerance = 0.9998;

/** The plane's name and its position: "Sag 12.5 mm" (the patient x of the plane), "Obl 3 mm" (its distance from the origin). */
export function volumePlaneText(focalPoint: Vector3, viewPlaneNormal: Vector3, localizer: Localizer = english): string {
  const length = Math.hypot(viewPlaneNormal[0]!, viewPlaneNormal[1]!, viewPlaneNormal[2]!) || 1;
  const normal = [0, 1, 2].map((axis) => viewPlaneNormal[axis]! / length);
  const axis = normal.map(Math.abs).indexOf(Math.max(...normal.map(Math.abs)));
  if (Math.abs(normal[axis]!) >= obliqueTolerance) return localizer.t(axisKeys[axis]!, { position: millimetres(focalPoint[axis]!, localizer) });
  const distance = normal.reduce((sum, component, index) => sum + component * focalPoint[index]!, 0);
  return localizer.t('volume.plane.oblique', { position: millimetres(distance, localizer) });
}

/** The overlay's lines for a volume view: the plane and position, then the slab when it is thick ("MIP 25 mm"). */
export function volumePlaneLines(
  focalPoint: Vector3,
  viewPlaneNormal: Vector3,
  slab: { thickness: number; mode: keyof typeof slabModeKeys },
  localizer: Localizer = english,
): string[] {
  const lines = [volumePlaneText(focalPoint, viewPlaneNormal, localizer)];
  if (slab.thickness > 0) lines.push(localizer.t(slabModeKeys[slab.mode], { thickness: millimetres(slab.thickness, localizer) }));
  return lines;
}

/** Millimetres to a tenth in the locale's digits, without a trailing ".0" and without "-0". */
function millimetres(value: number, { t, format }: Localizer): string {
  const rounded = Math.round(value * 10) / 10;
  return t('overlay.millimetres', { value: format.number(Object.is(rounded, -0) ? 0 : rounded, 1) });
}
