// <dicom-viewport> measurement tools under real touch input (one finger, by the DevTools protocol) on the sample CT:
// each tool draws and reads the phantom's known regions as with the mouse; a tap selects a measurement and Delete
// removes it, and Escape cancels a drawing begun by touch; then every tool, one viewport each: drawn (a label's and an
// arrow's text typed), a handle dragged (reported once), selected by a tap, deleted, and brought back by Ctrl+Z; after
// a Cobb angle's handle is dragged, touch still draws (the browser's mouse events that follow a short touch must not
// begin a new Cobb angle that holds the page's tools).
import { expect } from '@esm-bundle/chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { pagePointOf, recordMeasurementEvents, schemaErrors, valueOf } from './measurement-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

type Point = [number, number];

function at(element: DicomViewport, x: number, y: number): Point {
  return pagePointOf(element, [x, y], ctPhantom.columns, ctPhantom.rows);
}

async function touch(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]): Promise<void> {
  await executeServerCommand('send-touch', { type, points });
}

/** One finger down on the first point, through the others in small steps, and up. */
async function swipe(points: Point[], steps = 4): Promise<void> {
  await touch('touchStart', [points[0]!]);
  for (let index = 1; index < points.length; index++) {
    const [from, to] = [points[index - 1]!, points[index]!];
    for (let step = 1; step <= steps; step++) await touch('touchMove', [[Math.round(from[0] + ((to[0] - from[0]) * step) / steps), Math.round(from[1] + ((to[1] - from[1]) * step) / steps)]]);
  }
  await touch('touchEnd', []);
}

/** Keys go to the viewport's canvas, as after a reader's tap on a device with a keyboard. */
function focusCanvas(element: DicomViewport): void {
  (element.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
}

async function tap(point: Point): Promise<void> {
  await touch('touchStart', [point]);
  await touch('touchEnd', []);
}

const bone = ctPhantom.regions.bone;
const boneRadius = (bone.shape as { radius: number }).radius;

describe('<dicom-viewport> measurement tools by touch', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('draws a length, an ellipse ROI and a rectangle ROI with one finger, with the values the mouse gives', async () => {
    const element = await viewportFixture({ ...ct, tool: 'length' }, 512);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    const events = recordMeasurementEvents(element);
    const [cx, cy] = bone.centre;
    const [wx, wy] = ctPhantom.regions.water.centre;
    const drawings: Array<[string, () => Promise<void>]> = [
      ['length', () => swipe([at(element, cx - boneRadius, cy + 0.5), at(element, cx, cy + 0.5), at(element, cx + boneRadius, cy + 0.5)])],
      ['ellipse-roi', () => swipe([at(element, wx - 20, wy - 15), at(element, wx, wy), at(element, wx + 20, wy + 15)])],
      // In water too, clear of the ellipse, its handles and its text.
      ['rectangle-roi', () => swipe([at(element, 120, 330), at(element, 150, 350)])],
    ];
    for (const [tool, draw] of drawings) {
      element.tool = tool as never;
      await element.updateComplete;
      const before = events.length;
      await draw();
      await waitFor(() => events.length > before, `the ${tool} reported`, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.slice(before).map(({ type, detail }) => `${type} ${detail.type}`), tool).to.deep.equal([`dicom-measurement-added ${tool}`]);
      expect(schemaErrors(events[before]!.detail), tool).to.deep.equal([]);
    }
    const byType = Object.fromEntries(element.getMeasurements().map((measurement) => [measurement.type, measurement]));
    expect(valueOf(byType.length!, 'length')).to.be.closeTo(2 * boneRadius * ctPhantom.pixelSpacing[1], ctPhantom.pixelSpacing[1]);
    expect(valueOf(byType['ellipse-roi']!, 'mean')).to.equal(0);
    expect(valueOf(byType['rectangle-roi']!, 'mean')).to.equal(0);
  });

  it('a tap selects a measurement and Delete removes it; Escape cancels a drawing begun by touch', async () => {
    const element = await viewportFixture({ ...ct, tool: 'length' }, 512);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    const events = recordMeasurementEvents(element);
    await swipe([at(element, 100, 400), at(element, 150, 400), at(element, 200, 400)]);
    await waitFor(() => events.length === 1, 'the length reported', 10_000);
    // A tap on its line selects it (a tap away from any measurement would start a new one).
    await tap(at(element, 150, 400));
    await afterRender();
    focusCanvas(element);
    await sendKeys({ press: 'Delete' });
    await waitFor(() => events.length === 2, 'the removal reported', 10_000);
    expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-added', 'dicom-measurement-removed']);
    expect(element.getMeasurements()).to.deep.equal([]);

    // An angle begun by touch (its first arm drawn, the third point not yet placed) is cancelled by Escape.
    element.tool = 'angle';
    await element.updateComplete;
    await swipe([at(element, 150, 300), at(element, 200, 300)]);
    await afterRender();
    focusCanvas(element);
    await sendKeys({ press: 'Escape' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(element.getMeasurements()).to.deep.equal([]);
    expect(events).to.have.length(2);
  });
});

/** How one tool is drawn, edited and picked by touch, in CT image points, clear of the other tools' places. */
interface TouchCase {
  tool: string;
  draw(element: DicomViewport): Promise<void>;
  /** A finger's path from a handle (for the freehand ROI, from its outline, out and back onto it). */
  edit: Point[];
  /** A point on the measurement (not on a handle) where a tap selects it. */
  pick: Point;
}

async function press(keys: string[]): Promise<void> {
  for (const key of keys.slice(0, -1)) await sendKeys({ down: key });
  await sendKeys({ press: keys.at(-1)! });
  for (const key of keys.slice(0, -1).reverse()) await sendKeys({ up: key });
}

async function typeText(element: DicomViewport, text: string): Promise<void> {
  await waitFor(() => element.shadowRoot!.querySelector('input.measurement-text') !== null, 'the text field');
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

/** Waits for the count of events, and says on a timeout what was reported instead. */
async function reported(events: ReturnType<typeof recordMeasurementEvents>, count: number, what: string): Promise<void> {
  try {
    await waitFor(() => events.length >= count, `${what} reported`, 10_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}; reported: ${JSON.stringify(events.map(({ type, detail }) => [type, detail.type, detail.points.image]))}`);
  }
}

const [wx, wy] = ctPhantom.regions.water.centre;

const touchCases: TouchCase[] = [
  { tool: 'length', draw: (element) => swipe([at(element, 100, 400), at(element, 150, 400), at(element, 200, 400)]), edit: [[200, 400], [230, 400]], pick: [150, 400] },
  // Drawn from its centre out; the right handle dragged out widens it about its centre, leaving the top handle in
  // place. (A finger that moves less than about 20 px is a tap to Cornerstone, not a drag.)
  { tool: 'ellipse-roi', draw: (element) => swipe([at(element, wx, wy), at(element, wx + 10, wy + 8), at(element, wx + 20, wy + 15)]), edit: [[wx + 20, wy], [wx + 50, wy]], pick: [wx, wy - 15] },
  // The bottom-right corner dragged; the top edge stays where it was.
  { tool: 'rectangle-roi', draw: (element) => swipe([at(element, 120, 330), at(element, 150, 350)]), edit: [[150, 350], [172, 372]], pick: [135, 330] },
  { tool: 'bidirectional', draw: (element) => swipe([at(element, 240, 330), at(element, 270, 345), at(element, 300, 360)]), edit: [[300, 360], [320, 370]], pick: [255, 337.5] },
  {
    tool: 'angle',
    draw: async (element) => {
      await swipe([at(element, 150, 300), at(element, 200, 300)]);
      await tap(at(element, 200, 250));
    },
    edit: [[200, 250], [200, 230]],
    pick: [170, 300],
  },
  {
    tool: 'freehand-roi',
    draw: (element) => swipe(([[210, 195], [250, 195], [250, 235], [210, 235], [210, 196]] as Point[]).map(([x, y]) => at(element, x, y))),
    edit: [[225, 195], [228, 185], [242, 185], [245, 195]],
    pick: [250, 215],
  },
  // Cornerstone places a probe 40 px above the finger (its touchCanvasOffset), so the finger does not hide the point
  // read: drawn from (166.5, 280.5), it reads the fat disc at (166.5, 240.5); its handle follows the finger as far above.
  { tool: 'probe', draw: (element) => tap(at(element, 166.5, 280.5)), edit: [[166.5, 245.5], [170.5, 290.5]], pick: [170.5, 250.5] },
  {
    tool: 'arrow',
    draw: async (element) => {
      await swipe([at(element, 380, 120), at(element, 420, 160)]);
      await typeText(element, 'Tumour');
    },
    edit: [[420, 160], [440, 170]],
    pick: [400, 140],
  },
  {
    tool: 'text',
    draw: async (element) => {
      await tap(at(element, 60, 460));
      await typeText(element, 'Note');
    },
    // A label is moved by its text (drawn below and right of its point; its point is no handle that drags).
    edit: [[75, 470], [105, 490]],
    pick: [105, 490],
  },
];

describe('<dicom-viewport> every measurement tool by touch', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  // The probe: the mouse events the browser sends after the tap that drew it must not draw a second one.
  for (const { tool, draw, edit, pick } of touchCases) {
    it(`${tool}: drawn with one finger, a handle dragged, a tap selects it, Delete removes it and Ctrl+Z brings it back`, async () => {
      const element = await viewportFixture({ ...ct, tool }, 512);
      await nextEvent(element, 'dicom-image-rendered');
      await afterRender();
      const events = recordMeasurementEvents(element);
      await draw(element);
      await reported(events, 1, `the ${tool}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.map(({ type, detail }) => `${type} ${detail.type}`)).to.deep.equal([`dicom-measurement-added ${tool}`]);
      expect(schemaErrors(events[0]!.detail)).to.deep.equal([]);
      const drawn = events[0]!.detail;
      if (tool === 'probe') {
        // Page points are whole pixels: within one of the image point aimed at.
        const [[x, y]] = drawn.points.image as [[number, number]];
        expect([Math.abs(x - 166.5) <= 1, Math.abs(y - 240.5) <= 1], 'the probe lies 40 px above the finger').to.deep.equal([true, true]);
        expect(valueOf(drawn, 'value')).to.equal(-100);
      }

      await swipe(edit.map(([x, y]) => at(element, x, y)));
      await reported(events, 2, `the ${tool}'s edit`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-added', 'dicom-measurement-changed']);
      expect(events[1]!.detail.id).to.equal(drawn.id);
      expect(events[1]!.detail.points.image).to.not.deep.equal(drawn.points.image);
      expect(element.getMeasurements()).to.have.length(1);

      const moved = element.getMeasurements()[0]!;
      await tap(at(element, ...pick));
      await afterRender();
      expect(element.getMeasurements(), 'a tap on it neither draws nor moves').to.deep.equal([moved]);
      focusCanvas(element);
      await sendKeys({ press: 'Delete' });
      await reported(events, 3, `the ${tool}'s removal`);
      expect(events[2]!.type).to.equal('dicom-measurement-removed');
      expect(element.getMeasurements()).to.deep.equal([]);
      await press(['Control', 'z']);
      await reported(events, 4, `the ${tool}'s undo`);
      expect(events[3]!.type).to.equal('dicom-measurement-added');
      expect(element.getMeasurements()).to.deep.equal([moved]);
    });
  }

  // After a Cobb angle's handle is dragged by touch, the next touch draws (Cornerstone's page-wide interaction flag is
  // not left set).
  it('cobb-angle: drawn with one finger, a tap selects it and Delete removes it; a handle dragged leaves touch working', async () => {
    const element = await viewportFixture({ ...ct, tool: 'cobb-angle' }, 512);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    const events = recordMeasurementEvents(element);
    await swipe([at(element, 100, 100), at(element, 200, 110)]);
    await swipe([at(element, 100, 150), at(element, 200, 190)]);
    await reported(events, 1, 'the cobb angle');
    expect(valueOf(events[0]!.detail, 'angle')).to.be.closeTo((Math.atan2(40, 100) - Math.atan2(10, 100)) * (180 / Math.PI), 1.5);
    // A short drag of a handle, which the browser also takes for a tap: the page's tools are not left waiting.
    await swipe([at(element, 200, 190), at(element, 200, 200)]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    element.tool = 'length';
    await element.updateComplete;
    await swipe([at(element, 100, 400), at(element, 150, 400), at(element, 200, 400)]);
    await waitFor(() => events.some(({ type, detail }) => type === 'dicom-measurement-added' && detail.type === 'length'), 'a length drawn after the Cobb angle\'s handle', 10_000);
    element.tool = 'cobb-angle';
    await element.updateComplete;
    const cobbId = events[0]!.detail.id;
    await tap(at(element, 150, 105));
    await afterRender();
    focusCanvas(element);
    await sendKeys({ press: 'Delete' });
    await waitFor(() => events.some(({ type, detail }) => type === 'dicom-measurement-removed' && detail.id === cobbId), 'the cobb angle removed', 10_000);
    expect(element.getMeasurements().map(({ type }) => type)).to.deep.equal(['length']);
  });
});
