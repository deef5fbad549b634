// The tool registry's names for other libraries (src/tools/tool-registry.ts): each measurement tool's SR adapter
// name is one @cornerstonejs/adapters knows, and Cornerstone tool names map back to registry names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MeasurementReport from '@cornerstonejs/adapters/cornerstone3D/MeasurementReport';
import '../../src/measurements/sr-report.js'; // registers the adapters of our tools
import { measurementTypes } from '../../src/measurements/measurement.js';
import { annotationToolNames, cornerstoneToolNameOf, registryNameOf, toolDescriptors, type ToolDescriptor } from '../../src/tools/tool-registry.js';

const descriptors = toolDescriptors as readonly ToolDescriptor[];

test('every SR tool type of the registry is one the adapters write and read', () => {
  const adapters = (MeasurementReport as unknown as { measurementAdapterByToolType: Map<string, unknown> }).measurementAdapterByToolType;
  const named = descriptors.filter((descriptor) => descriptor.srToolType);
  assert.ok(named.length >= 9);
  for (const { name, srToolType } of named) assert.ok(adapters.has(srToolType!), `${name}: the adapters know no "${srToolType}"`);
});

test('every measurement type is an annotation tool of the registry, and only the text label has no SR form', () => {
  assert.deepEqual([...annotationToolNames].sort(), [...measurementTypes].sort());
  assert.deepEqual(descriptors.filter(({ kind, srToolType }) => kind === 'annotation' && !srToolType).map(({ name }) => name), ['text']);
  assert.ok(descriptors.filter(({ kind }) => kind === 'navigation').every(({ srToolType }) => srToolType === undefined));
});

test('Cornerstone tool names are distinct and map back to their registry names', () => {
  const names = descriptors.map(({ cornerstoneToolName }) => cornerstoneToolName);
  assert.equal(new Set(names).size, names.length);
  for (const { name } of descriptors) assert.equal(registryNameOf(cornerstoneToolNameOf(name as never)), name);
  assert.equal(registryNameOf('Crosshairs-of-someone-else'), undefined);
});
