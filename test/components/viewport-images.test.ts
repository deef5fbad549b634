// Every variant image in every transfer syntax, decoded in the browser: read-back values against the generator's.
import { expect } from '@esm-bundle/chai';
import {
  variantByName,
  variantDisplayedRgbAt,
  variantModalityValueAt,
  variantRegions,
  variantSize,
  variantStoredValueAt,
  type ImageVariant,
} from '../../src/sample-data/variants.js';
import { DicomwebSource } from '../../src/dicomweb/source.js';
import { StackFrameRetrieval } from '../../src/imaging/stack-frame-retrieval.js';
import { stackImagesOf } from '../../src/imaging/stack-frames.js';
import './bundle.js';
import { afterRender, expectedGrey, greyAt, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const colourInterpretations = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'PALETTE COLOR']);


/** The RGB on screen at an image pixel (as greyAt reads its red channel): a 5 × 5 mean. */
function rgbAt(element: HTMLElement, x: number, y: number): [number, number, number] {
  const canvas = element.shadowRoot!.querySelector('canvas')!;
  const scale = Math.min(canvas.width / variantSize, canvas.height / variantSize);
  const cx = Math.round((canvas.width - variantSize * scale) / 2 + (x + 0.5) * scale);
  const cy = Math.round((canvas.height - variantSize * scale) / 2 + (y + 0.5) * scale);
  const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(cx - 2, cy - 2, 5, 5);
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c]!;
  return sum.map((value) => value / (data.length / 4)) as [number, number, number];
}

/** Per-pixel differences between the read-back image and the generator's values (grey: modality values). */
function differences(variant: ImageVariant, values: Float64Array, frame: number): { max: number; atCentres: number } {
  let max = 0;
  let atCentres = 0;
  const colour = colourInterpretations.has(variant.photometricInterpretation);
  const centres = new Set(variantRegions.map(({ centre: [x, y] }) => y * variantSize + x));
  for (let y = 0; y < variantSize; y++) {
    for (let x = 0; x < variantSize; x++) {
      const at = y * variantSize + x;
      const expected = colour ? variantDisplayedRgbAt(variant, x, y) : [variantModalityValueAt(variant, x, y, frame)];
      for (let c = 0; c < expected.length; c++) {
        const difference = Math.abs(values[at * expected.length + c]! - expected[c]!);
        max = Math.max(max, difference);
        if (centres.has(at)) atCentres = Math.max(atCentres, difference);
      }
    }
  }
  return { max, atCentres };
}

describe('<dicom-viewport> decodes every transfer syntax and photometric interpretation', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  // The SIGMOID image's display is checked by its own test below; its decoded values here.
  for (const fixture of testServer.variantFixtures.filter((candidate) => !candidate.corruption)) {
    const variant = variantByName(fixture.variant);
    const colour = colourInterpretations.has(variant.photometricInterpretation);
    // YBR stored natively is converted to RGB by the decoder: a rounding step either way; YBR_FULL_422 also shares
    // chroma between pixel pairs (exact inside the regions, mixed at their left and right edges).
    const lossless = !fixture.lossy && !variant.photometricInterpretation.startsWith('YBR_FULL');
    it(`${fixture.name} (${fixture.transferSyntaxUid})${lossless ? ': exactly the source pixels' : ''}`, async () => {
      const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await afterRender();
      expect(element.imageCount).to.equal(variant.frames);
      const data = element.getImageData()!;
      expect(data.columns).to.equal(variantSize);
      expect(data.samplesPerPixel).to.equal(colour ? 3 : 1);
      const { max, atCentres } = differences(variant, data.values, 0);
      // Exact with a fractional slope too: Cornerstone 5.14 alone would truncate the half units into an Int16Array
      // (it picks the array type from the range, getPixelDataTypeFromMinMax); native-frame.ts gives a Float32Array.
      if (lossless) expect(max, 'largest difference anywhere').to.equal(0);
      // Measured: at most 6 (HTJ2K lossy, 16-bit); a 12-bit JPEG read 15 high before src/imaging/jpeg-12bit.ts.
      else expect(atCentres, 'largest difference at region centres').to.be.at.most(colour ? 12 : variant.bitsStored > 8 ? 8 : 6);
      if (!colour) {
        const [x, y] = variantRegions[2]!.centre;
        expect(element.getPixelValue(x, y)).to.be.closeTo(variantModalityValueAt(variant, x, y), lossless ? 0 : 8);
      }
      if (variant.photometricInterpretation === 'RGB') {
        // On screen: the samples as 8 bits, whatever the image's bit depth (a 16-bit image is not windowed 0…255).
        for (const region of variantRegions) {
          const [x, y] = region.centre;
          const shown = rgbAt(element, x, y);
          variantDisplayedRgbAt(variant, x, y).forEach((expected, c) => expect(shown[c], `${region.name} channel ${c}`).to.be.closeTo(expected, fixture.lossy ? 12 : 3));
        }
      }
      if (colour || variant.voiLutFunction) return;
      // On screen: the header's first window, linear (PS3.3 C.11.2.1.2.1); MONOCHROME1 shows it inverted.
      const window = variant.windows[0]!;
      for (const region of variantRegions) {
        const [x, y] = region.centre;
        const grey = expectedGrey(variantModalityValueAt(variant, x, y), window.center, window.width);
        const expected = variant.photometricInterpretation === 'MONOCHROME1' ? 255 - grey : grey;
        expect(greyAt(element, x, y, variantSize, variantSize), region.name).to.be.closeTo(expected, fixture.lossy ? 4 : 2.5);
      }
    });
  }

  it('shows every frame of a multi-frame instance, each with its own values', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'multiframe-u16/jpeg-ls-lossless')!;
    const variant = variantByName(fixture.variant);
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    for (let frame = 1; frame < variant.frames; frame++) {
      const rendered = nextEvent(element, 'dicom-image-rendered');
      element.scrollToImage(frame);
      expect((await rendered).detail.imageIndex).to.equal(frame);
      expect(differences(variant, element.getImageData()!.values, frame).max, `frame ${frame + 1}`).to.equal(0);
    }
  });

  it('asks for the frames of a multi-frame instance several to a request, the image on screen alone', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'multiframe-u16/explicit-le')!;
    const variant = variantByName(fixture.variant);
    const source = new DicomwebSource(testServer.dicomwebRoot);
    const { studyInstanceUid: study, seriesInstanceUid: series } = fixture;
    const stack = stackImagesOf(source, study, series, await source.retrieveSeriesMetadata(study, series));
    expect(stack.imageIds).to.have.length(variant.frames);
    performance.clearResourceTimings();
    const since = performance.now();
    const retrieval = new StackFrameRetrieval(stack.imageIds, stack.locations, { framesPerRequest: 3 });
    const arrived: number[] = [];
    retrieval.onArrival((imageId) => arrived.push(stack.imageIds.indexOf(imageId)));
    try {
      retrieval.focus(2);
      await waitFor(() => arrived.length === variant.frames, 'every frame');
      const requested = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => entry.startTime >= since && entry.name.includes(`/series/${series}/`))
        .map((entry) => /\/frames\/([\d,]+)$/.exec(entry.name)?.[1])
        .sort();
      // Frame 3 on screen; then outward: 4–6 in one request, 1–2 (reached going back) in another.
      expect(requested).to.deep.equal(['1,2', '3', '4,5,6']);
      for (const [index, imageId] of stack.imageIds.entries()) {
        const frame = await retrieval.take(imageId)!;
        expect(frame.bytes.byteLength, `frame ${index + 1}`).to.equal(variantSize * variantSize * 2);
        // Each part is its own frame: the generator's value at a region centre, frame by frame.
        const [x, y] = variantRegions[2]!.centre;
        const words = new Uint16Array(frame.bytes.slice().buffer);
        expect(words[y * variantSize + x], `frame ${index + 1}`).to.equal(variantStoredValueAt(variant, x, y, index));
      }
    } finally {
      retrieval.cancel();
    }
  });

  it('counts frames, not requests, against its limit; a frame taken from a batch outlives the stack\'s cancel', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'multiframe-u16/explicit-le')!;
    const source = new DicomwebSource(testServer.dicomwebRoot);
    const { studyInstanceUid: study, seriesInstanceUid: series } = fixture;
    const stack = stackImagesOf(source, study, series, await source.retrieveSeriesMetadata(study, series));
    // The test server answers this series' frames slowly meanwhile, so that they are truly in flight.
    const slowFrames = (ms: number) => fetch(`${new URL(testServer.dicomwebRoot).origin}/__test/slow-frames?series=${series}&ms=${ms}`, { method: 'POST' });
    await slowFrames(400);
    const retrieval = new StackFrameRetrieval(stack.imageIds, stack.locations, { framesPerRequest: 3, initialConcurrency: 5 });
    try {
      retrieval.focus(0);
      // Frame 1 alone, 2–4 together, then room for one more frame (5), not another batch of three.
      expect(retrieval.requestsInFlight).to.equal(5);
      const taken = retrieval.take(stack.imageIds[2]!)!;
      retrieval.cancel();
      const frame = await taken;
      expect(frame.frameNumber).to.equal(3);
      expect(frame.bytes.byteLength).to.equal(variantSize * variantSize * 2);
    } finally {
      await slowFrames(0);
      retrieval.cancel();
    }
  });

  // Cornerstone 5.14 alone never renders this image (src/imaging/voi-lut-function.ts says why).
  it('applies the VOI LUT function SIGMOID (PS3.3 C.11.2.1.3.1)', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'sigmoid-u16/explicit-le')!;
    const variant = variantByName(fixture.variant);
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    const { center, width } = variant.windows[0]!;
    for (const region of variantRegions) {
      const [x, y] = region.centre;
      const value = variantModalityValueAt(variant, x, y);
      const sigmoid = 255 / (1 + Math.exp((-4 * (value - center)) / width));
      expect(greyAt(element, x, y, variantSize, variantSize), region.name).to.be.closeTo(sigmoid, 3);
    }
  });

  it('offers the header windows as presets, and applies one by the preset attribute', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'windows-u16/explicit-le')!;
    const variant = variantByName(fixture.variant);
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    expect(element.presets.map(({ id, label }) => `${id}:${label}`)).to.deep.equal(['header-1:SOFT TISSUE', 'header-2:LUNG', 'header-3:BONE']);
    // The first window is the one shown.
    expect(element.windowCenter).to.be.closeTo(40, 0.5);
    element.preset = 'header-2';
    await element.updateComplete;
    await afterRender();
    expect(element.windowCenter).to.equal(-600);
    expect(element.windowWidth).to.equal(1500);
    for (const region of variantRegions) {
      const [x, y] = region.centre;
      expect(greyAt(element, x, y, variantSize, variantSize), region.name).to.be.closeTo(expectedGrey(variantModalityValueAt(variant, x, y), -600, 1500), 2.5);
    }
  });
});
