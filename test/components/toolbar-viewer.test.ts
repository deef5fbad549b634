// <dicom-toolbar> in a viewer, against a test fixture that keeps the viewer's side of the contract
// (/work/contract-viewer-toolbar.md): `layout`, `sync`, `activeViewport`, and the events
// `dicom-active-viewport-change` and `dicom-layout-change`, with real <dicom-viewport>s inside. The fixture is no
// viewer (no grid, no loading): it stands in for <dicom-viewer> only in this file.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomToolbar } from '../../src/components/toolbar/toolbar.component.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import './bundle.js';
import { control, pressed, reachByKeyboard } from './toolbar-helpers.js';
import { nextEvent, testServer, waitFor } from './viewport-helpers.js';

const [ctSeries, mrSeries] = sampleStudy.series;

/** Two real viewports (the CT and the MR) side by side; the viewer's layout and sync are plain properties here. */
class ToolbarTestViewerFixture extends HTMLElement {
  layout = '1x2';
  sync = '';
  readonly viewports: DicomViewport[] = [];
  private activeIndex = 0;

  get activeViewport(): DicomViewport | null {
    return this.viewports[this.activeIndex] ?? null;
  }

  connectedCallback(): void {
    if (this.viewports.length) return;
    this.style.display = 'flex';
    for (const series of [ctSeries, mrSeries]) {
      const viewport = document.createElement('dicom-viewport');
      viewport.style.width = viewport.style.height = '200px';
      Object.assign(viewport, { dicomwebRoot: testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: series.seriesInstanceUid });
      this.viewports.push(viewport);
      this.append(viewport);
    }
  }

  /** What the viewer does when the reader clicks or focuses another viewport. */
  activate(index: number): void {
    this.activeIndex = index;
    this.dispatchEvent(new CustomEvent('dicom-active-viewport-change', { bubbles: true, composed: true, detail: { index, viewport: this.activeViewport } }));
  }

  /** What the viewer does when the reader changes its layout some other way (e.g. maximizing a viewport). */
  changeLayout(layout: string): void {
    this.layout = layout;
    this.dispatchEvent(new CustomEvent('dicom-layout-change', { bubbles: true, composed: true, detail: { layout } }));
  }
}
customElements.define('toolbar-test-viewer-fixture', ToolbarTestViewerFixture);

async function viewerWithToolbar(byFor = false): Promise<{ viewer: ToolbarTestViewerFixture; toolbar: DicomToolbar }> {
  const viewer = document.createElement('toolbar-test-viewer-fixture') as ToolbarTestViewerFixture;
  viewer.id = 'fixture-viewer';
  const toolbar = document.createElement('dicom-toolbar');
  toolbar.style.width = '1000px';
  if (byFor) toolbar.setAttribute('for', 'fixture-viewer');
  else toolbar.viewer = viewer;
  document.body.append(toolbar, viewer);
  await Promise.all(viewer.viewports.map((viewport) => nextEvent(viewport, 'dicom-image-rendered')));
  await waitFor(() => toolbar.target === viewer.viewports[0], 'the toolbar to target the active viewport');
  toolbar.refresh();
  await toolbar.updateComplete;
  return { viewer, toolbar };
}

describe('<dicom-toolbar> with a viewer', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-toolbar, toolbar-test-viewer-fixture, #before-toolbar')) element.remove();
  });

  it('commands the active viewport and follows the viewer when another becomes active', async () => {
    const { viewer, toolbar } = await viewerWithToolbar();
    const [ctViewport, mrViewport] = viewer.viewports as [DicomViewport, DicomViewport];
    await reachByKeyboard(toolbar, 'invert');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect([ctViewport.invert, mrViewport.invert]).to.deep.equal([true, false]);
    expect(pressed(toolbar, 'invert')).to.equal('true');
    expect((control(toolbar, 'preset') as HTMLSelectElement).options[1]!.textContent, 'the CT presets').to.equal('Soft tissue');

    viewer.activate(1);
    await toolbar.updateComplete;
    expect(toolbar.target).to.equal(mrViewport);
    expect(pressed(toolbar, 'invert'), "the MR's state").to.equal('false');
    expect([...(control(toolbar, 'preset') as HTMLSelectElement).options].map((option) => option.textContent), 'no CT presets for the MR').to.not.include('Soft tissue');
    await reachByKeyboard(toolbar, 'rotate-right');
    await sendKeys({ press: 'Enter' });
    expect([ctViewport.getViewportState()!.rotation, mrViewport.getViewportState()!.rotation]).to.deep.equal([0, 90]);

    // Events from the viewport no longer active leave the toolbar alone.
    (ctViewport.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
    await sendKeys({ press: 'z' });
    await toolbar.updateComplete;
    expect(ctViewport.tool).to.equal('zoom');
    expect(pressed(toolbar, 'tool-zoom')).to.equal('false');
  });

  it('picks a layout by keyboard and follows the layout the viewer changes', async () => {
    const { viewer, toolbar } = await viewerWithToolbar();
    const picker = control(toolbar, 'layout') as HTMLSelectElement;
    expect(picker.getAttribute('aria-label')).to.equal('Layout');
    expect([...picker.options].map((option) => option.value)).to.deep.equal(['1x1', '1x2', '2x1', '2x2', '1x3', '3x3', 'mpr', 'mpr-3d']);
    expect(picker.value).to.equal('1x2');
    await reachByKeyboard(toolbar, 'layout');
    await sendKeys({ press: 'ArrowDown' });
    expect(viewer.layout).to.equal('2x1');
    await sendKeys({ press: 'ArrowDown' });
    expect(viewer.layout).to.equal('2x2');
    viewer.changeLayout('2x3');
    await toolbar.updateComplete;
    expect(picker.value, "a layout beyond the picker's is offered while the viewer has it").to.equal('2x3');
    expect(picker.selectedOptions[0]!.textContent).to.equal('2 × 3');
  });

  it('toggles synchronization, writing the viewer’s sync', async () => {
    const { viewer, toolbar } = await viewerWithToolbar();
    expect(['sync-position', 'sync-voi', 'sync-camera'].map((name) => pressed(toolbar, name))).to.deep.equal(['false', 'false', 'false']);
    await reachByKeyboard(toolbar, 'sync-voi');
    await sendKeys({ press: 'Enter' });
    expect(viewer.sync).to.equal('voi');
    await reachByKeyboard(toolbar, 'sync-position');
    await sendKeys({ press: 'Space' });
    await toolbar.updateComplete;
    expect(viewer.sync).to.equal('position voi');
    expect(['sync-position', 'sync-voi', 'sync-camera'].map((name) => pressed(toolbar, name))).to.deep.equal(['true', 'true', 'false']);
    await reachByKeyboard(toolbar, 'sync-voi');
    await sendKeys({ press: 'Enter' });
    expect(viewer.sync).to.equal('position');
    viewer.sync = 'camera';
    toolbar.refresh();
    await toolbar.updateComplete;
    expect(pressed(toolbar, 'sync-camera')).to.equal('true');
  });

  it('finds a viewer by `for`', async () => {
    const { viewer, toolbar } = await viewerWithToolbar(true);
    expect(toolbar.targetViewer).to.equal(viewer);
    expect(control(toolbar, 'layout')).to.exist;
    viewer.activate(1);
    await toolbar.updateComplete;
    expect(toolbar.target).to.equal(viewer.viewports[1]);
  });
});
