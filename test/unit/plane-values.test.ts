// Measurements on volume planes: lengths in mm between patient points, ROI areas in the plane, and the statistics of
// the voxels a plane's ROI covers, on axial, sagittal and oblique planes of a grid of known values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patientLength, planeRegionStatistics, planeShapeArea, planeShapeOf, type Vector3, type VoxelGrid } from '../../src/measurements/plane-values.js';

/** 40 × 30 × 20 voxels of 1 × 1.5 × 2.5 mm from (-20, -20, -25); each voxel's value says where it is: 10000 k + 100 j + i. */
const grid: VoxelGrid = {
  dimensions: [40, 30, 20],
  origin: [-20, -20, -25],
  spacing: [1, 1.5, 2.5],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  valueAt: (i, j, k) => 10000 * k + 100 * j + i,
};

const voxelCentre = (i: number, j: number, k: number): Vector3 => [-20 + i, -20 + 1.5 * j, -25 + 2.5 * k];

test('a length is the distance between its patient points', () => {
  assert.equal(patientLength([0, 0, 0], [3, 4, 12]), 13);
});

test('an ellipse and a rectangle on a plane: their in-plane size from their points, whatever the plane', () => {
  // A sagittal plane (normal along x): an ellipse 10 mm across along y, 20 mm along z, given by its axes' ends.
  const ellipse = planeShapeOf('ellipse', [[5, 0, -10], [5, 0, 10], [5, -5, 0], [5, 5, 0]], [1, 0, 0]);
  assert.deepEqual(ellipse.halfSizes, [10, 5]);
  assert.ok(Math.abs(planeShapeArea(ellipse) - Math.PI * 50) < 1e-9);
  // An oblique plane: a 6 × 8 mm rectangle turned 45° about z, lying in the plane z = 2.
  const s = Math.SQRT1_2;
  const rectangle = planeShapeOf('rectangle', [[0, 0, 2], [6 * s, 6 * s, 2], [-8 * s, 8 * s, 2], [-2 * s, 14 * s, 2]], [0, 0, 1]);
  assert.ok(Math.abs(planeShapeArea(rectangle) - 48) < 1e-9, String(planeShapeArea(rectangle)));
  assert.throws(() => planeShapeOf('ellipse', [[0, 0, 0]], [0, 0, 1]), /4 points, not 1/);
});

test('on an axial plane through a slice, an ROI takes that slice\'s voxels only', () => {
  const [x, y, z] = voxelCentre(10, 10, 7);
  // A rectangle from voxel (10, 10) to (13, 12) of slice 7, its corners on the voxel centres: 4 × 3 voxels.
  const rectangle = planeShapeOf('rectangle', [[x, y, z], [x + 3, y, z], [x, y + 3, z], [x + 3, y + 3, z]], [0, 0, 1]);
  const statistics = planeRegionStatistics(grid, rectangle)!;
  assert.equal(statistics.pixelCount, 12);
  assert.equal(statistics.min, 70000 + 1000 + 10);
  assert.equal(statistics.max, 70000 + 1200 + 13);
  // A plane half-way between slices 7 and 8 takes one of them, never both.
  const between = planeShapeOf('rectangle', [[x, y, z + 1.25], [x + 3, y, z + 1.25], [x, y + 3, z + 1.25], [x + 3, y + 3, z + 1.25]], [0, 0, 1]);
  const taken = planeRegionStatistics(grid, between)!;
  assert.equal(taken.pixelCount, 12);
  assert.equal(Math.floor(taken.min / 10000), Math.floor(taken.max / 10000));
});

test('on a sagittal plane an ellipse takes one column of voxels across rows and slices', () => {
  const [x, y, z] = voxelCentre(25, 15, 10);
  // 4 voxel rows (6 mm) either way along y, 2 slices (5 mm) either way along z: the axes' ends.
  const ellipse = planeShapeOf('ellipse', [[x, y, z - 5], [x, y, z + 5], [x, y - 6, z], [x, y + 6, z]], [-1, 0, 0]);
  const statistics = planeRegionStatistics(grid, ellipse)!;
  const counted: number[] = [];
  for (let k = 0; k < 20; k++) {
    for (let j = 0; j < 30; j++) {
      const [, vy, vz] = voxelCentre(25, j, k);
      if (((vy - y) / 6) ** 2 + ((vz - z) / 5) ** 2 <= 1) counted.push(grid.valueAt(25, j, k));
    }
  }
  assert.equal(statistics.pixelCount, counted.length);
  assert.equal(statistics.mean, counted.reduce((sum, value) => sum + value, 0) / counted.length);
  // Every voxel counted lies in column 25.
  assert.equal(statistics.min % 100, 25);
  assert.equal(statistics.max % 100, 25);
});

test('an ROI of a uniform region reads its value with no spread, on an oblique plane too; none outside the grid', () => {
  const uniform: VoxelGrid = { ...grid, valueAt: () => -3 };
  const s = Math.SQRT1_2;
  // A plane turned 45° about z through the grid's middle: normal (s, s, 0).
  const ellipse = planeShapeOf('ellipse', [[0, 0, -6], [0, 0, 6], [-4 * s, 4 * s, 0], [4 * s, -4 * s, 0]], [s, s, 0]);
  const statistics = planeRegionStatistics(uniform, ellipse)!;
  assert.deepEqual([statistics.mean, statistics.standardDeviation, statistics.min, statistics.max], [-3, 0, -3, -3]);
  assert.ok(statistics.pixelCount > 10);
  const outside = planeShapeOf('rectangle', [[500, 500, 0], [510, 500, 0], [500, 510, 0], [510, 510, 0]], [0, 0, 1]);
  assert.equal(planeRegionStatistics(uniform, outside), undefined);
});
