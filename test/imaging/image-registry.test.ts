// The imaging context's per-image registry, without a browser: image ids by source, and one lifetime per image.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DicomwebSource, type RetrievedFrame } from '../../src/dicomweb/source.js';
import { ImageRegistry, type FrameHolder } from '../../src/imaging/image-registry.js';
import type { StackImages } from '../../src/imaging/stack-frames.js';

const root = 'https://pacs.example/dicom-web';

function stackOf(source: DicomwebSource, frames = 2): StackImages {
  const stack: StackImages = { imageIds: [], datasets: [], frameNumbers: [], locations: [] };
  for (let frame = 1; frame <= frames; frame += 1) {
    stack.imageIds.push(`wadors:${source.frameUrl('1.2', '1.2.3', '1.2.3.4', frame)}`);
    stack.datasets.push({});
    stack.frameNumbers.push(frame);
    stack.locations.push({ source, studyInstanceUid: '1.2', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4', frameNumber: frame });
  }
  return stack;
}

const nothing = { images: 0, frameLocations: 0, frameRetrievals: 0, frameRequests: 0 };

describe('ImageRegistry', () => {
  it('gives two sources on one root different image ids, and one source the same ones each time', () => {
    const registry = new ImageRegistry('dicom-lightbox-test');
    const a = new DicomwebSource(root);
    const b = new DicomwebSource(root);
    const idsOfA = registry.keyedStack(stackOf(a)).imageIds;
    const idsOfB = registry.keyedStack(stackOf(b)).imageIds;
    assert.equal(new Set([...idsOfA, ...idsOfB]).size, 4);
    assert.deepEqual(registry.keyedStack(stackOf(a)).imageIds, idsOfA);
    assert.ok(idsOfA.every((imageId) => registry.owns(imageId) && imageId.endsWith(`${root}/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/${imageId.at(-1)}`)));
    assert.ok(!registry.owns(stackOf(a).imageIds[0]!));
    assert.deepEqual(idsOfA.map((imageId) => registry.wadorsImageIdOf(imageId)), stackOf(a).imageIds);
  });

  it('locates each image with the source that asked for it', () => {
    const registry = new ImageRegistry('dicom-lightbox-test');
    const a = registry.keyedStack(stackOf(new DicomwebSource(root)));
    const b = registry.keyedStack(stackOf(new DicomwebSource(root)));
    registry.holdStack(a);
    registry.holdStack(b);
    assert.equal(registry.locationOf(a.imageIds[0]!)!.source, a.locations[0]!.source);
    assert.equal(registry.locationOf(b.imageIds[0]!)!.source, b.locations[0]!.source);
  });

  it('releases an image when its last stack lets go, aborts its requests, and forgets it once evicted', () => {
    const registry = new ImageRegistry('dicom-lightbox-test');
    const stack = registry.keyedStack(stackOf(new DicomwebSource(root)));
    registry.holdStack(stack);
    registry.holdStack(stack);
    const request = registry.frameRequestSignal(stack.imageIds[0]!);
    assert.deepEqual([...registry.releaseStack(stack.imageIds)], []);
    assert.equal(request.signal.aborted, false);
    assert.deepEqual([...registry.releaseStack(stack.imageIds)], stack.imageIds);
    assert.equal(request.signal.aborted, true);
    for (const imageId of stack.imageIds) registry.evicted(imageId);
    assert.deepEqual(registry.counts(), { ...nothing, images: 1, frameRequests: 1 }, 'the aborted request has not settled yet');
    request.done();
    assert.deepEqual(registry.counts(), nothing);
  });

  it('hands a frame from the retrieval that has it under way, and forgets retrievals that let go', async () => {
    const registry = new ImageRegistry('dicom-lightbox-test');
    const [imageId] = registry.keyedStack(stackOf(new DicomwebSource(root), 1)).imageIds;
    const frame: RetrievedFrame = { frameNumber: 1, contentType: 'application/octet-stream', bytes: new Uint8Array(1) };
    const holder = (underWay: boolean): FrameHolder => ({
      hasUnderWay: () => underWay,
      take(id) {
        registry.letGoFrame(id, this);
        return Promise.resolve(underWay ? frame : { ...frame, bytes: new Uint8Array(2) });
      },
    });
    const waiting = holder(false);
    const fetched = holder(true);
    registry.holdFrame(imageId!, fetched);
    registry.holdFrame(imageId!, waiting);
    assert.equal(await registry.takeRetrievedFrame(imageId!), frame);
    assert.equal(registry.counts().frameRetrievals, 1);
    registry.letGoFrame(imageId!, waiting);
    assert.deepEqual(registry.counts(), nothing);
    assert.equal(registry.takeRetrievedFrame(imageId!), undefined);
  });
});
