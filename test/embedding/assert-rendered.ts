// What "renders" means for a host app's page: every viewport showed its series, decoded exactly, quietly.
import assert from 'node:assert/strict';
import type { FixtureServer } from './fixture-server.js';
import { viewportIds } from './host-app.js';
import type { PageOutcome } from './render-check.js';

/** Every viewport rendered its series' first image decoded exactly, with no error and nothing printed by a codec. */
export function assertRendered(outcome: PageOutcome, checksums: FixtureServer['sliceChecksums']): void {
  for (const id of viewportIds) {
    const viewport = outcome.viewports[id]!;
    assert.equal(viewport.error, undefined, `${id}: dicom-error ${viewport.error}`);
    assert.equal(viewport.rendered, true, `${id} never rendered (page errors: ${outcome.pageErrors.join(' | ') || 'none'}; console: ${outcome.console.join(' | ')})`);
    assert.ok(viewport.litPixels, `${id}: the canvas is blank`);
    assert.ok(checksums.some((slice) => slice.sum === viewport.checksum?.sum && slice.count === viewport.checksum?.count), `${id}: decoded values ${JSON.stringify(viewport.checksum)} are no source slice's`);
  }
  assert.deepEqual(outcome.pageErrors, [], 'uncaught page errors');
  const printed = outcome.console.filter((line) => /^log: /.test(line) && !/Lit is in dev mode/.test(line));
  assert.deepEqual(printed, [], 'nothing printed to the host page\'s console (the JPEG 2000 codec printed three lines a frame)');
}

