// Cine in <dicom-viewer>: the toolbar plays the active viewport at its series' recorded rate (Recommended Display
// Frame Rate, else Cine Rate), and each viewport's cine runs on by itself while another is played or paused.
import { expect } from '@esm-bundle/chai';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { control, pressed } from './toolbar-helpers.js';
import { waitFor } from './viewport-helpers.js';
import { viewerFixture, viewportsShown } from './viewer-helpers.js';
import { currentStudy, storeViewerFixtures } from './viewer-fixtures.js';

const [thin, thick, sagittal] = currentStudy.series;
const study = currentStudy.studyInstanceUid;

/** Waits until a playing viewport has shown `count` more images (it moves on by itself). */
async function advances(viewport: DicomViewport, what: string, count = 3): Promise<void> {
  let seen = 0;
  let last = viewport.imageIndex;
  await waitFor(() => {
    if (viewport.imageIndex !== last) {
      last = viewport.imageIndex;
      seen += 1;
    }
    return seen >= count;
  }, what, 30_000);
}

describe('<dicom-viewer> cine', () => {
  before(() => storeViewerFixtures());

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewer')) element.remove();
  });

  it('plays the active viewport at its series\' recorded rate, each viewport\'s cine on its own', async () => {
    const viewer = await viewerFixture({ layout: '1x3', 'no-series-browser': '', 'no-measurements': '' }, 900, 400);
    await viewer.loadStudy(study, { series: [thick!.seriesInstanceUid, sagittal!.seriesInstanceUid, thin!.seriesInstanceUid] });
    const [rated, cineRated, unrated] = (await viewportsShown(viewer)) as [DicomViewport, DicomViewport, DicomViewport];
    const toolbar = viewer.shadowRoot!.querySelector('dicom-toolbar')!;
    await toolbar.updateComplete;
    // Each series' own rate, as the toolbar's speed picker names it.
    expect(rated.cineFps, 'Recommended Display Frame Rate').to.equal(24);
    expect(cineRated.cineFps, 'Cine Rate').to.equal(8);
    expect(unrated.cineFps, 'no rate recorded').to.equal(10);
    const speed = () => (control(toolbar, 'speed') as HTMLSelectElement).selectedOptions[0]?.textContent;
    expect(speed()).to.equal('Auto (24 fps)');

    // Play the first viewport from the toolbar.
    control(toolbar, 'cine').click();
    await waitFor(() => rated.playing, 'the first viewport to play');
    await advances(rated, 'the first viewport to move on');
    expect(cineRated.playing).to.equal(false);

    // Another viewport made active: the toolbar now shows and plays that one, at its own rate.
    viewer.activate(1);
    await waitFor(() => speed() === 'Auto (8 fps)', 'the speed of the second viewport');
    expect(pressed(toolbar, 'cine')).to.equal('false');
    control(toolbar, 'cine').click();
    await waitFor(() => cineRated.playing, 'the second viewport to play');
    await Promise.all([advances(rated, 'the first still playing'), advances(cineRated, 'the second playing')]);

    // Paused there, the first plays on.
    control(toolbar, 'cine').click();
    await waitFor(() => !cineRated.playing, 'the second viewport to pause');
    const pausedAt = cineRated.imageIndex;
    await advances(rated, 'the first playing on after the second paused');
    expect(rated.playing).to.equal(true);
    expect(cineRated.imageIndex).to.equal(pausedAt);
    expect(unrated.playing).to.equal(false);
    rated.pause();
  });
});
