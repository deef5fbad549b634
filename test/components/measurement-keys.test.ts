// <dicom-viewport> measurement keys, tool by tool with the real mouse and keyboard on the sample CT: Delete removes the
// selected measurement and Ctrl+Z brings it back (Ctrl+Shift+Z removes it again); Escape cancels a drawing under way,
// leaving nothing behind, not even in the undo history.
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
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

function focusCanvas(element: DicomViewport): void {
  (element.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
}

async function typeText(element: DicomViewport, text: string): Promise<void> {
  await waitFor(() => element.shadowRoot!.querySelector('input.measurement-text') !== null, 'the text field');
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

async function press(keys: string[]): Promise<void> {
  for (const key of keys.slice(0, -1)) await sendKeys({ down: key });
  await sendKeys({ press: keys.at(-1)! });
  for (const key of keys.slice(0, -1).reverse()) await sendKeys({ up: key });
}

/** A button pressed at the first point and moved through the others, not released: a drawing under way. */
async function holdDrag(element: DicomViewport, points: Point[]): Promise<void> {
  await sendMouse({ type: 'move', position: at(element, points[0]!) });
  await sendMouse({ type: 'down', button: 'left' });
  for (const point of points.slice(1)) await sendMouse({ type: 'move', position: at(element, point) });
}

/** Settles when Cornerstone dispatches the end of a mouse press (its MOUSE_UP or MOUSE_CLICK) in the viewport. */
function cornerstonePressEnd(element: DicomViewport): Promise<void> {
  const root = element.shadowRoot!;
  return new Promise((resolve, reject) => {
    const ended = () => {
      clearTimeout(timer);
      for (const type of pressEndEvents) root.removeEventListener(type, ended, { capture: true });
      resolve();
    };
    const timer = setTimeout(() => reject(new Error('Cornerstone never ended the press')), 10_000);
    // The shadow root sees the events dispatched in it before any listener at their target.
    for (const type of pressEndEvents) root.addEventListener(type, ended, { capture: true });
  });
}
const pressEndEvents = ['CORNERSTONE_TOOLS_MOUSE_UP', 'CORNERSTONE_TOOLS_MOUSE_CLICK'];

interface KeyCase {
  tool: string;
  draw(element: DicomViewport): Promise<void>;
  /** A point on the measurement where a click selects it. */
  pick: Point;
  /** Begins a drawing and leaves it under way; `release` ends the gesture after Escape. */
  begin(element: DicomViewport): Promise<void>;
  release: boolean;
}

const dragOf = (points: Point[]) => (element: DicomViewport) => drag(points.map((point) => at(element, point)));
const [wx, wy] = ctPhantom.regions.water.centre;

const keyCases: KeyCase[] = [
  { tool: 'length', draw: dragOf([[100, 400], [150, 400], [200, 400]]), pick: [150, 400], begin: (element) => holdDrag(element, [[100, 420], [130, 420], [160, 420]]), release: true },
  {
    tool: 'angle',
    draw: async (element) => {
      await dragOf([[150, 300], [200, 300]])(element);
      await click(at(element, [200, 250]));
    },
    pick: [170, 300],
    begin: async (element) => {
      await dragOf([[150, 300], [200, 300]])(element);
      await sendMouse({ type: 'move', position: at(element, [220, 260]) });
    },
    release: false,
  },
  {
    tool: 'cobb-angle',
    draw: async (element) => {
      await dragOf([[100, 100], [200, 110]])(element);
      await dragOf([[100, 150], [200, 190]])(element);
    },
    pick: [150, 105],
    begin: async (element) => {
      await dragOf([[100, 100], [200, 110]])(element);
      await sendMouse({ type: 'move', position: at(element, [120, 160]) });
    },
    release: false,
  },
  { tool: 'bidirectional', draw: dragOf([[240, 330], [270, 345], [300, 360]]), pick: [255, 337.5], begin: (element) => holdDrag(element, [[240, 330], [270, 345]]), release: true },
  { tool: 'ellipse-roi', draw: dragOf([[wx - 20, wy - 15], [wx, wy], [wx + 20, wy + 15]]), pick: [wx + 20, wy], begin: (element) => holdDrag(element, [[wx - 20, wy - 15], [wx, wy]]), release: true },
  { tool: 'rectangle-roi', draw: dragOf([[120, 330], [150, 350]]), pick: [135, 330], begin: (element) => holdDrag(element, [[120, 330], [140, 340]]), release: true },
  {
    tool: 'freehand-roi',
    draw: dragOf([[210, 195], [250, 195], [250, 235], [210, 235], [210, 196]]),
    pick: [250, 215],
    begin: (element) => holdDrag(element, [[210, 195], [250, 195], [250, 235]]),
    release: true,
  },
  { tool: 'probe', draw: (element) => click(at(element, [166.5, 240.5])), pick: [166.5, 240.5], begin: (element) => holdDrag(element, [[166.5, 240.5]]), release: true },
  {
    tool: 'arrow',
    draw: async (element) => {
      await dragOf([[380, 120], [420, 160]])(element);
      await typeText(element, 'Tumour');
    },
    pick: [400, 140],
    begin: (element) => holdDrag(element, [[380, 120], [400, 140]]),
    release: true,
  },
  {
    tool: 'text',
    draw: async (element) => {
      await click(at(element, [60, 460]));
      await typeText(element, 'Note');
    },
    pick: [60, 460],
    // A label's drawing is its text being typed; Escape in the field drops it.
    begin: async (element) => {
      await click(at(element, [60, 420]));
      await waitFor(() => element.shadowRoot!.querySelector('input.measurement-text') !== null, 'the text field');
      await sendKeys({ type: 'Dropped' });
    },
    release: false,
  },
];

describe('<dicom-viewport> measurement keys for every tool', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  for (const { tool, draw, pick, begin, release } of keyCases) {
    it(`${tool}: Delete removes the selected one, Ctrl+Z / Ctrl+Shift+Z undo and redo it, Escape cancels a drawing`, async () => {
      const element = await viewportFixture({ ...ct, tool }, 512);
      await nextEvent(element, 'dicom-image-rendered');
      await afterRender();
      const events = recordMeasurementEvents(element);
      await draw(element);
      await waitFor(() => events.length === 1, `the ${tool} reported`, 10_000);
      const id = events[0]!.detail.id;

      // Selected by a click with a tool that draws nothing.
      element.tool = 'window-level';
      await element.updateComplete;
      // Cornerstone holds a press back for 400 ms to tell a click from a double click, and a press begun at the same
      // place in that time is the second click of a double click to it, which it drops, release and all: the later
      // press of this test waits until Cornerstone has played the end of this click.
      const pickEnd = cornerstonePressEnd(element);
      await click(at(element, pick));
      await pickEnd;
      await afterRender();
      focusCanvas(element);
      await sendKeys({ press: 'Delete' });
      await waitFor(() => events.length === 2, `the ${tool}'s removal reported`, 10_000);
      expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-added', 'dicom-measurement-removed']);
      expect(element.getMeasurements()).to.deep.equal([]);
      await press(['Control', 'z']);
      await waitFor(() => events.length === 3, `the ${tool}'s undo reported`, 10_000);
      expect(events[2]!.type).to.equal('dicom-measurement-added');
      expect(element.getMeasurements().map((measurement) => measurement.id)).to.deep.equal([id]);
      await press(['Control', 'Shift', 'Z']);
      await waitFor(() => events.length === 4, `the ${tool}'s redo reported`, 10_000);
      expect(events[3]!.type).to.equal('dicom-measurement-removed');

      element.tool = tool as never;
      await element.updateComplete;
      focusCanvas(element);
      // Cornerstone may hold the press back (to tell a click from a double click) and play it after Escape and the
      // release: the check waits until it has played the press's end, not for a time.
      const pressEnd = release ? cornerstonePressEnd(element) : undefined;
      await begin(element);
      await sendKeys({ press: 'Escape' });
      if (release) await sendMouse({ type: 'up', button: 'left' });
      if (pressEnd) await pressEnd;
      else await new Promise((resolve) => setTimeout(resolve, 300));
      await afterRender();
      expect(events, 'nothing reported for the cancelled drawing').to.have.length(4);
      expect(element.getMeasurements()).to.deep.equal([]);
      expect(element.shadowRoot!.querySelectorAll('.svg-layer [data-annotation-uid]').length, 'nothing drawn').to.equal(0);

      // The cancelled drawing left nothing in the history either: Ctrl+Z undoes the edit before it (the redone
      // removal), not the drawing that never was.
      focusCanvas(element);
      await press(['Control', 'z']);
      await waitFor(() => events.length === 5, `the ${tool}'s undo after the cancelled drawing reported`, 10_000);
      expect(events[4]!.type).to.equal('dicom-measurement-added');
      expect(element.getMeasurements().map((measurement) => measurement.id)).to.deep.equal([id]);
    });
  }
});
