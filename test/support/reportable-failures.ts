// Loaded into every browser test file (test/support/shared-test-hooks.ts prepends its import): a failed assertion
// on an element (`expect(viewer.activeViewport).to.equal(first)`) keeps the element as the error's `actual` and
// `expected`, and the test runner cannot send a DOM node from the page to Node: the file never reports and the run
// waits out its whole timeout with no output. This root hook (mocha's `afterEach` outside any suite applies to every
// test of the file) turns such values into their text before the report is sent.

/** A value as the runner can send it: itself when it clones, else its markup (an element) or its text. */
export function reportable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  try {
    structuredClone(value);
    return value;
  } catch {
    return value instanceof Element ? value.outerHTML.slice(0, 300) : String(value);
  }
}

afterEach(function () {
  const error = this.currentTest?.err as (Error & { actual?: unknown; expected?: unknown }) | undefined;
  if (!error) return;
  error.actual = reportable(error.actual);
  error.expected = reportable(error.expected);
});
