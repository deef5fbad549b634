// The `dicom-lightbox` command as a child process: how it stops, what it refuses, and the address it reports.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../support/run-cli.js';
import { after, before, describe, test } from 'node:test';
import { exited, serve } from './serve-process.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-cli-test-'));
});

after(() => rm(dir, { recursive: true, force: true }));


/** The status of a GET on 127.0.0.1:port with the given Host header. */
function statusFor(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/dicom-web/studies', headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

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

describe('arguments', () => {
  test('an unknown option exits 2 with the reason and the usage', async () => {
    const { code, output } = await run(['serve', '--data', join(dir, 'unused'), '--no-such-option']);
    assert.equal(code, 2, output);
    assert.match(output, /Unknown option '--no-such-option'/);
    assert.match(output, /^usage:/m);
  });

  test('an unknown command exits 2 with the usage', async () => {
    const { code, output } = await run(['frobnicate']);
    assert.equal(code, 2, output);
    assert.match(output, /unknown command "frobnicate"/);
    assert.match(output, /^usage:/m);
  });
});

describe('listening beyond loopback', () => {
  test('a --host other than loopback is refused without tokens, and --tokens and the override are named', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.7', 'pacs.example']) {
      const { code, output } = await run(['serve', '--data', join(dir, 'refused'), '--host', host, '--port', '0']);
      assert.equal(code, 2, output);
      assert.match(output, /refusing to listen on .*without --tokens this server has no authentication/, host);
      assert.match(output, /--insecure-no-auth/, host);
      assert.match(output, /--tokens FILE/, host);
      assert.doesNotMatch(output, /serving/, host);
    }
  });

  test('with --insecure-no-auth it listens there and prints the address it is bound to', async () => {
    const server = await serve(join(dir, 'everywhere'), ['--host', '0.0.0.0', '--insecure-no-auth', '--workers', '1']);
    try {
      assert.match(server.output(), /serving http:\/\/0\.0\.0\.0:\d+\//);
      // Requests still name a host it answers for: loopback, not a name nobody configured.
      assert.equal(await statusFor(server.port, `127.0.0.1:${server.port}`), 200);
      assert.equal(await statusFor(server.port, 'attacker.example'), 421);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
  });
});

describe('--tokens', () => {
  const token = 'cli-test-token-0123456789abcdef';

  test('with tokens it listens beyond loopback, and every DICOMweb request needs one', async () => {
    const file = join(dir, 'tokens.json');
    await writeFile(file, JSON.stringify({ [token]: { name: 'cli', roles: ['read'] } }));
    const server = await serve(join(dir, 'with-tokens'), ['--host', '0.0.0.0', '--tokens', file, '--workers', '1']);
    try {
      assert.match(server.output(), /serving http:\/\/0\.0\.0\.0:\d+\//);
      const url = `http://127.0.0.1:${server.port}/dicom-web/studies`;
      assert.equal((await fetch(url)).status, 401);
      assert.equal((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
      assert.equal((await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status, 403);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    assert.doesNotMatch(server.output(), new RegExp(token), 'the token is never written out');
  });

  test('a token file that cannot be used exits 2 with the reason, never the token', async () => {
    const cases: Array<[string, RegExp]> = [
      [`{"${token}": {"name": "x", "roles": ["read"]}`, /not valid JSON/],
      [JSON.stringify({ [token]: { name: 'x', roles: ['superuser'] } }), /token "x": roles must be a non-empty list of read, write, delete, admin/],
      [JSON.stringify({ short: { name: 'x', roles: ['read'] } }), /token "x" is shorter than 16 characters/],
    ];
    for (const [text, reason] of cases) {
      const file = join(dir, 'bad-tokens.json');
      await writeFile(file, text);
      const { code, output } = await run(['serve', '--data', join(dir, 'unused'), '--tokens', file, '--port', '0']);
      assert.equal(code, 2, output);
      assert.match(output, reason);
      assert.doesNotMatch(output, new RegExp(token));
      assert.doesNotMatch(output, /serving/);
    }
  });
});

describe('--allowed-hosts', () => {
  test('the names given are answered besides loopback; any other Host gets 421', async () => {
    const server = await serve(join(dir, 'allowed'), ['--allowed-hosts', 'pacs.example,viewer.example', '--allowed-hosts', 'other.example', '--workers', '1']);
    try {
      for (const host of ['pacs.example', 'viewer.example:8042', 'other.example', `localhost:${server.port}`]) assert.equal(await statusFor(server.port, host), 200, host);
      assert.equal(await statusFor(server.port, 'attacker.example'), 421);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
  });
});
