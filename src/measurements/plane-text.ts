// The values drawn beside a length, an ellipse ROI or a rectangle ROI on a volume's plane (MPR, any orientation):
// ours, as on a stack, from the measurement's patient points (mm) and the shown volume's voxels in modality values
// (plane-values.ts), not Cornerstone's. Reaches Cornerstone's volume cache and tool groups: part of the volume chunk.
import { cache, utilities } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import { cornerstoneToolNameOf } from '../tools/tool-registry.js';
import { valueLines, type MeasurementValue, type ValueNameOf } from './measurement.js';
import { patientLength, planeRegionStatistics, planeShapeArea, planeShapeOf, type Vector3, type VoxelGrid } from './plane-values.js';

/** The tools measured on planes; the others draw Cornerstone's own text there. */
export const planeMeasurementTypes = ['length', 'ellipse-roi', 'rectangle-roi'] as const;
export type PlaneMeasurementType = (typeof planeMeasurementTypes)[number];

const mm = (name: MeasurementValue['name'], value: number, squared = false): MeasurementValue => ({
  name,
  value,
  unit: squared ? 'mm2' : 'mm',
  calibration: 'pixel-spacing',
  display: squared ? 'mm²' : 'mm',
});

const difference = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const crossed = (a: Vector3, b: Vector3): Vector3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/**
 * The normal of the plane an ROI's four points lie in: its first two points' line crossed with the other two's (an
 * ellipse's axes) or with the first and third's (a rectangle's edges), whichever is not parallel to it.
 */
function normalOf(points: readonly Vector3[]): Vector3 {
  const [p0, p1, p2, p3] = points as [Vector3, Vector3, Vector3, Vector3];
  const first = difference(p1, p0);
  const candidates = [crossed(first, difference(p3, p2)), crossed(first, difference(p2, p0))];
  return candidates.reduce((best, candidate) => (Math.hypot(...candidate) > Math.hypot(...best) ? candidate : best));
}

/** A measurement's values on a plane: a length in mm; an ROI's area in mm² and its voxels' statistics when `grid` is given. */
export function planeValuesOf(type: PlaneMeasurementType, points: readonly Vector3[], grid: VoxelGrid | undefined, valueUnit: string): MeasurementValue[] {
  if (type === 'length') return points.length === 2 ? [mm('length', patientLength(points[0]!, points[1]!))] : [];
  if (points.length !== 4) return [];
  const normal = normalOf(points);
  if (Math.hypot(...normal) === 0) return [];
  const shape = planeShapeOf(type === 'ellipse-roi' ? 'ellipse' : 'rectangle', points, normal);
  const values = [mm('area', planeShapeArea(shape), true)];
  const statistics = grid && planeRegionStatistics(grid, shape);
  if (statistics) {
    const modality = (name: MeasurementValue['name'], value: number): MeasurementValue => ({ name, value, unit: valueUnit, display: valueUnit });
    values.push(
      modality('mean', statistics.mean),
      modality('standard-deviation', statistics.standardDeviation),
      modality('min', statistics.min),
      modality('max', statistics.max),
      { name: 'pixel-count', value: statistics.pixelCount, unit: 'pixels', display: 'px' },
    );
  }
  return values;
}

interface CornerstoneVolume {
  dimensions: [number, number, number];
  origin: Vector3;
  spacing: Vector3;
  direction: ArrayLike<number>;
  voxelManager?: { getAtIJK(i: number, j: number, k: number): number };
}

/** A Cornerstone volume's voxels as a grid (its values as held: modality values). */
function gridOf(volumeId: string): VoxelGrid | undefined {
  const volume = cache.getVolume(volumeId) as unknown as CornerstoneVolume | undefined;
  const voxels = volume?.voxelManager;
  if (!volume || !voxels) return undefined;
  return { dimensions: volume.dimensions, origin: volume.origin, spacing: volume.spacing, direction: Array.from(volume.direction), valueAt: (i, j, k) => voxels.getAtIJK(i, j, k) };
}

/**
 * Makes the group's length and ROI tools draw our values beside their measurements on a volume's planes, in
 * `valueUnit` (the series' modality values: `HU` for a CT), the value names from `nameOf`. A tool still on its way
 * (the measurement tools' chunk) is given them by calling this again once it has joined.
 */
export function showPlaneValues(toolGroupId: string, valueUnit: string, nameOf?: ValueNameOf): void {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) return;
  for (const type of planeMeasurementTypes) {
    const name = cornerstoneToolNameOf(type);
    if (!group.hasTool(name)) continue;
    const tool = group.getToolInstance(name) as { configuration: Record<string, unknown> } | undefined;
    if (!tool) continue;
    // The rectangle's tool gives its targets as a list, the others one target.
    tool.configuration.getTextLines = (data: { label?: string; handles?: { points?: Vector3[] } }, target: string | string[]) => {
      const points = data.handles?.points ?? [];
      const targetId = Array.isArray(target) ? target[0] : target;
      const grid = typeof targetId === 'string' && targetId.startsWith('volumeId:') ? gridOf(utilities.getVolumeId(targetId)) : undefined;
      const lines = valueLines({ values: planeValuesOf(type, points, grid, valueUnit) }, nameOf);
      return data.label ? [data.label, ...lines] : lines;
    };
  }
}
