// <dicom-viewer>: the grid of viewports in every layout, the active viewport, maximize, shrinking, hanging
// protocols, series from the browser (click and drop), getState/setState, and what it holds when it goes.
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { lightbox } from './bundle.js';
import { afterRender, heldCounts, nextEvent, waitFor } from './viewport-helpers.js';
import { cellsOf, centreOf, centreValue, rectOf, viewerFixture, viewportsShown } from './viewer-helpers.js';
import { currentStudy, priorStudy, storeViewerFixtures } from './viewer-fixtures.js';

const [thin, thick, sagittal, short] = currentStudy.series;
const study = currentStudy.studyInstanceUid;

describe('<dicom-viewer>', () => {
  before(() => storeViewerFixtures());

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewer')) element.remove();
  });

  it('lays out every grid as rows x columns of equal viewports', async () => {
    const viewer = await viewerFixture({ 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' }, 600, 600);
    const grid = viewer.shadowRoot!.querySelector('[part~="grid"]')!;
    const told: string[] = [];
    viewer.addEventListener('dicom-layout-change', (event) => told.push(event.detail.layout));
    for (const [layout, rows, columns] of [['1x1', 1, 1], ['1x2', 1, 2], ['2x1', 2, 1], ['2x2', 2, 2], ['1x3', 1, 3], ['3x3', 3, 3], ['2x3', 2, 3]] as const) {
      viewer.setAttribute('layout', layout);
      await viewer.updateComplete;
      const viewports = viewer.viewports;
      expect(viewports, layout).to.have.length(rows * columns);
      const gridRect = rectOf(grid);
      const lefts = new Set(viewports.map((viewport) => rectOf(viewport).left));
      const tops = new Set(viewports.map((viewport) => rectOf(viewport).top));
      expect(lefts.size, `${layout} columns`).to.equal(columns);
      expect(tops.size, `${layout} rows`).to.equal(rows);
      for (const viewport of viewports) {
        const rect = rectOf(viewport);
        // Equal shares of the grid, less the 2 px gaps.
        expect(Math.abs(rect.width - (gridRect.width - 2 * (columns - 1)) / columns), `${layout} width`).to.be.below(1.5);
        expect(Math.abs(rect.height - (gridRect.height - 2 * (rows - 1)) / rows), `${layout} height`).to.be.below(1.5);
      }
    }
    // The page's own changes are not announced back to it.
    expect(told, 'no dicom-layout-change for the page\'s changes').to.deep.equal([]);
  });

  it('tells the page of the reader\'s layout pick only; its toolbar follows every change', async () => {
    const viewer = await viewerFixture({ 'no-series-browser': '', 'no-measurements': '' }, 900, 500);
    const toolbar = viewer.shadowRoot!.querySelector('dicom-toolbar')!;
    await toolbar.updateComplete;
    const picker = () => toolbar.shadowRoot!.querySelector<HTMLSelectElement>('select[part~="layout"]')!;
    const told: string[] = [];
    viewer.addEventListener('dicom-layout-change', (event) => told.push(event.detail.layout));
    // The reader picks 2 x 2 in the toolbar: the grid changes and the page is told.
    picker().value = '2x2';
    picker().dispatchEvent(new Event('change', { bubbles: true }));
    await viewer.updateComplete;
    expect(viewer.viewports).to.have.length(4);
    expect(told).to.deep.equal(['2x2']);
    // The page sets 1 x 3: no event, and the toolbar shows it all the same.
    viewer.layout = '1x3';
    await viewer.updateComplete;
    await waitFor(() => picker().value === '1x3', `the picker to show 1x3 (shows ${picker().value})`, 5000);
    viewer.setLayout('2x3');
    await viewer.updateComplete;
    await waitFor(() => picker().value === '2x3', `the picker to show 2x3 (shows ${picker().value})`, 5000);
    expect(told).to.deep.equal(['2x2']);
  });

  it('refuses a layout that is none, keeping the grid, and setLayout() throws', async () => {
    const viewer = await viewerFixture({ layout: '2x2', 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' });
    const error = nextEvent(viewer, 'dicom-error', 2000);
    viewer.layout = 'lots';
    await viewer.updateComplete;
    expect((await error).detail.message).to.contain('"lots" is not rows x columns');
    expect(viewer.layout).to.equal('2x2');
    expect(viewer.viewports).to.have.length(4);
    expect(() => viewer.setLayout('9x9')).to.throw(RangeError, /1 to 6/);
    expect(viewer.viewports).to.have.length(4);
  });

  it('hangs the study\'s image series by series number, or by the host\'s protocol', async () => {
    const viewer = await viewerFixture({ layout: '2x2', study, 'no-toolbar': '', 'no-measurements': '' });
    const loaded = await nextEvent(viewer, 'dicom-study-loaded');
    expect(loaded.detail.studyInstanceUid).to.equal(study);
    await viewer.updateComplete;
    expect(viewer.viewports.map((viewport) => viewport.series)).to.deep.equal([thin, thick, sagittal, short].map((series) => series!.seriesInstanceUid));
    // A host's protocol: the sagittal alone, in a 1x2.
    viewer.protocol = ({ studyInstanceUid, series }) => ({
      layout: '1x2',
      viewports: [undefined, { studyInstanceUid, seriesInstanceUid: series.find((dataset) => lightbox.stringOf(dataset, 'Modality') === 'MR') ? sagittal!.seriesInstanceUid : '' }],
    });
    await viewer.loadStudy(study);
    expect(viewer.layout).to.equal('1x2');
    expect(viewer.viewports.map((viewport) => viewport.series)).to.deep.equal(['', sagittal!.seriesInstanceUid]);
  });

  it('makes the clicked viewport active, outlined, and tells', async () => {
    const viewer = await viewerFixture({ layout: '1x2', study, 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' });
    const [first, second] = await viewportsShown(viewer);
    expect(viewer.activeViewport).to.equal(first);
    const changed = nextEvent(viewer, 'dicom-active-viewport-change');
    await sendMouse({ type: 'click', position: centreOf(second!) });
    const event = await changed;
    expect(event.detail.index).to.equal(1);
    expect(event.detail.viewport).to.equal(second);
    expect(viewer.activeViewport).to.equal(second);
    await viewer.updateComplete;
    const [cell0, cell1] = cellsOf(viewer);
    expect(cell1!.part.contains('cell-active')).to.equal(true);
    expect(cell0!.part.contains('cell-active')).to.equal(false);
    // The outline is drawn: the ring's box shadow in the active colour.
    // The ring is the palette's accent: the dark one's, or the light one's when the browser prefers light (no theme set).
    const accent = matchMedia('(prefers-color-scheme: dark)').matches ? /rgb\(79, 163, 255\)/ : /rgb\(11, 99, 206\)/;
    expect(getComputedStyle(cell1!.querySelector('.active-ring')!).boxShadow).to.match(accent);
    expect(getComputedStyle(cell0!.querySelector('.active-ring')!).boxShadow).to.equal('none');
  });

  it('tells the page of the reader\'s choice of the active viewport only; its toolbar follows every change', async () => {
    const viewer = await viewerFixture({ layout: '1x3', study, 'no-series-browser': '', 'no-measurements': '' }, 900, 400);
    const [first, second, third] = await viewportsShown(viewer);
    const toolbar = viewer.shadowRoot!.querySelector('dicom-toolbar')!;
    const told: number[] = [];
    viewer.addEventListener('dicom-active-viewport-change', (event) => told.push(event.detail.index));
    // The page activates the second viewport: no event, and the toolbar commands that viewport all the same.
    viewer.activate(1);
    await viewer.updateComplete;
    await toolbar.updateComplete;
    expect(viewer.activeViewport).to.equal(second);
    expect(toolbar.target).to.equal(second);
    // Activating it again, or a viewport that is not in the grid, changes nothing.
    viewer.activate(1);
    viewer.activate(7);
    await viewer.updateComplete;
    expect(viewer.activeViewportIndex).to.equal(1);
    // The reader clicks the third: told. Then focuses the first by keyboard: told.
    await sendMouse({ type: 'click', position: centreOf(third!) });
    await viewer.updateComplete;
    first!.shadowRoot!.querySelector<HTMLElement>('[part~="canvas"]')!.focus();
    await viewer.updateComplete;
    await toolbar.updateComplete;
    expect(toolbar.target).to.equal(first);
    // A state restored makes its own viewport active without a word.
    await viewer.setState({ ...viewer.getState(), activeIndex: 2 });
    expect(viewer.activeViewportIndex).to.equal(2);
    expect(told).to.deep.equal([2, 0]);
  });

  it('maximizes a viewport on double-click and on Enter, and back', async () => {
    const viewer = await viewerFixture({ layout: '2x2', study, 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' });
    const viewports = await viewportsShown(viewer);
    const grid = viewer.shadowRoot!.querySelector('[part~="grid"]')!;
    const before = rectOf(viewports[3]!);
    await sendMouse({ type: 'click', position: centreOf(viewports[3]!) });
    await (await import('@web/test-runner-commands')).executeServerCommand('send-double-click', { position: centreOf(viewports[3]!) });
    await viewer.updateComplete;
    await afterRender();
    expect(viewer.maximizedViewportIndex).to.equal(3);
    expect(rectOf(viewports[3]!)).to.deep.equal(rectOf(grid));
    expect(getComputedStyle(cellsOf(viewer)[0]!).visibility).to.equal('hidden');
    // The maximized viewport draws its image over the whole grid.
    await waitFor(() => viewports[3]!.shadowRoot!.querySelector('canvas')!.getBoundingClientRect().width >= rectOf(grid).width - 1, 'the canvas to grow');
    await (await import('@web/test-runner-commands')).executeServerCommand('send-double-click', { position: centreOf(viewports[3]!) });
    await viewer.updateComplete;
    expect(viewer.maximizedViewportIndex).to.equal(-1);
    expect(rectOf(viewports[3]!)).to.deep.equal(before);
    // Enter on the focused viewport does the same.
    viewports[1]!.shadowRoot!.querySelector<HTMLElement>('[part~="canvas"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await viewer.updateComplete;
    expect(viewer.maximizedViewportIndex).to.equal(1);
    expect(viewer.activeViewportIndex).to.equal(1);
    await sendKeys({ press: 'Enter' });
    await viewer.updateComplete;
    expect(viewer.maximizedViewportIndex).to.equal(-1);
    // The viewport's own keys still work in it: the arrow scrolls.
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => viewports[1]!.imageIndex === 1, 'the arrow key to scroll');
  });

  it('keeps the active viewport\'s series when the layout shrinks', async () => {
    const viewer = await viewerFixture({ layout: '2x2', study, 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' });
    const viewports = await viewportsShown(viewer);
    await sendMouse({ type: 'click', position: centreOf(viewports[3]!) });
    await viewer.updateComplete;
    expect(viewer.activeViewportIndex).to.equal(3);
    viewer.layout = '1x2';
    await viewer.updateComplete;
    expect(viewer.viewports.map((viewport) => viewport.series)).to.deep.equal([thin!.seriesInstanceUid, short!.seriesInstanceUid]);
    expect(viewer.activeViewportIndex).to.equal(1);
    viewer.layout = '1x1';
    await viewer.updateComplete;
    expect(viewer.viewports.map((viewport) => viewport.series)).to.deep.equal([short!.seriesInstanceUid]);
  });

  it('shows a series chosen in the browser in the active viewport, and one dropped in the viewport it is dropped on', async () => {
    const viewer = await viewerFixture({ layout: '1x2', study, 'no-toolbar': '', 'no-measurements': '' });
    await viewportsShown(viewer);
    const browser = viewer.shadowRoot!.querySelector('dicom-series-browser')!;
    await waitFor(() => browser.shadowRoot!.querySelectorAll('[part~="series"]').length === 4, 'the series buttons');
    const buttonOf = (uid: string) => browser.shadowRoot!.querySelector<HTMLElement>(`[part~="series"][data-series="${uid}"]`)!;
    // Click: into the active viewport (the first).
    const selected = nextEvent(viewer, 'dicom-series-select');
    buttonOf(sagittal!.seriesInstanceUid).click();
    expect((await selected).detail).to.include({ seriesInstanceUid: sagittal!.seriesInstanceUid, viewportIndex: 0 });
    await viewer.updateComplete;
    expect(viewer.viewports[0]!.series).to.equal(sagittal!.seriesInstanceUid);
    // Enter on a focused button does the same (a button's own keyboard behaviour).
    buttonOf(short!.seriesInstanceUid).focus();
    const entered = nextEvent(viewer, 'dicom-series-select');
    await sendKeys({ press: 'Enter' });
    expect((await entered).detail.seriesInstanceUid).to.equal(short!.seriesInstanceUid);
    // Drag onto the second viewport.
    const transfer = new DataTransfer();
    buttonOf(thin!.seriesInstanceUid).dispatchEvent(new DragEvent('dragstart', { dataTransfer: transfer, bubbles: true, composed: true }));
    const cell = cellsOf(viewer)[1]!;
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
    cell.dispatchEvent(over);
    expect(over.defaultPrevented, 'the cell accepts the drop').to.equal(true);
    const dropped = nextEvent(viewer, 'dicom-series-select');
    cell.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
    expect((await dropped).detail).to.include({ seriesInstanceUid: thin!.seriesInstanceUid, viewportIndex: 1 });
    await viewer.updateComplete;
    expect(viewer.viewports[1]!.series).to.equal(thin!.seriesInstanceUid);
    expect(viewer.activeViewportIndex).to.equal(1);
    // The browser marks the series on screen.
    await browser.updateComplete;
    expect(buttonOf(thin!.seriesInstanceUid).getAttribute('aria-current')).to.equal('true');
    expect(buttonOf(thick!.seriesInstanceUid).getAttribute('aria-current')).to.equal('false');
  });

  it('restores a reading session from getState() with setState()', async () => {
    const viewer = await viewerFixture({ layout: '1x2', sync: 'voi', study, 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' });
    const [first, second] = await viewportsShown(viewer);
    first!.setViewportState({ imageIndex: 40, windowCenter: 60, windowWidth: 200, zoom: 1.5, pan: [0.1, -0.05], invert: true });
    second!.setViewportState({ imageIndex: 7, rotation: 90, flipHorizontal: true });
    viewer.activate(1);
    await waitFor(() => first!.imageIndex === 40 && second!.imageIndex === 7, 'the views');
    await afterRender();
    const saved = viewer.getState();
    expect(saved).to.deep.include({ layout: '1x2', sync: 'voi', study, priors: [], activeIndex: 1 });
    // Elsewhere: another layout and series, then back.
    viewer.layout = '2x2';
    await viewer.loadStudy(study);
    await viewportsShown(viewer);
    expect(viewer.viewports).to.have.length(4);
    await viewer.setState(JSON.parse(JSON.stringify(saved)));
    const restored = await viewportsShown(viewer);
    await waitFor(() => restored[0]!.imageIndex === 40 && restored[1]!.imageIndex === 7, 'the restored images');
    await afterRender();
    const again = viewer.getState();
    expect(again.layout).to.equal('1x2');
    expect(again.activeIndex).to.equal(1);
    for (const [index, viewport] of saved.viewports.entries()) {
      const now = again.viewports[index]!;
      expect(now.seriesInstanceUid).to.equal(viewport!.seriesInstanceUid);
      for (const key of ['imageIndex', 'windowCenter', 'windowWidth', 'invert', 'rotation', 'flipHorizontal', 'flipVertical'] as const) {
        expect(now.view![key], `viewport ${index} ${key}`).to.deep.equal(viewport!.view![key]);
      }
      expect(now.view!.zoom).to.be.closeTo(viewport!.view!.zoom, 1e-3);
      expect(now.view!.pan[0]).to.be.closeTo(viewport!.view!.pan[0], 1e-3);
    }
    expect(centreValue(restored[0]!)).to.equal(thin!.positionOf(40));
    // A malformed state changes nothing.
    let thrown: unknown;
    await viewer.setState({ ...saved, layout: '2x' }).catch((error: unknown) => (thrown = error));
    expect(String(thrown)).to.contain('not rows x columns');
    expect(viewer.getState().layout).to.equal('1x2');
  });

  it('holds what it held before after switching studies 50 times, some while loading', async function () {
    this.timeout(600_000);
    const viewer = await viewerFixture({ layout: '2x2', 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' });
    const context = viewer.imagingContext;
    const stats = () => lightbox.getImagingStats(context) as unknown as Record<string, number>;
    /** The counts once loading is over: no frame requested, nothing changing between two looks. */
    const settled = async () => {
      let last = '';
      await waitFor(() => {
        const now = JSON.stringify(stats());
        const still = now === last && stats().frameRequests === 0;
        last = now;
        return still;
      }, 'the loading to settle', 60_000).catch(() => undefined);
      return stats();
    };
    const openCurrent = async () => {
      await viewer.loadStudy(study);
      await viewportsShown(viewer);
    };
    await openCurrent();
    const start = await settled();
    expect(start.viewports, 'four viewports in Cornerstone').to.equal(4);
    for (let round = 0; round < 50; round += 1) {
      const next = round % 2 ? study : priorStudy.studyInstanceUid;
      await viewer.loadStudy(next);
      // Every third switch leaves before a single image is on screen: the next one aborts its loading.
      if (round % 3 !== 0) await viewportsShown(viewer);
    }
    await openCurrent();
    const end = await settled();
    // What the four shown series hold is counted exactly: nothing of the prior study or of earlier rounds stays
    // (images, frame locations, budgets, listeners, Cornerstone's viewports and tool groups).
    const progress = ['cacheBytes', 'frameRetrievals'];
    const held = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([name]) => !progress.includes(name)));
    expect(held(end), `before: ${JSON.stringify(start)}`).to.deep.equal(held(start));
    // Decoded and fetched frames depend on how far loading got (frames are fetched in bulk, decoded near the image
    // shown): bounded by the four series' own images.
    const images = currentStudy.series.reduce((sum, series) => sum + series.count, 0);
    expect(end.images).to.equal(images);
    expect(end.frameRetrievals).to.be.at.most(images);
    expect(end.cacheBytes).to.be.at.most(images * 64 * 64 * 2);
    viewer.remove();
    await waitFor(() => heldCounts(lightbox.getImagingStats(context)).length === 0, `nothing held (${JSON.stringify(heldCounts(lightbox.getImagingStats(context)))})`, 10_000);
  });

  it('frees everything when it goes: its context and its tool group hold nothing', async () => {
    for (let round = 0; round < 3; round += 1) {
      const viewer = await viewerFixture({ layout: '1x2', study, 'no-toolbar': '', 'no-series-browser': '' });
      await viewportsShown(viewer);
      const context = viewer.imagingContext;
      viewer.remove();
      await waitFor(() => heldCounts(lightbox.getImagingStats(context)).length === 0, `nothing held (${JSON.stringify(heldCounts(lightbox.getImagingStats(context)))})`, 5000);
    }
  });
});
