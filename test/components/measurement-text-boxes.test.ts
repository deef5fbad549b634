// <dicom-viewport> measurement text boxes drawn close together do not cover each other: a new measurement's box is
// moved off the others once it is complete (src/tools/text-box-layout.ts), and a box the reader dragged stays where
// it was put. On the sample CT with the real mouse.
import { expect } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { drag, pagePointOf, recordMeasurementEvents } from './measurement-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

type Point = [number, number];

function at(element: DicomViewport, x: number, y: number): Point {
  return pagePointOf(element, [x, y], ctPhantom.columns, ctPhantom.rows);
}

/** Each measurement's text box as drawn (its dark box), in page pixels, by measurement id. */
function textBoxes(element: DicomViewport): Map<string, DOMRect> {
  const boxes = new Map<string, DOMRect>();
  for (const group of element.shadowRoot!.querySelectorAll<SVGGElement>('.svg-layer g[data-annotation-uid]')) {
    const box = group.querySelector(':scope > rect.background');
    if (group.querySelector(':scope > text') && box) boxes.set(group.dataset.annotationUid!, box.getBoundingClientRect());
  }
  return boxes;
}

function intersect(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The pairs of text boxes that cover each other, named by measurement id. */
function overlaps(boxes: Map<string, DOMRect>): string[] {
  const entries = [...boxes];
  return entries.flatMap(([id, box], index) => entries.slice(index + 1).filter(([, other]) => intersect(box, other)).map(([otherId]) => `${id} × ${otherId}`));
}

/** Waits until the drawing settles: the text boxes stop moving (two frames alike). */
async function settledBoxes(element: DicomViewport): Promise<Map<string, DOMRect>> {
  let before = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    await afterRender();
    const boxes = textBoxes(element);
    const now = JSON.stringify([...boxes].map(([id, box]) => [id, box.x, box.y, box.width, box.height]));
    if (now === before) return boxes;
    before = now;
  }
  return textBoxes(element);
}

const [wx] = ctPhantom.regions.water.centre;

describe('<dicom-viewport> measurement text boxes', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('four ellipse ROIs drawn close together: no text box covers another, and each stays in the viewport', async () => {
    const element = await viewportFixture({ ...ct, tool: 'ellipse-roi' }, 512);
    await nextEvent(element, 'dicom-image-rendered', 60_000);
    await afterRender();
    const events = recordMeasurementEvents(element);
    // Side by side in the water near the image's foot, 30 px apart: each one's six lines of statistics would go to
    // its right, over its neighbours' (and there is no room below them).
    // Drawn from the right: a press on a text box would take the box, not draw, and the boxes go to the right.
    for (let index = 0; index < 4; index++) {
      const cx = wx - 10 - index * 30;
      // Drawn from its centre out: 20 × 16 px.
      await drag([at(element, cx, 420), at(element, cx + 5, 424), at(element, cx + 10, 428)]);
      await waitFor(() => events.length === index + 1, `ellipse ${index + 1} reported`, 10_000);
    }
    expect(events.map(({ type, detail }) => `${type} ${detail.type}`)).to.deep.equal(Array(4).fill('dicom-measurement-added ellipse-roi'));
    const boxes = await settledBoxes(element);
    expect(boxes.size, 'four text boxes drawn').to.equal(4);
    expect(overlaps(boxes)).to.deep.equal([]);
    const canvas = element.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
    for (const [id, box] of boxes) {
      expect([box.left >= canvas.left - 0.5, box.top >= canvas.top - 0.5, box.right <= canvas.right + 0.5, box.bottom <= canvas.bottom + 0.5], `${id} inside`).to.deep.equal([true, true, true, true]);
    }
  });

  it('a text box the reader dragged stays where it was put when measurements are drawn beside it', async () => {
    const element = await viewportFixture({ ...ct, tool: 'length' }, 512);
    await nextEvent(element, 'dicom-image-rendered', 60_000);
    await afterRender();
    const events = recordMeasurementEvents(element);
    await drag([at(element, 100, 400), at(element, 130, 400), at(element, 160, 400)]);
    await waitFor(() => events.length === 1, 'the length reported', 10_000);
    const first = events[0]!.detail.id;
    const drawn = (await settledBoxes(element)).get(first)!;
    // Dragged by its middle, 60 px up and 40 px right, in steps.
    const [sx, sy] = [Math.round(drawn.left + drawn.width / 2), Math.round(drawn.top + drawn.height / 2)];
    await sendMouse({ type: 'move', position: [sx, sy] });
    await sendMouse({ type: 'down', button: 'left' });
    for (let step = 1; step <= 4; step++) await sendMouse({ type: 'move', position: [sx + step * 10, sy - step * 15] });
    await sendMouse({ type: 'up', button: 'left' });
    const put = (await settledBoxes(element)).get(first)!;
    expect([Math.round(put.left - drawn.left), Math.round(put.top - drawn.top)], 'the box followed the mouse').to.deep.equal([40, -60]);

    // Three more lengths whose text would go over the dragged box, and over each other.
    // The image is shown at one image pixel a CSS pixel (512 px of 512).
    const imageY = Math.round(put.top + put.height / 2) - at(element, 0, 0)[1];
    for (let index = 0; index < 3; index++) {
      // 12 px apart: a press nearer a measurement's line would take that measurement instead of drawing.
      const y = imageY - 12 + index * 12;
      await drag([at(element, 120, y), at(element, 150, y), at(element, 180, y)]);
      await waitFor(() => events.length === index + 2, `length ${index + 2} reported`, 10_000);
    }
    const boxes = await settledBoxes(element);
    expect(boxes.size).to.equal(4);
    const after = boxes.get(first)!;
    expect([after.left, after.top, after.width, after.height], 'the dragged box has not moved').to.deep.equal([put.left, put.top, put.width, put.height]);
    expect(overlaps(boxes)).to.deep.equal([]);
  });
});
