// A page that cannot run the decode worker (here: a Content Security Policy with worker-src 'none', as an
// embedding page may set) is a failure of the page, not an unreadable server answer: kind `client`, in words that
// say which images and why.
import { expect } from '@esm-bundle/chai';
import type { DicomErrorDetail } from '../../src/events/error.js';
import './bundle.js';
import { messageText, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

describe('<dicom-viewport> on a page that cannot start its decode worker', () => {
  before(() => {
    // Before the first viewport starts the engine, which starts the worker at the first compressed frame.
    const policy = document.createElement('meta');
    policy.httpEquiv = 'Content-Security-Policy';
    policy.content = "worker-src 'none'";
    document.head.append(policy);
  });

  it('says the page cannot decode JPEG-LS images, kind client', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'mono2-u16/jpeg-ls-lossless')!;
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
    const errors: DicomErrorDetail[] = [];
    element.addEventListener('dicom-error', (event) => errors.push(event.detail));
    await waitFor(() => errors.length > 0, 'an error', 60_000);
    const [error] = errors;
    expect(error!.kind, error!.message).to.equal('client');
    expect(error!.message).to.match(/^This page cannot decode JPEG-LS images: its image decoder \(a web worker\) could not be started here\.$/);
    await waitFor(() => messageText(element).includes('This page cannot decode JPEG-LS images'), 'the message in the element');
    element.remove();
  });
});
