import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, formatSpread, median, percentile, rateSpread, ratioText, spreadOf } from '../../bench/stats.js';
import * as serverStats from '../../bench/server/stats.js';
import * as viewerStats from '../../bench/viewer/stats.js';

test('median of odd and even counts, whatever the order; none is an error', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
});

test('nearest-rank percentiles', () => {
  const values = [15, 20, 35, 40, 50];
  assert.equal(percentile(values, 5), 15);
  assert.equal(percentile(values, 30), 20);
  assert.equal(percentile(values, 40), 20);
  assert.equal(percentile(values, 50), 35);
  assert.equal(percentile(values, 100), 50);
});

test('spreads and rates', () => {
  assert.deepEqual(spreadOf([5, 1, 3]), { median: 3, min: 1, max: 5 });
  assert.deepEqual(rateSpread(100, [2, 4, 5]), { median: 25, min: 20, max: 50 });
});

test('figures print with about three significant digits, negative ones alike', () => {
  assert.deepEqual([1234.5, 12.345, 1.2345, -12.345, -1234.5].map(formatNumber), ['1235', '12.3', '1.23', '-12.3', '-1235']);
  assert.equal(formatSpread({ median: 12.345, min: 10, max: 150 }), '12.3 (10.0–150)');
  assert.equal(formatSpread({ median: 2 }), '2.00', 'a median without spread');
  assert.equal(formatSpread(42), '42.0');
});

test('ratios, and what a zero peer means', () => {
  assert.equal(ratioText(3, 2), '1.50');
  assert.equal(ratioText(0, 0), '0/0');
  assert.equal(ratioText(1, 0), '∞');
});

test('the server and viewer benchmarks use this one module', () => {
  assert.equal(serverStats.median, median);
  assert.equal(viewerStats.stats, spreadOf);
  assert.equal(viewerStats.ratioText, ratioText);
});
