// <dicom-viewport> measurement tools on the sample CT with the real mouse and keyboard: each tool draws, values read the
// phantom's known regions, events carry schema-valid JSON once an edit ends, Delete / Escape / undo / redo.
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { Measurement } from '../../src/measurements/measurement.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { click, drag, drawnText, pagePointOf, recordMeasurementEvents, schemaErrors, valueOf } from './measurement-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

/** A CT image point (SCOORD: pixel centres at +0.5) to the page. */
function at(element: DicomViewport, x: number, y: number): [number, number] {
  return pagePointOf(element, [x, y], ctPhantom.columns, ctPhantom.rows);
}

async function ctViewport(tool: string): Promise<DicomViewport> {
  const element = await viewportFixture({ ...ct, tool }, 512);
  await nextEvent(element, 'dicom-image-rendered');
  await afterRender();
  return element;
}

function focusCanvas(element: DicomViewport): void {
  (element.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
}

/** Waits for the next measurement event of a kind, with the others recorded meanwhile. */
async function settled(events: unknown[], count: number, what: string): Promise<void> {
  await waitFor(() => events.length >= count, what, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const bone = ctPhantom.regions.bone;
const boneRadius = (bone.shape as { radius: number }).radius;

describe('<dicom-viewport> measurement tools', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('measures the bone disc\'s diameter with the length tool, and says so in schema-valid JSON once', async () => {
    const element = await ctViewport('length');
    const events = recordMeasurementEvents(element);
    const [cx, cy] = bone.centre;
    await drag([at(element, cx - boneRadius, cy + 0.5), at(element, cx, cy + 0.5), at(element, cx + boneRadius, cy + 0.5)]);
    await settled(events, 1, 'the length reported');
    expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-added']);
    const measurement = events[0]!.detail;
    expect(schemaErrors(measurement)).to.deep.equal([]);
    expect(measurement.type).to.equal('length');
    expect(measurement.calibration.label).to.equal('mm');
    expect(valueOf(measurement, 'length')).to.be.closeTo(2 * boneRadius * ctPhantom.pixelSpacing[1], ctPhantom.pixelSpacing[1]);
    expect(measurement.image).to.include({ studyInstanceUid: sampleStudy.studyInstanceUid, seriesInstanceUid: ctSeries.seriesInstanceUid, frameNumber: 1 });
    expect(measurement.points.patient, 'a CT is placed in the patient').to.have.length(2);
    // Slice 0 lies at z = -150 mm.
    expect(measurement.points.patient![0]![2]).to.equal(-150);
    await afterRender();
    expect(drawnText(element)).to.match(/Length: 5\d\.\d\d mm/);
    expect(element.getMeasurements()).to.deep.equal([measurement]);
  });

  it('reads 0 HU in the water region and 1000 HU in bone with the ellipse and rectangle ROIs', async () => {
    const element = await ctViewport('ellipse-roi');
    const events = recordMeasurementEvents(element);
    const [wx, wy] = ctPhantom.regions.water.centre;
    await drag([at(element, wx - 20, wy - 15), at(element, wx, wy), at(element, wx + 20, wy + 15)]);
    await settled(events, 1, 'the ellipse reported');
    const ellipse = events[0]!.detail;
    expect(schemaErrors(ellipse)).to.deep.equal([]);
    expect(ellipse.type).to.equal('ellipse-roi');
    expect(valueOf(ellipse, 'mean')).to.equal(0);
    expect(valueOf(ellipse, 'standard-deviation')).to.equal(0);
    expect(ellipse.values.find(({ name }) => name === 'mean')!.unit).to.equal('HU');
    expect(valueOf(ellipse, 'pixel-count')).to.be.above(100);

    element.tool = 'rectangle-roi';
    await element.updateComplete;
    const [bx, by] = bone.centre;
    await drag([at(element, bx - 15, by - 15), at(element, bx, by), at(element, bx + 15, by + 15)]);
    await settled(events, 2, 'the rectangle reported');
    const rectangle = events[1]!.detail;
    expect(rectangle.type).to.equal('rectangle-roi');
    expect([valueOf(rectangle, 'mean'), valueOf(rectangle, 'min'), valueOf(rectangle, 'max')]).to.deep.equal([1000, 1000, 1000]);
    expect(valueOf(rectangle, 'pixel-count')).to.equal(900);
    expect(valueOf(rectangle, 'area')).to.be.closeTo(900 * 0.49, 1e-6);
    await afterRender();
    expect(drawnText(element)).to.include('Mean: 1000.0 HU');
  });

  it('draws every tool with the mouse; each is reported with its type', async () => {
    const element = await ctViewport('angle');
    const events = recordMeasurementEvents(element);
    const typed: Array<[string, () => Promise<void>]> = [
      ['angle', async () => {
        await drag([at(element, 150, 300), at(element, 200, 300)]);
        await click(at(element, 200, 250));
      }],
      ['cobb-angle', async () => {
        await drag([at(element, 100, 100), at(element, 200, 110)]);
        await drag([at(element, 100, 150), at(element, 200, 190)]);
      }],
      ['bidirectional', () => drag([at(element, 240, 330), at(element, 300, 360)])],
      ['freehand-roi', () => drag([[210, 195], [250, 195], [250, 235], [210, 235], [210, 196]].map(([x, y]) => at(element, x!, y!)))],
      // In the fat disc, clear of the other measurements and their text boxes.
      ['probe', () => click(at(element, 166.5, 240.5))],
      ['arrow', async () => {
        await drag([at(element, 380, 120), at(element, 420, 160)]);
        await waitFor(() => element.shadowRoot!.querySelector('input.measurement-text') !== null, 'the text field');
        await sendKeys({ type: 'Tumour' });
        await sendKeys({ press: 'Enter' });
      }],
      ['text', async () => {
        await click(at(element, 60, 460));
        await waitFor(() => element.shadowRoot!.querySelector('input.measurement-text') !== null, 'the text field');
        await sendKeys({ type: 'Note' });
        await sendKeys({ press: 'Enter' });
      }],
    ];
    for (const [tool, draw] of typed) {
      element.tool = tool as never;
      await element.updateComplete;
      const before = events.length;
      await draw();
      await settled(events, before + 1, `the ${tool} reported`);
      const added = events.slice(before);
      expect(added.map(({ type, detail }) => `${type} ${detail.type}`), tool).to.deep.equal([`dicom-measurement-added ${tool}`]);
      expect(schemaErrors(added[0]!.detail), tool).to.deep.equal([]);
    }
    const byType = Object.fromEntries(element.getMeasurements().map((measurement) => [measurement.type, measurement]));
    expect(valueOf(byType.angle!, 'angle')).to.be.closeTo(90, 1.5);
    expect(valueOf(byType['cobb-angle']!, 'angle')).to.be.closeTo((Math.atan2(40, 100) - Math.atan2(10, 100)) * (180 / Math.PI), 1.5);
    expect(valueOf(byType.bidirectional!, 'long-axis')).to.be.above(valueOf(byType.bidirectional!, 'short-axis')!);
    expect(valueOf(byType['freehand-roi']!, 'mean')).to.equal(0);
    expect(valueOf(byType.probe!, 'value')).to.equal(-100);
    expect(byType.arrow!.label).to.equal('Tumour');
    expect(byType.text!.label).to.equal('Note');
  });

  it('reports a handle\'s drag once, at its end; Delete removes the selected; Ctrl+Z and Ctrl+Shift+Z undo and redo', async () => {
    const element = await ctViewport('length');
    const events = recordMeasurementEvents(element);
    await drag([at(element, 100, 400), at(element, 150, 400), at(element, 200, 400)]);
    await settled(events, 1, 'the length reported');
    const id = events[0]!.detail.id;
    // The right handle, dragged in steps to x = 250: one change, at the end.
    await drag([at(element, 200, 400), at(element, 210, 400), at(element, 230, 400), at(element, 250, 400)]);
    await settled(events, 2, 'the change reported');
    expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-added', 'dicom-measurement-changed']);
    expect(events[1]!.detail.id).to.equal(id);
    expect(valueOf(events[1]!.detail, 'length')).to.be.closeTo(150 * 0.7, 0.7 * 2);

    // Selected by a click on its line, then Delete.
    element.tool = 'window-level';
    await element.updateComplete;
    await click(at(element, 175, 400));
    focusCanvas(element);
    await sendKeys({ press: 'Delete' });
    await settled(events, 3, 'the removal reported');
    expect(events[2]).to.deep.include({ type: 'dicom-measurement-removed' });
    expect(events[2]!.detail.id).to.equal(id);
    expect(element.getMeasurements()).to.deep.equal([]);

    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'z' });
    await sendKeys({ up: 'Control' });
    await settled(events, 4, 'the undo reported');
    expect(events[3]!.type).to.equal('dicom-measurement-added');
    expect(element.getMeasurements().map(({ id }) => id)).to.deep.equal([id]);
    await sendKeys({ down: 'Control' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Z' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ up: 'Control' });
    await settled(events, 5, 'the redo reported');
    expect(events[4]!.type).to.equal('dicom-measurement-removed');
    expect(element.getMeasurements()).to.deep.equal([]);
  });

  it('cancels a drawing with Escape: nothing is added', async () => {
    const element = await ctViewport('angle');
    const events = recordMeasurementEvents(element);
    // The angle's first arm is drawn; its third point is still to come.
    await drag([at(element, 150, 300), at(element, 200, 300)]);
    await sendMouse({ type: 'move', position: at(element, 220, 260) });
    focusCanvas(element);
    await sendKeys({ press: 'Escape' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events).to.deep.equal([]);
    expect(element.getMeasurements()).to.deep.equal([]);
    expect(element.shadowRoot!.querySelectorAll('.svg-layer [data-annotation-uid]').length).to.equal(0);
  });

  it('setMeasurements(getMeasurements()) is the identity; clearMeasurements() empties; bad input changes nothing', async () => {
    const element = await ctViewport('length');
    const events = recordMeasurementEvents(element);
    await drag([at(element, 100, 400), at(element, 200, 420)]);
    element.tool = 'ellipse-roi';
    await element.updateComplete;
    await drag([at(element, 236, 330), at(element, 276, 360)]);
    await settled(events, 2, 'two measurements');
    const saved: Measurement[] = element.getMeasurements();
    expect(saved).to.have.length(2);
    element.clearMeasurements();
    expect(element.getMeasurements()).to.deep.equal([]);
    await afterRender();
    expect(element.shadowRoot!.querySelectorAll('.svg-layer [data-annotation-uid]').length).to.equal(0);
    element.setMeasurements(saved);
    expect(element.getMeasurements()).to.deep.equal(saved);
    await afterRender();
    expect(element.shadowRoot!.querySelectorAll('.svg-layer [data-annotation-uid]').length).to.be.above(0);
    expect(() => element.setMeasurements([saved[0]!, { ...saved[1]!, type: 'circle' as never }])).to.throw(/Measurement 1: unknown type "circle"/);
    expect(element.getMeasurements()).to.deep.equal(saved);
    expect(events.length, 'no events for what the page did').to.equal(2);
  });
});
