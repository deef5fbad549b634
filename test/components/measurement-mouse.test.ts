// <dicom-viewport> measurement tools edited with the real mouse on the sample CT, tool by tool: a handle dragged is
// reported once, at its end, with the new points; the whole measurement dragged by its line or outline moves every
// point by the mouse's way (reported once); what was drawn and edited goes back through setMeasurements() unchanged.
// A freehand ROI's outline dragged is an edit of the outline (Cornerstone's contour editing, tested by touch in
// measurement-touch.test.ts), not a move; a probe's only point is its handle; a label is moved by its point or its text.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { click, drag, pagePointOf, recordMeasurementEvents } from './measurement-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

type Point = [number, number];

function at(element: DicomViewport, [x, y]: Point): Point {
  return pagePointOf(element, [x, y], ctPhantom.columns, ctPhantom.rows);
}

/** A left-button drag through image points, in four steps between each. */
function dragImage(element: DicomViewport, points: Point[]): Promise<void> {
  const path: Point[] = [points[0]!];
  for (let index = 1; index < points.length; index++) {
    const [from, to] = [points[index - 1]!, points[index]!];
    for (let step = 1; step <= 4; step++) path.push([from[0] + ((to[0] - from[0]) * step) / 4, from[1] + ((to[1] - from[1]) * step) / 4]);
  }
  return drag(path.map((point) => at(element, point)));
}

async function typeText(element: DicomViewport, text: string): Promise<void> {
  await waitFor(() => element.shadowRoot!.querySelector('input.measurement-text') !== null, 'the text field');
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

interface MouseCase {
  tool: string;
  draw(element: DicomViewport): Promise<void>;
  /** A handle dragged from its place to another. */
  handle?: [Point, Point];
  /** A point on the line or outline (after the handle's drag), not on a handle, where a drag moves it all. */
  body?: Point;
  /** How far each point moves when the body is dragged by `shift` (default: all of them by `shift`). */
  moves?: Point[];
}

const [wx, wy] = ctPhantom.regions.water.centre;
const shift: Point = [20, 20];

const mouseCases: MouseCase[] = [
  { tool: 'length', draw: (element) => dragImage(element, [[100, 400], [200, 400]]), handle: [[200, 400], [230, 400]], body: [150, 400] },
  {
    tool: 'angle',
    draw: async (element) => {
      await dragImage(element, [[150, 300], [200, 300]]);
      await click(at(element, [200, 250]));
    },
    handle: [[200, 250], [200, 230]],
    body: [170, 300],
  },
  {
    tool: 'cobb-angle',
    draw: async (element) => {
      await dragImage(element, [[100, 100], [200, 110]]);
      await dragImage(element, [[100, 150], [200, 190]]);
    },
    handle: [[200, 190], [200, 200]],
    // A Cobb angle's two lines move apart: the one dragged moves, the other stays.
    body: [150, 105],
    moves: [shift, shift, [0, 0], [0, 0]],
  },
  { tool: 'bidirectional', draw: (element) => dragImage(element, [[240, 330], [300, 360]]), handle: [[300, 360], [320, 370]], body: [260, 340] },
  // Widened about its centre by its right handle; then dragged by its outline, half-way between its top and right.
  // Drawn from its centre out.
  { tool: 'ellipse-roi', draw: (element) => dragImage(element, [[wx, wy], [wx + 20, wy + 15]]), handle: [[wx + 20, wy], [wx + 30, wy]], body: [wx + 21.2, wy - 10.6] },
  { tool: 'rectangle-roi', draw: (element) => dragImage(element, [[120, 330], [150, 350]]), handle: [[150, 350], [160, 360]], body: [135, 330] },
  { tool: 'freehand-roi', draw: (element) => dragImage(element, [[210, 195], [250, 195], [250, 235], [210, 235], [210, 196]]) },
  { tool: 'probe', draw: (element) => click(at(element, [166.5, 240.5])), handle: [[166.5, 240.5], [170.5, 250.5]] },
  {
    tool: 'arrow',
    draw: async (element) => {
      await dragImage(element, [[380, 120], [420, 160]]);
      await typeText(element, 'Tumour');
    },
    handle: [[420, 160], [440, 170]],
    body: [410, 145],
  },
  {
    tool: 'text',
    draw: async (element) => {
      await click(at(element, [60, 460]));
      await typeText(element, 'Note');
    },
    // Moved by its point (a handle), then by its text, below and right of its point.
    handle: [[60, 460], [70, 440]],
    body: [85, 450],
  },
];

describe('<dicom-viewport> measurement tools edited with the mouse', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  for (const { tool, draw, handle, body, moves: expectedMoves } of mouseCases) {
    const what = [handle && 'a handle dragged is reported once', body && 'dragged by its line it moves as a whole', 'back through setMeasurements() unchanged'].filter(Boolean).join('; ');
    it(`${tool}: ${what}`, async () => {
      const element = await viewportFixture({ ...ct, tool }, 512);
      await nextEvent(element, 'dicom-image-rendered', 60_000);
      await afterRender();
      const events = recordMeasurementEvents(element);
      await draw(element);
      await waitFor(() => events.length === 1, `the ${tool} reported`, 10_000);
      const id = events[0]!.detail.id;
      let count = 1;
      if (handle) {
        const before = events[0]!.detail.points.image;
        await dragImage(element, handle);
        await waitFor(() => events.length > count, `the ${tool}'s handle drag reported`, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(events.slice(count).map(({ type, detail }) => `${type} ${detail.id === id}`), 'one change, at the end').to.deep.equal(['dicom-measurement-changed true']);
        const after = events[count]!.detail.points.image;
        expect(after, 'the points changed').to.not.deep.equal(before);
        // The dragged handle is where the mouse let go (within a pixel: page points are whole pixels).
        expect(after.some(([x, y]) => Math.abs(x - handle[1][0]) <= 1 && Math.abs(y - handle[1][1]) <= 1), `a point at ${handle[1]}: ${JSON.stringify(after)}`).to.equal(true);
        count = events.length;
      }
      if (body) {
        const before = element.getMeasurements()[0]!.points.image;
        await afterRender();
        await dragImage(element, [body, [body[0] + shift[0], body[1] + shift[1]]]);
        await waitFor(() => events.length > count, `the ${tool}'s move reported`, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(events.slice(count).map(({ type, detail }) => `${type} ${detail.id === id}`), 'one change, at the end').to.deep.equal(['dicom-measurement-changed true']);
        const after = events[count]!.detail.points.image;
        expect(after).to.have.length(before.length);
        const moves = after.map(([x, y], index) => [Math.round(x - before[index]![0]), Math.round(y - before[index]![1])]);
        expect(moves, 'every point moved as the mouse did').to.deep.equal(expectedMoves ?? before.map(() => shift));
      }
      expect(element.getMeasurements()).to.have.length(1);
      // What the reader drew and edited goes back in as it came out.
      const measurements = element.getMeasurements();
      element.setMeasurements(measurements);
      expect(element.getMeasurements()).to.deep.equal(measurements);
    });
  }
});
