import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { overlayModelOf, overlayShown, viewOverlayModelOf, type OverlayInput } from '../../src/components/viewport/overlays/overlay-model.js';
import { localizerOf } from '../../src/i18n/index.js';
import { de } from '../../src/i18n/messages-de.js';

function header(values: Partial<Record<Parameters<typeof setValues>[1], unknown[]>>): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  for (const [keyword, value] of Object.entries(values)) setValues(dataset, keyword as Parameters<typeof setValues>[1], value!);
  return dataset;
}

const ct = header({
  PatientName: [{ Alphabetic: 'Doe^John' }],
  PatientID: ['12345'],
  StudyDate: ['20251203'],
  SeriesNumber: [2],
  SeriesDescription: ['Axial'],
  InstanceNumber: [7],
  SliceLocation: [-12.346],
});

const input = (overrides: Partial<OverlayInput> = {}): OverlayInput => ({
  dataset: ct,
  transferSyntaxUid: undefined,
  imageIndex: 6,
  imageCount: 40,
  frameNumber: 1,
  voi: { windowCenter: 40.4, windowWidth: 399.6 },
  noOverlay: false,
  hideOverlays: '',
  ...overrides,
});

const texts = (lines: Array<{ text: string }> | undefined) => lines?.map((line) => line.text);

test('each corner carries its header lines, empty values left out, the main line marked primary', () => {
  const model = overlayModelOf(input())!;
  assert.deepEqual(texts(model.patient), ['Doe, John', '12345']);
  assert.deepEqual(model.patient!.map((line) => line.primary), [true, false]);
  assert.deepEqual(texts(model.study), ['Dec 3, 2025', 'Se: 2 Axial']);
  assert.deepEqual(texts(model.image), ['Im: 7 / 40', 'Loc: -12.35 mm']);
  assert.deepEqual(texts(model.view), ['W: 400 L: 40']);
  assert.equal(model.lossy, false);
});

test('no images or no-overlay: no model; hide-overlays drops the corners it names', () => {
  assert.equal(overlayModelOf(input({ imageCount: 0 })), undefined);
  assert.equal(overlayModelOf(input({ noOverlay: true })), undefined);
  const model = overlayModelOf(input({ hideOverlays: 'patient  scale-bar view' }))!;
  assert.equal(model.patient, undefined);
  assert.equal(model.view, undefined);
  assert.equal(model.scaleBar, false);
  assert.deepEqual(texts(model.image), ['Im: 7 / 40', 'Loc: -12.35 mm']);
  assert.equal(model.orientation, true);
  assert.equal(overlayShown('patient', false, null), true, 'a removed attribute hides nothing');
});

test('a lossy transfer syntax marks the image LOSSY unless the mark is hidden', () => {
  assert.equal(overlayModelOf(input({ transferSyntaxUid: '1.2.840.10008.1.2.4.50' }))!.lossy, true);
  assert.equal(overlayModelOf(input({ transferSyntaxUid: '1.2.840.10008.1.2.4.50', hideOverlays: 'lossy' }))!.lossy, false);
});

test('without a window the view corner has no line', () => {
  assert.deepEqual(overlayModelOf(input({ voi: undefined }))!.view, []);
});

test('the camera-bound overlays: zoom in percent, a scale bar in cm or mm, markers from the camera', () => {
  const axial = header({ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] });
  const model = viewOverlayModelOf({ dataset: axial, magnification: 1.234, mmPerCssPixel: 0.5, width: 400, camera: { viewUp: [0, -1, 0], viewPlaneNormal: [0, 0, -1] } });
  assert.equal(model.zoom, 'Zoom: 123%');
  assert.deepEqual(model.scaleBar, { pixels: 100, label: '5 cm' });
  assert.deepEqual(model.markers, { top: 'A', bottom: 'P', left: 'R', right: 'L' });
  assert.deepEqual(viewOverlayModelOf({ dataset: axial, magnification: 1, mmPerCssPixel: 0.05, width: 400, camera: undefined }).scaleBar, { pixels: 100, label: '5 mm' });
});

test('no spacing, no scale bar; no orientation in the header, no markers; no image, no zoom', () => {
  const model = viewOverlayModelOf({ dataset: header({}), magnification: undefined, mmPerCssPixel: undefined, width: 400, camera: { viewUp: [0, -1, 0], viewPlaneNormal: [0, 0, -1] } });
  assert.deepEqual(model, { markers: undefined });
});

test('Patient Orientation gives the markers of a projection image', () => {
  const dx = header({});
  dx['00200020'] = { vr: 'CS', Value: ['L', 'F'] };
  const model = viewOverlayModelOf({ dataset: dx, magnification: 1, mmPerCssPixel: undefined, width: 400, camera: { viewUp: [0, -1, 0], viewPlaneNormal: [0, 0, -1] } });
  assert.deepEqual(model.markers, { top: 'H', bottom: 'F', left: 'R', right: 'L' });
});

test('in German the window, zoom, image number and scale bar use German numbers; DICOM abbreviations stay', () => {
  const german = localizerOf(de, 'de');
  const model = overlayModelOf(input({ voi: { windowCenter: -600.4, windowWidth: 1500 } }), german)!;
  assert.deepEqual(texts(model.view), ['W: 1500 L: -600']);
  assert.deepEqual(texts(model.image), ['Im: 7 / 40', 'Pos: -12,35 mm']);
  assert.deepEqual(texts(model.study), ['03.12.2025', 'Se: 2 Axial']);
  const view = viewOverlayModelOf({ dataset: header({}), magnification: 1.234, mmPerCssPixel: 0.025, width: 400, camera: undefined }, german);
  assert.equal(view.zoom, 'Zoom: 123\u00a0%', 'German puts a no-break space before the percent sign');
  assert.equal(view.scaleBar?.label, '2 mm');
  const fine = viewOverlayModelOf({ dataset: header({}), magnification: 1, mmPerCssPixel: 0.005, width: 400, camera: undefined }, german);
  assert.match(fine.scaleBar!.label, /^0,\d+ mm$/, 'a fraction of a millimetre with a decimal comma');
  assert.equal(overlayModelOf(input({ voi: { windowCenter: 40, windowWidth: 4000 } }), german)!.view![0]!.text, 'W: 4000 L: 40', 'no grouping in a reading');
});
