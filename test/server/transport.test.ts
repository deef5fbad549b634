// Transport over real connections: HTTPS with a key and certificate the test makes (openssl), HSTS only over TLS;
// security headers on DICOMweb answers (no-store, nosniff, no-referrer, a CSP that runs nothing) and on the demo page
// (the viewer's CSP, frame-ancestors as configured); CORS with '*' never approves storing or deleting.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { buildApp } from '../../src/server/app.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

const demo = { pageDir: fileURLToPath(new URL('../../demo', import.meta.url)), bundleDir: fileURLToPath(new URL('../../dist/browser', import.meta.url)) };
let dir: string;
let store: DicomStore;
const servers: ListeningServer[] = [];

async function serve(options: Omit<Parameters<typeof startListeningServer>[0], 'store'>): Promise<ListeningServer> {
  const server = await startListeningServer({ store, demo, ...options });
  servers.push(server);
  return server;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-transport-test-'));
  store = await openFileStore(join(dir, 'store'));
  for (const instance of generateSampleInstances({ ctSlices: 1 })) {
    await store.ingest(instance.bytes);
    break;
  }
});

after(async () => {
  for (const server of servers) await server.app.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('security headers', () => {
  test('DICOMweb answers, successful or not: no-store, nosniff, no-referrer, CSP default-src \'none\'; no HSTS over plain HTTP', async () => {
    const { root } = await serve({});
    for (const [path, status] of [
      ['/studies', 200],
      [`/studies/${sampleStudy.studyInstanceUid}/metadata`, 200],
      ['/studies/1.2.3/metadata', 404],
      ['/studies?StudyDate=garbage', 400],
    ] as const) {
      const response = await fetch(`${root}${path}`);
      assert.equal(response.status, status, path);
      assert.equal(response.headers.get('cache-control'), 'no-store', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", path);
      assert.equal(response.headers.get('strict-transport-security'), null, path);
    }
  });

  test('the demo page: the viewer\'s CSP, framed by no one unless told', async () => {
    const { root } = await serve({});
    const page = await fetch(new URL('/', root));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(
      page.headers.get('content-security-policy'),
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const embeddable = await serve({ frameAncestors: ["'self'", 'https://ehr.example'] });
    const framed = await fetch(new URL('/', embeddable.root));
    assert.match(framed.headers.get('content-security-policy')!, /; frame-ancestors 'self' https:\/\/ehr\.example$/);
  });

  test('a frame-ancestors source that is not an origin is refused at build', async () => {
    for (const source of ['*', "https://ehr.example; script-src 'unsafe-inline'", 'javascript:alert(1)']) {
      await assert.rejects(buildApp({ store, frameAncestors: [source] }), /frame-ancestors takes origins/, source);
    }
  });
});

describe('CORS', () => {
  const preflight = (root: string, method: string, origin: string) =>
    fetch(`${root}/studies`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization,content-type' } });

  test("'*' approves reading from any origin, never storing or deleting", async () => {
    const { root } = await serve({ cors: '*' });
    const read = await preflight(root, 'GET', 'https://anywhere.example');
    assert.equal(read.headers.get('access-control-allow-origin'), '*');
    const allowed = read.headers.get('access-control-allow-methods')!.split(',').map((method) => method.trim());
    assert.deepEqual(allowed.sort(), ['GET', 'HEAD', 'OPTIONS']);
    for (const method of ['POST', 'DELETE']) {
      const answer = await preflight(root, method, 'https://anywhere.example');
      assert.ok(!answer.headers.get('access-control-allow-methods')?.includes(method), method);
    }
  });

  test('listed origins may store and delete; others get no approval', async () => {
    const { root } = await serve({ cors: ['https://viewer.example'] });
    const listed = await preflight(root, 'DELETE', 'https://viewer.example');
    assert.equal(listed.headers.get('access-control-allow-origin'), 'https://viewer.example');
    assert.match(listed.headers.get('access-control-allow-methods')!, /DELETE/);
    assert.match(listed.headers.get('access-control-allow-methods')!, /POST/);
    const other = await preflight(root, 'DELETE', 'https://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

describe('HTTPS', () => {
  test('with a key and certificate the server speaks TLS and sends HSTS', async () => {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    const cert = await readFile(certPath);
    const app = await buildApp({ store, https: { key: await readFile(keyPath), cert } });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    servers.push({ app, root: '', client: undefined as never, close: () => app.close() });
    assert.match(address, /^https:\/\//);
    const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: string; authorized: boolean }>((resolve, reject) => {
      const request = httpsRequest(`${address}/dicom-web/studies`, { ca: cert }, (response) => {
        let body = '';
        const { authorized } = response.socket as import('node:tls').TLSSocket;
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body, authorized }));
      });
      request.on('error', reject);
      request.end();
    });
    assert.equal(answer.status, 200);
    assert.ok(answer.authorized);
    assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(JSON.parse(answer.body).length, 1);
    // Plain HTTP to the TLS port is not answered as HTTP.
    await assert.rejects(fetch(address.replace('https:', 'http:') + '/dicom-web/studies'));
  });
});
