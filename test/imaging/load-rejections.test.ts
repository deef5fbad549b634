import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isReportedLoadFailure, markedLoadFailure } from '../../src/imaging/load-rejections.js';

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
