// A frame whose codestream is damaged is refused, for every codec: an error for that image and no picture, never the
// image decoded before it (OpenJPEG, failing, hands back the previous frame's picture and size).
import { expect } from '@esm-bundle/chai';
import type { DicomErrorDetail } from '../../src/events/error.js';
import './bundle.js';
import { afterRender, messageText, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

describe('<dicom-viewport> checks every decoded frame against the header', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  for (const fixture of testServer.variantFixtures.filter((candidate) => candidate.corruption)) {
    const { imageIndex, damage } = fixture.corruption!;
    it(`${fixture.name} (${fixture.transferSyntaxUid}), ${damage}: a decode error, not the image before it`, async () => {
      const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
      const errors: DicomErrorDetail[] = [];
      const rendered: number[] = [];
      element.addEventListener('dicom-error', (event) => errors.push(event.detail));
      element.addEventListener('dicom-image-rendered', (event) => rendered.push(event.detail.imageIndex));
      await waitFor(() => rendered.includes(0), 'the intact image on screen', 40_000);
      expect(element.imageCount).to.equal(2);
      element.scrollToImage(imageIndex);
      await waitFor(() => errors.some((error) => error.imageIndex === imageIndex), 'an error for the damaged image', 40_000);
      await element.updateComplete;
      await afterRender();
      const error = errors.find((candidate) => candidate.imageIndex === imageIndex)!;
      expect(error.kind, error.message).to.equal('decode');
      expect(error.sopInstanceUid).to.equal(fixture.sopInstanceUid);
      expect(rendered, 'images rendered').to.deep.equal([0]);
      expect(messageText(element)).to.contain(`Image ${imageIndex + 1} of 2`);
      // What the user sees: no picture under the damaged image's number.
      const canvas = element.shadowRoot!.querySelector('canvas')!;
      expect(getComputedStyle(canvas).visibility, 'the canvas').to.equal('hidden');
    });
  }
});
