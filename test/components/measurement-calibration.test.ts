// Calibrated lengths drawn with the mouse on a CR with Imager Pixel Spacing (with and without the Estimated
// Radiographic Magnification Factor) and on an ultrasound image with a calibrated region, stored to the reference
// server through storeInstances; ROI statistics on the MR.
import { expect } from '@esm-bundle/chai';
import { mrPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { writeInstance, type NaturalizedDataset } from '../../src/sample-data/write-instance.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { Measurement } from '../../src/measurements/measurement.js';
import { lightbox } from './bundle.js';
import { afterRender, nextEvent, testServer, viewportFixture } from './viewport-helpers.js';
import { drag, drawnText, pagePointOf, schemaErrors, valueOf } from './measurement-helpers.js';

/** The images: 200 × 200, a 100 × 100 square of 1000 from (50, 50) on a background of 100. */
const size = 200;
const square = { from: 50, side: 100 };
const studyInstanceUid = uidFor('dicom-lightbox test measurement calibration study');

function pixels(bits: 8 | 16): Uint8Array | Uint16Array {
  const values = bits === 8 ? new Uint8Array(size * size) : new Uint16Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = x >= square.from && x < square.from + square.side && y >= square.from && y < square.from + square.side;
      values[y * size + x] = inside ? (bits === 8 ? 200 : 1000) : 100;
    }
  }
  return values;
}

function instance(name: string, modality: string, sopClassUid: string, attributes: NaturalizedDataset, bits: 8 | 16): { series: string; bytes: Uint8Array } {
  const series = uidFor(`dicom-lightbox test measurement calibration ${name} series`);
  const bytes = writeInstance({
    SOPClassUID: sopClassUid,
    SOPInstanceUID: uidFor(`dicom-lightbox test measurement calibration ${name} instance`),
    StudyInstanceUID: studyInstanceUid,
    SeriesInstanceUID: series,
    StudyDate: '20260301',
    StudyTime: '120000',
    AccessionNumber: '',
    ReferringPhysicianName: '',
    PatientName: 'Calibration^Test',
    PatientID: 'LB-CAL',
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyID: 'CAL',
    Modality: modality,
    SeriesNumber: '1',
    InstanceNumber: '1',
    PatientOrientation: ['L', 'F'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: size,
    Columns: size,
    BitsAllocated: bits,
    BitsStored: bits === 8 ? 8 : 12,
    HighBit: bits === 8 ? 7 : 11,
    PixelRepresentation: 0,
    WindowCenter: '500',
    WindowWidth: '1000',
    ...attributes,
    PixelData: pixels(bits),
  });
  return { series, bytes };
}

const cr = '1.2.840.10008.5.1.4.1.1.1';
const us = '1.2.840.10008.5.1.4.1.1.6.1';
const fixtures = {
  ermf: instance('cr ermf', 'CR', cr, { ImagerPixelSpacing: ['0.2', '0.2'], EstimatedRadiographicMagnificationFactor: '1.25' }, 16),
  detector: instance('cr detector', 'CR', cr, { ImagerPixelSpacing: ['0.2', '0.2'] }, 16),
  ultrasound: instance('us regions', 'US', us, {
    SequenceOfUltrasoundRegions: [
      {
        RegionSpatialFormat: 1,
        RegionDataType: 1,
        RegionFlags: 0,
        RegionLocationMinX0: 20,
        RegionLocationMinY0: 20,
        RegionLocationMaxX1: 179,
        RegionLocationMaxY1: 179,
        PhysicalUnitsXDirection: 3,
        PhysicalUnitsYDirection: 3,
        PhysicalDeltaX: 0.01,
        PhysicalDeltaY: 0.01,
      },
    ],
  }, 8),
};

async function shown(series: string): Promise<DicomViewport> {
  const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: studyInstanceUid, series, tool: 'length' }, 400);
  await nextEvent(element, 'dicom-image-rendered');
  await afterRender();
  return element;
}

/** Draws a length between two image points with the mouse; its JSON. */
async function lengthBetween(element: DicomViewport, from: [number, number], to: [number, number]): Promise<Measurement> {
  const added = nextEvent(element, 'dicom-measurement-added');
  const middle: [number, number] = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
  await drag([from, middle, to].map((point) => pagePointOf(element, point, size, size)));
  const measurement = (await added).detail;
  expect(schemaErrors(measurement)).to.deep.equal([]);
  return measurement;
}

describe('<dicom-viewport> calibrated measurements', () => {
  before(async () => {
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    await source.storeInstances(Object.values(fixtures).map(({ bytes }) => bytes));
  });

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('measures a CR in mm (ERMF) from Imager Pixel Spacing and the magnification factor', async () => {
    const element = await shown(fixtures.ermf.series);
    const length = await lengthBetween(element, [50, 100], [150, 100]);
    // 100 px × 0.2 mm / 1.25 = 16 mm; within a pixel (0.16 mm).
    expect(valueOf(length, 'length')).to.be.closeTo(16, 0.16);
    expect(length.calibration).to.deep.include({ kind: 'ermf', label: 'mm (ERMF)' });
    expect(length.points.patient).to.equal(null);
    await afterRender();
    expect(drawnText(element)).to.match(/Length: 1\d\.\d\d mm \(ERMF\)/);
  });

  it('measures a CR without the factor in mm at the detector, and says so', async () => {
    const element = await shown(fixtures.detector.series);
    const length = await lengthBetween(element, [50, 100], [150, 100]);
    expect(valueOf(length, 'length')).to.be.closeTo(20, 0.2);
    expect(length.values[0]).to.include({ unit: 'mm', calibration: 'detector', display: 'mm (detector)' });
  });

  it('measures an ultrasound image in its region\'s calibration, and in pixels across the region\'s edge', async () => {
    const element = await shown(fixtures.ultrasound.series);
    const inside = await lengthBetween(element, [50, 100], [150, 100]);
    // 100 px × 0.01 cm = 10 mm.
    expect(valueOf(inside, 'length')).to.be.closeTo(10, 0.1);
    expect(inside.calibration.label).to.equal('mm (US region)');
    const across = await lengthBetween(element, [5, 60], [100, 60]);
    expect(across.calibration.label).to.equal('px');
    expect(valueOf(across, 'length')).to.be.closeTo(95, 1);
    await afterRender();
    expect(drawnText(element)).to.match(/Length: 9\d\.\d\d px/);
  });

  it('reads the MR\'s regions with an ellipse ROI set by program: signal, not a unit', async () => {
    const [, mrSeries] = sampleStudy.series;
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: mrSeries.seriesInstanceUid }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    const probeAdded = nextEvent(element, 'dicom-measurement-added');
    element.tool = 'probe';
    await element.updateComplete;
    const [bx, by] = mrPhantom.regions.brightestDisc.centre;
    await drag([pagePointOf(element, [bx + 0.5, by + 0.5], mrPhantom.columns, mrPhantom.rows), pagePointOf(element, [bx + 0.5, by + 0.5], mrPhantom.columns, mrPhantom.rows)]);
    const probe = (await probeAdded).detail;
    expect(valueOf(probe, 'value')).to.equal(3000);
    const [cx, cy] = mrPhantom.regions.brightDisc.centre;
    const ellipse: Measurement = {
      ...probe,
      id: 'mr-ellipse',
      type: 'ellipse-roi',
      points: { image: [[cx + 0.5, cy + 10.5], [cx + 0.5, cy - 9.5], [cx - 9.5, cy + 0.5], [cx + 10.5, cy + 0.5]], patient: null },
    };
    element.setMeasurements([probe, ellipse]);
    const set = element.getMeasurements().find(({ id }) => id === 'mr-ellipse')!;
    expect(valueOf(set, 'mean')).to.equal(1500);
    expect(valueOf(set, 'standard-deviation')).to.equal(0);
    expect(set.values.find(({ name }) => name === 'mean')!.unit).to.equal('');
    expect(set.calibration.label).to.equal('mm');
    expect(valueOf(set, 'area')).to.be.closeTo(Math.PI * 100 * 0.81, 1e-6);
  });
});
