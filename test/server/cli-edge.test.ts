// The `dicom-lightbox serve` options of the edge as a child process: JWT verification, share links kept in the data
// directory, HTTPS, framing and the operator log on standard error; wrong values exit 2 with the reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../support/run-cli.js';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { exited, serve } from './serve-process.js';

const jwtSecret = 'a-shared-secret-of-at-least-32-bytes!';
const writerToken = 'cli-edge-writer-token-0123456789';
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-cli-edge-test-'));
  await writeFile(join(dir, 'jwt-secret'), `${jwtSecret}\n`);
  await writeFile(join(dir, 'short-secret'), 'too-short\n');
  await writeFile(join(dir, 'tokens.json'), JSON.stringify({ [writerToken]: { name: 'writer', roles: ['read', 'write'] } }));
});

after(() => rm(dir, { recursive: true, force: true }));


async function stop(server: Awaited<ReturnType<typeof serve>>): Promise<void> {
  server.child.kill('SIGTERM');
  await exited(server.child);
}

describe('arguments', () => {
  test('wrong edge options exit 2 with the reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--log-level', 'loud'], /--log-level is one of fatal, error, warn, info, debug, trace, silent/],
      [['--tls-key', join(dir, 'nothing.pem')], /--tls-key and --tls-cert go together/],
      [['--tls-key', join(dir, 'nothing.pem'), '--tls-cert', join(dir, 'nothing.pem')], /cannot read the TLS key or certificate/],
      [['--frame-ancestors', '*'], /--frame-ancestors takes origins/],
      [['--jwt-secret-file', join(dir, 'short-secret')], /at least 32 bytes/],
      [['--jwks-url', 'http://idp.example/certs'], /must be https/],
      [['--jwt-secret-file', join(dir, 'jwt-secret'), '--jwks-url', 'https://idp.example/certs'], /give one of/],
      [['--tokens', join(dir, 'tokens.json'), '--jwt-issuer', 'https://idp.example'], /need --jwt-secret-file/],
    ];
    for (const [args, reason] of cases) {
      const { code, output } = await run(['serve', '--data', join(dir, 'unused'), '--port', '0', ...args]);
      assert.equal(code, 2, `${args.join(' ')}: ${output}`);
      assert.match(output, reason, args.join(' '));
      assert.doesNotMatch(output, /serving/);
      assert.ok(!output.includes(jwtSecret));
    }
  });
});

describe('JWTs and share links', () => {
  test('a JWT option is authentication enough to listen beyond loopback; JWTs are checked', async () => {
    const server = await serve(join(dir, 'jwt'), ['--host', '0.0.0.0', '--jwt-secret-file', join(dir, 'jwt-secret'), '--jwt-issuer', 'https://idp.example', '--workers', '1']);
    try {
      const url = `http://127.0.0.1:${server.port}/dicom-web/studies`;
      assert.equal((await fetch(url)).status, 401);
      const token = await new SignJWT({ roles: ['read'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://idp.example').setSubject('cli').setExpirationTime('5m').sign(Buffer.from(jwtSecret));
      assert.equal((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    } finally {
      await stop(server);
    }
  });

  test('share links live in DATA/share-links (700, secret and ledger 600) and work across a restart', async () => {
    const data = join(dir, 'share');
    const args = ['--tokens', join(dir, 'tokens.json'), '--workers', '1', '--sample'];
    let server = await serve(data, args);
    let token: string;
    let studyUid: string;
    try {
      const studies = (await (await fetch(`${server.root}/studies`, { headers: { Authorization: `Bearer ${writerToken}` } })).json()) as Array<Record<string, { Value: string[] }>>;
      studyUid = studies[0]!['0020000D']!.Value[0]!;
      const created = await fetch(`${server.root}/studies/${studyUid}/share-links`, { method: 'POST', headers: { Authorization: `Bearer ${writerToken}` } });
      assert.equal(created.status, 201);
      ({ token } = (await created.json()) as { token: string });
    } finally {
      await stop(server);
    }
    assert.equal((await stat(join(data, 'share-links'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(data, 'share-links', 'secret'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(data, 'share-links', 'links.jsonl'))).mode & 0o777, 0o600);
    assert.ok(!(await readFile(join(data, 'share-links', 'links.jsonl'), 'utf8')).includes(token.split('.')[2]!), 'the ledger holds the token');
    server = await serve(data, args);
    try {
      assert.equal((await fetch(`${server.root}/studies/${studyUid}/metadata`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    } finally {
      await stop(server);
    }
    assert.ok(!server.output().includes(token.split('.')[2]!), 'the token is in the output');
  });
});

describe('the operator log', () => {
  test('by default only warnings and errors: no line a request', async () => {
    const server = await serve(join(dir, 'log'), ['--workers', '1']);
    try {
      assert.equal((await fetch(`${server.root}/studies`)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.doesNotMatch(server.output(), /"path"/);
    } finally {
      await stop(server);
    }
  });

  test('--log-level info: one JSON line a request on standard error, none with --log-level silent', async () => {
    const server = await serve(join(dir, 'log'), ['--workers', '1', '--log-level', 'info']);
    try {
      assert.equal((await fetch(`${server.root}/studies?PatientName=Doe*`)).status, 200);
      for (let tries = 0; tries < 100 && !server.output().includes('"path":"/dicom-web/studies"'); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      const line = server.output().split('\n').find((text) => text.includes('"path":"/dicom-web/studies"'));
      assert.ok(line, server.output());
      assert.equal(JSON.parse(line).status, 200);
      assert.ok(!server.output().includes('Doe'));
    } finally {
      await stop(server);
    }
    const silent = await serve(join(dir, 'log'), ['--workers', '1', '--log-level', 'silent']);
    try {
      assert.equal((await fetch(`${silent.root}/studies`)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.doesNotMatch(silent.output(), /"path"/);
    } finally {
      await stop(silent);
    }
  });
});

describe('HTTPS', () => {
  test('--tls-key and --tls-cert: it serves https, says so, and sends HSTS', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = await serve(join(dir, 'tls'), ['--tls-key', key, '--tls-cert', cert, '--workers', '1']);
    try {
      assert.match(server.output(), /serving https:\/\/127\.0\.0\.1:\d+\//);
      const ca = await readFile(cert);
      const hsts = await new Promise<unknown>((resolve, reject) => {
        const outgoing = httpsRequest(`${server.root}/studies`, { ca }, (response) => {
          response.resume();
          resolve(response.headers['strict-transport-security']);
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
      assert.equal(hsts, 'max-age=31536000');
    } finally {
      await stop(server);
    }
  });
});
