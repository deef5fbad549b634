// Starting and serving prints no process warnings (deprecations of Fastify options, experimental features): an
// operator's log holds what the server says, and a warning that fires today is an option that breaks tomorrow.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exited, serve, type ServerProcess } from './serve-process.js';

const token = 'startup-warnings-token-0123456789';
/** How Node prints a process warning: "(node:1234) [CODE] Name: text" or "(node:1234) Warning: text". */
const processWarning = /\(node:\d+\)|DeprecationWarning|ExperimentalWarning|FSTDEP\d+/;

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-startup-warnings-'));
  await writeFile(join(dir, 'tokens.json'), JSON.stringify({ [token]: { name: 'reader', roles: ['read'] } }));
});

after(() => rm(dir, { recursive: true, force: true }));

async function serveAndStop(started: ServerProcess): Promise<string> {
  const answer = await fetch(`${started.root}/studies`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(answer.status, 200);
  await answer.text();
  started.child.kill('SIGTERM');
  await exited(started.child);
  return started.output();
}

test('a server with a store, tokens, an audit trail and request logging starts, serves and stops without a process warning', async () => {
  const output = await serveAndStop(await serve(join(dir, 'data'), ['--workers', '1', '--tokens', join(dir, 'tokens.json'), '--audit', join(dir, 'audit'), '--log-level', 'info']));
  assert.match(output, /"status":200/, 'the request log is on');
  assert.match(output, /audit trail \S+\.jsonl: 1 entries, the last with hash [0-9a-f]{64}/, 'where the chain ends is printed at shutdown');
  assert.doesNotMatch(output, processWarning);
});

test('a gateway in front of it starts, forwards and stops without a process warning', async () => {
  const upstream = await serve(join(dir, 'data'), ['--workers', '1']);
  try {
    const output = await serveAndStop(await serve(join(dir, 'gateway'), ['--upstream', upstream.root, '--tokens', join(dir, 'tokens.json')]));
    assert.doesNotMatch(output, processWarning);
  } finally {
    upstream.child.kill('SIGTERM');
    await exited(upstream.child);
  }
  assert.doesNotMatch(upstream.output(), processWarning);
});
