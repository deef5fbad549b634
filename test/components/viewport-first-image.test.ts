// What the first image of the page's first <dicom-viewport> waits for, and what waits for it. Its own file: the chunks
// it looks at are fetched once a page, by the page's first viewport.
import { expect } from '@esm-bundle/chai';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import './bundle.js';
import { testServer, waitFor } from './viewport-helpers.js';

const chunkRequests = (name: string) =>
  (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => new RegExp(`/${name}-[\\w-]+\\.js$`).test(entry.name));

describe('<dicom-viewport> first image', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('fetches the measurement tools only once its first image is drawn, and then adds them', async () => {
    expect(chunkRequests('measurement-tools'), 'no viewport has loaded the measurement tools yet').to.have.length(0);
    const element = document.createElement('dicom-viewport');
    element.style.cssText = 'width: 256px; height: 256px';
    element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
    element.setAttribute('study', sampleStudy.studyInstanceUid);
    element.setAttribute('series', sampleStudy.series[0].seriesInstanceUid);
    const drawn = new Promise<number>((resolve) => element.addEventListener('dicom-image-rendered', () => resolve(performance.now()), { once: true }));
    document.body.append(element);
    const firstImageAt = await drawn;
    await waitFor(() => chunkRequests('measurement-tools').length > 0, 'the measurement tools chunk');
    const [request] = chunkRequests('measurement-tools');
    expect(request!.startTime, 'requested after the first image was drawn').to.be.at.least(firstImageAt);
  });
});
