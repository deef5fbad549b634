// StallWatchdog with a clock the test moves: outstanding requests and activity keep a wait alive, quiet ends it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StallWatchdog, type WatchdogClock } from '../../src/components/viewport/stall-watchdog.js';

function fakeClock() {
  let time = 0;
  let checks: Array<{ every: number; next: number; check: () => void }> = [];
  const clock: WatchdogClock = {
    now: () => time,
    every(ms, check) {
      const entry = { every: ms, next: time + ms, check };
      checks.push(entry);
      return () => (checks = checks.filter((other) => other !== entry));
    },
  };
  const advance = (ms: number) => {
    const end = time + ms;
    for (;;) {
      const due = checks.filter((entry) => entry.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      time = due.next;
      due.next += due.every;
      due.check();
    }
    time = end;
  };
  return { clock, advance, pending: () => checks.length };
}

test('stalls once after the quiet time with nothing outstanding, and stops checking', () => {
  const { clock, advance, pending } = fakeClock();
  let stalls = 0;
  const watchdog = new StallWatchdog(10_000, () => (stalls += 1), clock);
  watchdog.start(() => false);
  advance(9_000);
  assert.equal(stalls, 0);
  advance(2_000);
  assert.equal(stalls, 1);
  assert.equal(watchdog.watching, false);
  assert.equal(pending(), 0);
  advance(60_000);
  assert.equal(stalls, 1);
});

test('an outstanding request keeps the wait alive however long it takes; the quiet time counts from its end', () => {
  const { clock, advance } = fakeClock();
  let stalls = 0;
  let requestOutstanding = true;
  const watchdog = new StallWatchdog(10_000, () => (stalls += 1), clock);
  watchdog.start(() => requestOutstanding);
  advance(120_000);
  assert.equal(stalls, 0);
  requestOutstanding = false;
  advance(8_000);
  assert.equal(stalls, 0);
  advance(4_000);
  assert.equal(stalls, 1);
});

test('activity restarts the quiet time', () => {
  const { clock, advance } = fakeClock();
  let stalls = 0;
  const watchdog = new StallWatchdog(10_000, () => (stalls += 1), clock);
  watchdog.start(() => false);
  for (let i = 0; i < 10; i += 1) {
    advance(6_000);
    watchdog.activity();
  }
  assert.equal(stalls, 0);
  advance(11_000);
  assert.equal(stalls, 1);
});

test('stop() before the quiet time ends the watch without a stall; start() watches afresh', () => {
  const { clock, advance, pending } = fakeClock();
  let stalls = 0;
  const watchdog = new StallWatchdog(10_000, () => (stalls += 1), clock);
  watchdog.start(() => false);
  advance(5_000);
  watchdog.stop();
  assert.equal(pending(), 0);
  advance(60_000);
  assert.equal(stalls, 0);
  watchdog.start(() => false);
  watchdog.start(() => false); // a second start replaces the first: one check, one stall
  assert.equal(pending(), 1);
  advance(11_000);
  assert.equal(stalls, 1);
});
