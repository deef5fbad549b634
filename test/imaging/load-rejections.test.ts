import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isReportedLoadFailure, markedLoadFailure, observeCacheInsertions, observeImageIndexChanges, observeLoadRejection } from '../../src/imaging/load-rejections.js';

describe('load failure marks', () => {
  it('marks the reason itself, invisibly to its keys and JSON', () => {
    const reason = new Error('decode failed');
    const marked = markedLoadFailure(reason);
    assert.equal(marked, reason);
    assert.equal(isReportedLoadFailure(reason), true);
    assert.deepEqual(Object.keys(reason), []);
    assert.equal(JSON.stringify({ ...reason }), '{}');
  });

  it('wraps what cannot carry a mark: a bare string, a frozen object', () => {
    const fromString = markedLoadFailure('unsupported pixel format');
    assert.ok(fromString instanceof Error);
    assert.equal((fromString as Error).message, 'unsupported pixel format');
    assert.equal(isReportedLoadFailure(fromString), true);
    assert.equal(isReportedLoadFailure('unsupported pixel format'), false);

    const frozen = Object.freeze({ code: 'E' });
    const wrapped = markedLoadFailure(frozen);
    assert.notEqual(wrapped, frozen);
    assert.equal((wrapped as Error).cause, frozen);
    assert.equal(isReportedLoadFailure(wrapped), true);
  });

  it('leaves every other rejection to the page', () => {
    for (const reason of [new Error('other'), undefined, null, 42, { message: 'x' }]) {
      assert.equal(isReportedLoadFailure(reason), false);
    }
  });
});

/** Lets every settled promise's handlers run (and Node report an unhandled rejection, which fails the test). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('observing the promises Cornerstone drops', () => {
  it('ends a reported load failure and an abort quietly, and hands anything else on', async () => {
    const handedOn: unknown[] = [];
    const other = new Error('a bug');
    observeLoadRejection(Promise.reject(markedLoadFailure(new Error('HTTP 503'))), (reason) => handedOn.push(reason));
    observeLoadRejection(Promise.reject(new DOMException('gone', 'AbortError')), (reason) => handedOn.push(reason));
    observeLoadRejection(Promise.reject(other), (reason) => handedOn.push(reason));
    await settle();
    assert.deepEqual(handedOn, [other]);
  });

  it('observes each promise the cache\'s putImageLoadObject returns, and gives callers that same promise', async () => {
    const rejections = [markedLoadFailure(new Error('HTTP 401')), new Error('CACHE_SIZE_EXCEEDED'), new Error('CACHE_SIZE_EXCEEDED')];
    const cache = {
      calls: [] as string[],
      putImageLoadObject(imageId: string, loadObject: { promise: Promise<unknown> }): Promise<void> {
        this.calls.push(imageId);
        return loadObject.promise.then(() => {
          throw rejections.shift();
        });
      },
    };
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      observeCacheInsertions(cache);
      observeCacheInsertions(cache); // once is enough
      const puts = ['a', 'b', 'c'].map((imageId) => cache.putImageLoadObject(imageId, { promise: Promise.resolve() }));
      // Callers that observe it still see the rejection.
      await assert.rejects(puts[0]!, /HTTP 401/);
      await settle();
      assert.deepEqual(cache.calls, ['a', 'b', 'c']);
      // An image larger than the cache is shown, not kept: a warning, once.
      assert.equal(warnings.length, 1);
    } finally {
      console.warn = warn;
    }
  });

  it('observes each promise a viewport\'s setImageIdIndex returns', async () => {
    const viewport = {
      setImageIdIndex(imageIdIndex: number): Promise<string> {
        return Promise.reject(markedLoadFailure(new Error(`image ${imageIdIndex} failed`)));
      },
    };
    observeImageIndexChanges(viewport);
    void viewport.setImageIdIndex(3); // dropped, as Cornerstone's scroll() drops it
    await assert.rejects(viewport.setImageIdIndex(4), /image 4 failed/);
    await settle();
  });
});
