// Issue 18, item 5: what the decoder check found wrong with a damaged frame (a JPEG-LS frame whose SOF55 declares
// another size than the header) is said in the language of `lang` around the viewport, after "could not be decoded:",
// in the dicom-error's message and on screen; in English once the page's language is.
import { expect } from '@esm-bundle/chai';
import type { DicomErrorDetail } from '../../src/events/error.js';
import './bundle.js';
import { messageText, testServer, waitFor } from './viewport-helpers.js';

const german = /^Das Bild konnte nicht dekodiert werden: der Codestream des Frames enthält ein Bild von (\d+)×(\d+), der Header nennt (\d+)×(\d+)$/;
const english = /^The image could not be decoded: the frame's codestream holds a (\d+)×(\d+) image where the header says (\d+)×(\d+)$/;

describe("languages: the decoder check's finding", () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('body > div[lang]')) frame.remove();
  });

  it('says in German why a damaged frame could not be decoded, then in English', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.corruption?.damage.startsWith('SOF55 says'))!;
    expect(fixture, 'the damaged JPEG-LS fixture').to.exist;
    const { imageIndex } = fixture.corruption!;
    const frame = document.createElement('div');
    frame.lang = 'de';
    frame.innerHTML = `<dicom-viewport style="display:block;width:256px;height:256px" dicomweb-root=${testServer.dicomwebRoot} study=${fixture.studyInstanceUid} series=${fixture.seriesInstanceUid}></dicom-viewport>`;
    const viewport = frame.querySelector('dicom-viewport')!;
    const errors: DicomErrorDetail[] = [];
    viewport.addEventListener('dicom-error', (event) => errors.push(event.detail));
    document.body.append(frame);
    await waitFor(() => viewport.imageCount === 2, 'the series', 40_000);
    viewport.scrollToImage(imageIndex);
    await waitFor(() => errors.some((error) => error.imageIndex === imageIndex), 'the damaged image', 40_000);
    const error = errors.find((candidate) => candidate.imageIndex === imageIndex)!;
    expect(error.kind).to.equal('decode');
    expect(error.message).to.match(german);
    const prefix = `Bild ${imageIndex + 1} von 2: `;
    await waitFor(() => messageText(viewport).startsWith(prefix), 'the German message on screen');
    expect(messageText(viewport).slice(prefix.length)).to.match(german);
    const [, columns, rows, headerColumns, headerRows] = german.exec(error.message)!;
    expect([columns, rows]).to.not.deep.equal([headerColumns, headerRows]);
    frame.lang = 'en';
    await waitFor(() => messageText(viewport).startsWith(`Image ${imageIndex + 1} of 2: `), 'the English message on screen');
    expect(messageText(viewport).slice(`Image ${imageIndex + 1} of 2: `.length)).to.equal(`The image could not be decoded: the frame's codestream holds a ${columns}×${rows} image where the header says ${headerColumns}×${headerRows}`);
    expect(messageText(viewport).slice(`Image ${imageIndex + 1} of 2: `.length)).to.match(english);
  });
});
