// <dicom-toolbar> on one real <dicom-viewport> showing the sample CT: keyboard-only operation, ARIA, and the
// effect of each control on what the viewport shows.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomToolbar } from '../../src/components/toolbar/toolbar.component.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { lightbox } from './bundle.js';
import { control, controlName, focusedControl, pressed, reachByKeyboard } from './toolbar-helpers.js';
import { afterRender, expectedGrey, greyAt, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

function waterGrey(viewport: DicomViewport): number {
  const [x, y] = ctPhantom.regions.water.centre;
  return greyAt(viewport, x, y, ctPhantom.columns, ctPhantom.rows);
}

async function toolbarFor(viewport: DicomViewport | null, width = 1000): Promise<DicomToolbar> {
  const toolbar = document.createElement('dicom-toolbar');
  toolbar.style.width = `${width}px`;
  toolbar.viewport = viewport;
  document.body.prepend(toolbar);
  await toolbar.updateComplete;
  return toolbar;
}

async function shownCt(size = 256): Promise<DicomViewport> {
  const viewport = await viewportFixture(ct, size);
  await nextEvent(viewport, 'dicom-image-rendered');
  await viewport.updateComplete;
  return viewport;
}

describe('<dicom-toolbar>', () => {
  expect(lightbox.DicomToolbar, 'the bundle exports the toolbar').to.be.a('function');

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-toolbar, dicom-viewport, #before-toolbar')) element.remove();
  });

  it('is a toolbar of labelled controls with one Tab stop; arrows, Home and End move focus', async () => {
    const toolbar = await toolbarFor(await shownCt());
    const base = toolbar.shadowRoot!.querySelector('[part~="base"]')!;
    expect(base.getAttribute('role')).to.equal('toolbar');
    expect(base.getAttribute('aria-label')).to.equal('Viewer tools');
    const items = [...base.querySelectorAll<HTMLElement>('button, select')];
    for (const item of items) expect(item.getAttribute('aria-label'), item.outerHTML).to.match(/\S/);
    expect(items.filter((item) => item.tabIndex === 0)).to.have.length(1);
    expect(toolbar.shadowRoot!.querySelector('[part~="layout"]'), 'no layout picker without a viewer').to.equal(null);
    expect(toolbar.shadowRoot!.querySelector('[part~="sync"]'), 'no sync toggles without a viewer').to.equal(null);

    await reachByKeyboard(toolbar, 'tool-window-level');
    expect(focusedControl(toolbar)).to.equal(items[0]);
    await sendKeys({ press: 'ArrowRight' });
    expect(focusedControl(toolbar)).to.equal(items[1]);
    await sendKeys({ press: 'End' });
    expect(controlName(focusedControl(toolbar))).to.equal('help');
    await sendKeys({ press: 'ArrowRight' });
    expect(focusedControl(toolbar), 'Right wraps to the first').to.equal(items[0]);
    await sendKeys({ press: 'ArrowLeft' });
    expect(controlName(focusedControl(toolbar)), 'Left wraps to the last').to.equal('help');
    await sendKeys({ press: 'Home' });
    expect(focusedControl(toolbar)).to.equal(items[0]);
    // Leaving and coming back by Tab returns to the control last focused.
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focusedControl(toolbar)).to.equal(null);
    await sendKeys({ press: 'Tab' });
    expect(focusedControl(toolbar)).to.equal(items[1]);
  });

  it('lists every registered tool, measurement tools included, and chooses one by keyboard', async () => {
    const viewport = await shownCt();
    const toolbar = await toolbarFor(viewport);
    const tools = [...toolbar.shadowRoot!.querySelectorAll<HTMLElement>('[part~="tool"]')].map((button) => button.dataset.control);
    expect(tools).to.include.members(['tool-window-level', 'tool-zoom', 'tool-pan', 'tool-scroll', 'tool-length', 'tool-ellipse-roi', 'tool-probe']);
    expect(pressed(toolbar, 'tool-window-level')).to.equal('true');
    await reachByKeyboard(toolbar, 'tool-zoom');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect(viewport.tool).to.equal('zoom');
    expect(pressed(toolbar, 'tool-zoom')).to.equal('true');
    expect(pressed(toolbar, 'tool-window-level')).to.equal('false');
    await reachByKeyboard(toolbar, 'tool-length');
    await sendKeys({ press: 'Space' });
    await toolbar.updateComplete;
    expect(viewport.tool).to.equal('length');
  });

  it('inverts the image: canvas pixels change, and the button says so', async () => {
    const viewport = await shownCt();
    const toolbar = await toolbarFor(viewport);
    await afterRender();
    const before = waterGrey(viewport);
    expect(before).to.be.closeTo(expectedGrey(0, 40, 400), 2.5);
    expect(pressed(toolbar, 'invert')).to.equal('false');
    await reachByKeyboard(toolbar, 'invert');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    await afterRender();
    expect(viewport.invert).to.equal(true);
    expect(pressed(toolbar, 'invert')).to.equal('true');
    expect(waterGrey(viewport)).to.be.closeTo(255 - before, 3);
  });

  it('chooses a window preset by name from the keyboard', async () => {
    const viewport = await shownCt();
    const toolbar = await toolbarFor(viewport);
    const picker = control(toolbar, 'preset') as HTMLSelectElement;
    const names = [...picker.options].filter((option) => option.value).map((option) => option.textContent);
    expect(names).to.deep.equal(viewport.presets.map((preset) => preset.label));
    expect(names.slice(0, 3)).to.deep.equal(['Soft tissue', 'Lung', 'Bone']);
    await reachByKeyboard(toolbar, 'preset');
    await sendKeys({ press: 'ArrowDown' }); // soft tissue
    await sendKeys({ press: 'ArrowDown' }); // lung
    await toolbar.updateComplete;
    await afterRender();
    expect(viewport.preset).to.equal('lung');
    expect([viewport.windowCenter, viewport.windowWidth]).to.deep.equal([-600, 1500]);
    expect(waterGrey(viewport)).to.be.closeTo(expectedGrey(0, -600, 1500), 2.5);
    expect(picker.value).to.equal('lung');
  });

  it('rotates, flips and resets from the keyboard', async () => {
    const viewport = await shownCt();
    const toolbar = await toolbarFor(viewport);
    await reachByKeyboard(toolbar, 'rotate-right');
    await sendKeys({ press: 'Enter' });
    expect(viewport.getViewportState()!.rotation).to.equal(90);
    await reachByKeyboard(toolbar, 'rotate-left');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Enter' });
    expect(viewport.getViewportState()!.rotation).to.equal(270);
    await reachByKeyboard(toolbar, 'flip-horizontal');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect(viewport.getViewportState()!.flipHorizontal).to.equal(true);
    expect(pressed(toolbar, 'flip-horizontal')).to.equal('true');
    expect(pressed(toolbar, 'flip-vertical')).to.equal('false');
    await reachByKeyboard(toolbar, 'reset');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect(viewport.getViewportState()).to.include({ rotation: 0, flipHorizontal: false, flipVertical: false, invert: false });
    expect(pressed(toolbar, 'flip-horizontal')).to.equal('false');
  });

  it("follows the viewport's own keys and the reader's changes", async () => {
    const viewport = await shownCt();
    const toolbar = await toolbarFor(viewport);
    (viewport.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
    // A tool key changes no view, so no viewport event tells of it: the toolbar hears the key itself.
    await sendKeys({ press: 'z' });
    await toolbar.updateComplete;
    expect(pressed(toolbar, 'tool-zoom')).to.equal('true');
    for (const key of ['i', '3', 'v']) await sendKeys({ press: key });
    await toolbar.updateComplete;
    expect(pressed(toolbar, 'invert')).to.equal('true');
    expect(pressed(toolbar, 'tool-zoom')).to.equal('true');
    expect((control(toolbar, 'preset') as HTMLSelectElement).value).to.equal('bone');
    expect(pressed(toolbar, 'flip-vertical')).to.equal('true');
    await sendKeys({ press: 'Space' });
    await toolbar.updateComplete;
    expect(pressed(toolbar, 'cine')).to.equal('true');
    await sendKeys({ press: 'Space' });
    await toolbar.updateComplete;
    expect(pressed(toolbar, 'cine')).to.equal('false');
  });

  it('plays and pauses cine, at the speed chosen', async () => {
    const viewport = await shownCt(128);
    const toolbar = await toolbarFor(viewport);
    const speed = control(toolbar, 'speed') as HTMLSelectElement;
    expect(speed.value).to.equal('0');
    expect(speed.selectedOptions[0]!.textContent).to.equal(`Auto (${viewport.cineFps} fps)`);
    const seen = new Set<number>();
    viewport.addEventListener('dicom-image-rendered', (event) => seen.add(event.detail.imageIndex));
    await reachByKeyboard(toolbar, 'cine');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect(viewport.playing).to.equal(true);
    expect(pressed(toolbar, 'cine')).to.equal('true');
    expect(control(toolbar, 'cine').getAttribute('aria-label')).to.equal('Play cine');
    await waitFor(() => seen.size >= 3, 'three frames of cine');
    await reachByKeyboard(toolbar, 'speed');
    for (let i = 0; i < 6; i++) await sendKeys({ press: 'ArrowDown' }); // 5, 10, 15, 20, 25, 30
    expect(viewport.fps).to.equal(30);
    expect(viewport.playing, 'goes on playing at the new speed').to.equal(true);
    seen.clear();
    await waitFor(() => seen.size >= 5, 'five more frames at 30 fps');
    await reachByKeyboard(toolbar, 'cine');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect(viewport.playing).to.equal(false);
    expect(pressed(toolbar, 'cine')).to.equal('false');
  });

  it('shows the keyboard shortcuts, named by the presets, and closes with Escape', async () => {
    const viewport = await shownCt();
    const toolbar = await toolbarFor(viewport);
    const panel = toolbar.shadowRoot!.querySelector<HTMLElement>('[part~="help"]')!;
    expect(panel.hidden).to.equal(true);
    const button = await reachByKeyboard(toolbar, 'help');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ press: 'Enter' });
    await toolbar.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(panel.hidden).to.equal(false);
    expect(panel.getBoundingClientRect().height).to.be.above(100);
    const lines = [...panel.querySelectorAll('.shortcut')].map((line) => `${line.querySelector('dt')!.textContent!.trim()} = ${line.querySelector('dd')!.textContent}`);
    expect(lines).to.include.members(['i = Invert', 'Space = Play or pause cine', '1 = Window: Soft tissue', '2 = Window: Lung', 'w = Window/level tool', '↑ ← = Previous image']);
    await sendKeys({ press: 'Escape' });
    await toolbar.updateComplete;
    expect(panel.hidden).to.equal(true);
    expect(focusedControl(toolbar)).to.equal(button);
  });

  it('finds its viewport by `for`, and without one its buttons are disabled', async () => {
    const alone = await toolbarFor(null);
    expect(control(alone, 'invert').getAttribute('aria-disabled')).to.equal('true');
    await reachByKeyboard(alone, 'invert');
    await sendKeys({ press: 'Enter' }); // does nothing, throws nothing
    alone.remove();
    const viewport = await shownCt();
    viewport.id = 'named-viewport';
    const toolbar = document.createElement('dicom-toolbar');
    toolbar.setAttribute('for', 'named-viewport');
    document.body.prepend(toolbar);
    await waitFor(() => toolbar.target === viewport, 'the toolbar to find its viewport');
    await toolbar.updateComplete;
    expect(control(toolbar, 'invert').hasAttribute('aria-disabled')).to.equal(false);
    await reachByKeyboard(toolbar, 'invert');
    await sendKeys({ press: 'Enter' });
    expect(viewport.invert).to.equal(true);
  });

  it('shows labels when wide, icons only when narrow or compact', async () => {
    const toolbar = await toolbarFor(await shownCt(), 1000);
    const label = () => control(toolbar, 'invert').querySelector<HTMLElement>('[part~="label"]')!;
    expect(label().getBoundingClientRect().width).to.be.above(0);
    toolbar.compact = true;
    await toolbar.updateComplete;
    expect(label().getBoundingClientRect().width).to.equal(0);
    toolbar.compact = false;
    toolbar.style.width = '480px';
    await afterRender();
    expect(label().getBoundingClientRect().width, 'narrow by container query').to.equal(0);
    expect(control(toolbar, 'invert').getAttribute('aria-label')).to.equal('Invert');
  });
});
