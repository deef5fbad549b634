// Browser-side helpers for measurement tests: image points to page points, drawing with the real mouse, the schema.
import { sendMouse } from '@web/test-runner-commands';
import { Validator } from '@cfworker/json-schema';
import './bundle.js'; // defines the elements
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { Measurement } from '../../src/measurements/measurement.js';

/** The schema as the package ships it, read by the test page from the source tree. */
const schema = (await (await fetch(new URL('../../src/measurements/measurement.schema.json', import.meta.url))).json()) as object;
const validator = new Validator(schema as never, '2020-12', false);

/** The schema's errors for a measurement's JSON, empty when it is valid. */
export function schemaErrors(measurement: unknown): string[] {
  const result = validator.validate(measurement);
  return result.valid ? [] : result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
}

/**
 * The page position of an image point ([x, y], the top-left corner of the top-left pixel at [0, 0]) in a viewport
 * showing its image fitted and centred (Cornerstone's default camera).
 */
export function pagePointOf(element: DicomViewport, [x, y]: readonly [number, number], columns: number, rows: number): [number, number] {
  const canvas = element.shadowRoot!.querySelector('canvas')!;
  const rect = canvas.getBoundingClientRect();
  const scale = Math.min(rect.width / columns, rect.height / rows);
  const left = rect.left + (rect.width - columns * scale) / 2;
  const top = rect.top + (rect.height - rows * scale) / 2;
  return [Math.round(left + x * scale), Math.round(top + y * scale)];
}

/** A left-button drag through page points, in steps. */
export async function drag(points: ReadonlyArray<readonly [number, number]>): Promise<void> {
  const [first, ...rest] = points;
  await sendMouse({ type: 'move', position: [first![0], first![1]] });
  await sendMouse({ type: 'down', button: 'left' });
  for (const [x, y] of rest) await sendMouse({ type: 'move', position: [x, y] });
  await sendMouse({ type: 'up', button: 'left' });
}

export async function click([x, y]: readonly [number, number]): Promise<void> {
  await sendMouse({ type: 'move', position: [x, y] });
  await sendMouse({ type: 'down', button: 'left' });
  await sendMouse({ type: 'up', button: 'left' });
}

/** Every measurement event a viewport fires, in order. */
export function recordMeasurementEvents(element: HTMLElement): Array<{ type: string; detail: Measurement }> {
  const events: Array<{ type: string; detail: Measurement }> = [];
  for (const type of ['dicom-measurement-added', 'dicom-measurement-changed', 'dicom-measurement-removed'] as const) {
    element.addEventListener(type, (event) => events.push({ type, detail: event.detail }));
  }
  return events;
}

export function valueOf(measurement: Measurement, name: string): number | undefined {
  return measurement.values.find((value) => value.name === name)?.value;
}

/** The text Cornerstone drew beside the measurements. */
export function drawnText(element: DicomViewport): string {
  return [...element.shadowRoot!.querySelectorAll('.svg-layer text')].map((node) => node.textContent).join(' | ');
}
