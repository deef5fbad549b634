// The `dicom-lightbox` command as a child process: how it stops, and what it refuses.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exited, serve } from './serve-process.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-cli-test-'));
});

after(() => rm(dir, { recursive: true, force: true }));

describe('stopping', () => {
  for (const [what, extraArguments] of [
    ['serving a store from one process', ['--workers', '1']],
    ['a gateway', ['--upstream', 'http://127.0.0.1:9/dicom-web']],
  ] as const) {
    test(`${what}: SIGTERM closes and exits 0`, async () => {
      const server = await serve(join(dir, 'stop-data'), [...extraArguments]);
      server.child.kill('SIGTERM');
      await exited(server.child);
      assert.equal(server.child.exitCode, 0, server.output());
      assert.match(server.output(), /SIGTERM: closing/);
    });
  }
});
