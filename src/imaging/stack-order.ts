// The order of a series' images in a stack: by position along the slice normal, then by instance number.
import { numberOf, numbersOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';

/** Distance of an instance's first voxel along the normal of its orientation, or undefined without geometry. */
function positionAlongNormal(instance: DicomJsonDataset): number | undefined {
  const orientation = numbersOf(instance, 'ImageOrientationPatient');
  const position = numbersOf(instance, 'ImagePositionPatient');
  if (orientation.length !== 6 || position.length !== 3 || [...orientation, ...position].some(Number.isNaN)) return undefined;
  const [rx, ry, rz, cx, cy, cz] = orientation as [number, number, number, number, number, number];
  const normal = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  return normal[0]! * position[0]! + normal[1]! * position[1]! + normal[2]! * position[2]!;
}

/**
 * Sorts instances ascending along the normal (the order PS3.3's geometry and later MPR volumes use); instances
 * without geometry, or ties, fall back to InstanceNumber. Returns a new array.
 */
export function orderForStack(instances: readonly DicomJsonDataset[]): DicomJsonDataset[] {
  const keyed = instances.map((instance) => ({
    instance,
    position: positionAlongNormal(instance),
    number: numberOf(instance, 'InstanceNumber') ?? 0,
  }));
  const allHaveGeometry = keyed.every((item) => item.position !== undefined);
  keyed.sort((a, b) => {
    if (allHaveGeometry && a.position !== b.position) return a.position! - b.position!;
    return a.number - b.number;
  });
  return keyed.map((item) => item.instance);
}
