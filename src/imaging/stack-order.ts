// The order of a series' images in a stack: the scanner's (Instance Number) when the geometry agrees with it,
// else by position along the slice normal.
import { numberOf, numbersOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';

/** Distance of an instance's first voxel along the normal of its orientation, or undefined without geometry. */
export function positionAlongNormal(instance: DicomJsonDataset): number | undefined {
  const orientation = numbersOf(instance, 'ImageOrientationPatient');
  const position = numbersOf(instance, 'ImagePositionPatient');
  if (orientation.length !== 6 || position.length !== 3 || [...orientation, ...position].some(Number.isNaN)) return undefined;
  const [rx, ry, rz, cx, cy, cz] = orientation as [number, number, number, number, number, number];
  const normal = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  return normal[0]! * position[0]! + normal[1]! * position[1]! + normal[2]! * position[2]!;
}

interface Keyed {
  instance: DicomJsonDataset;
  position: number | undefined;
  number: number | undefined;
  /** Where the instance came in the server's answer: the last tie-breaker, so the order never depends on the sort. */
  arrival: number;
}

/** Whether the positions run one way (ascending or descending, without reversals), in the order given. */
function monotonic(positions: readonly number[]): boolean {
  let direction = 0;
  for (let i = 1; i < positions.length; i += 1) {
    const step = Math.sign(positions[i]! - positions[i - 1]!);
    if (step === 0) return false; // two slices at one place: the numbers do not say which comes first
    if (direction !== 0 && step !== direction) return false;
    direction = step;
  }
  return true;
}

/**
 * Sorts instances for a stack (returns a new array):
 * - by InstanceNumber when every instance has a distinct one and, where every instance has a position, the
 *   positions run one way in that order (head→feet or feet→head, as the scanner numbered them);
 * - otherwise by position along the normal when every instance has one (InstanceNumber, then arrival, for ties);
 * - otherwise by InstanceNumber, instances without one last, in the order they came.
 */
export function orderForStack(instances: readonly DicomJsonDataset[]): DicomJsonDataset[] {
  const keyed: Keyed[] = instances.map((instance, arrival) => ({
    instance,
    position: positionAlongNormal(instance),
    number: numberOf(instance, 'InstanceNumber'),
    arrival,
  }));
  const byNumber = [...keyed].sort(compareNumbers);
  const numbers = byNumber.map((item) => item.number);
  const numbersDistinct = numbers.every((number, i) => number !== undefined && (i === 0 || number !== numbers[i - 1]));
  const allHaveGeometry = keyed.every((item) => item.position !== undefined);
  if (numbersDistinct && (!allHaveGeometry || monotonic(byNumber.map((item) => item.position!)))) return byNumber.map((item) => item.instance);
  if (allHaveGeometry) {
    return [...keyed].sort((a, b) => a.position! - b.position! || compareNumbers(a, b)).map((item) => item.instance);
  }
  return byNumber.map((item) => item.instance);
}

function compareNumbers(a: Keyed, b: Keyed): number {
  if (a.number === undefined || b.number === undefined) {
    if (a.number !== b.number) return a.number === undefined ? 1 : -1;
  } else if (a.number !== b.number) return a.number - b.number;
  return a.arrival - b.arrival;
}
