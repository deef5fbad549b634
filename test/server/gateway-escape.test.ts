// The gateway reaches its configured upstream root and nothing else: each escape of the trust review (dot segments
// raw and encoded, `//host` and `\\host` under a path-less upstream, other methods) is sent raw over real HTTP and
// refused, and a recording upstream and a second "other host" server see none of them.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/server/app.js';
import { upstreamUrlFor } from '../../src/server/routes/gateway.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** A real HTTP server that answers 200 "{}" and records what reached it. */
async function recordingServer(): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((incoming: IncomingMessage, response) => {
    seen.push({ method: incoming.method!, url: incoming.url!, authorization: incoming.headers.authorization });
    incoming.resume();
    response.setHeader('Content-Type', 'application/dicom+json');
    response.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** Sends `path` byte for byte (fetch and URL would normalize it first). */
function raw(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; warning: string; allow: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: { Authorization: 'Bearer secret-of-the-client', ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, warning: String(response.headers.warning ?? ''), allow: response.headers.allow as string | undefined }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

let upstream: Awaited<ReturnType<typeof recordingServer>>;
let other: Awaited<ReturnType<typeof recordingServer>>;
const gateways: ListeningServer[] = [];

async function gatewayTo(upstreamRoot: string): Promise<number> {
  const gateway = await startListeningServer({ upstream: upstreamRoot });
  gateways.push(gateway);
  return Number(new URL(gateway.root).port);
}

before(async () => {
  upstream = await recordingServer();
  other = await recordingServer();
});

after(async () => {
  for (const gateway of gateways) await gateway.app.close();
  for (const { server } of [upstream, other]) await new Promise((resolve) => server.close(resolve));
});

const escapes = (otherPort: number) => [
  '/dicom-web/../tools/execute-script',
  '/dicom-web/studies/../../tools/execute-script',
  '/dicom-web/%2e%2e/tools/execute-script',
  '/dicom-web/%2E%2E/tools/execute-script',
  '/dicom-web/.%2e/tools',
  '/dicom-web/./studies',
  '/dicom-web/studies/..',
  '/dicom-web/studies%2f..%2f..%2ftools',
  '/dicom-web/%252e%252e/tools',
  `/dicom-web//127.0.0.1:${otherPort}/steal`,
  `/dicom-web/\\\\127.0.0.1:${otherPort}/steal`,
  `/dicom-web/%5c%5c127.0.0.1:${otherPort}/steal`,
];

describe('a gateway to a DICOMweb root under a path', () => {
  test('every escape is 400 and reaches neither the upstream nor another host', async () => {
    const port = await gatewayTo(`http://127.0.0.1:${upstream.port}/dicom-web`);
    upstream.seen.length = 0;
    for (const path of escapes(other.port)) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const answer = await raw(port, method, path);
        assert.equal(answer.status, 400, `${method} ${path}`);
        assert.match(answer.warning, /gateway/, path);
      }
    }
    assert.deepEqual(upstream.seen, []);
    assert.deepEqual(other.seen, []);
  });

  test('an ordinary request still reaches the root, query and all', async () => {
    const port = await gatewayTo(`http://127.0.0.1:${upstream.port}/dicom-web`);
    upstream.seen.length = 0;
    assert.equal((await raw(port, 'GET', '/dicom-web/studies?PatientName=A..B*&includefield=00081030')).status, 200);
    assert.equal((await raw(port, 'GET', '/dicom-web/studies/1.2.3/series/4.5/instances/6.7/frames/1')).status, 200);
    assert.deepEqual(upstream.seen.map(({ method, url }) => `${method} ${url}`), ['GET /dicom-web/studies?PatientName=A..B*&includefield=00081030', 'GET /dicom-web/studies/1.2.3/series/4.5/instances/6.7/frames/1']);
  });

  test('methods DICOMweb does not use are 405 with Allow, never forwarded', async () => {
    const port = await gatewayTo(`http://127.0.0.1:${upstream.port}/dicom-web`);
    upstream.seen.length = 0;
    for (const method of ['PUT', 'PATCH', 'TRACE']) {
      const answer = await raw(port, method, '/dicom-web/tools/execute-script');
      assert.equal(answer.status, 405, method);
      assert.equal(answer.allow, 'GET, HEAD, POST, DELETE, OPTIONS');
    }
    // A method Fastify has no route for at all is answered without reaching the gateway.
    assert.equal((await raw(port, 'PROPFIND', '/dicom-web/tools')).status, 404);
    assert.deepEqual(upstream.seen, []);
  });
});

describe('a gateway to a path-less upstream', () => {
  test('//host and \\\\host never make it call another host with the client\'s token', async () => {
    const port = await gatewayTo(`http://127.0.0.1:${upstream.port}`);
    upstream.seen.length = 0;
    for (const path of escapes(other.port)) assert.equal((await raw(port, 'GET', path)).status, 400, path);
    assert.deepEqual(other.seen, []);
    assert.deepEqual(upstream.seen, []);
    assert.equal((await raw(port, 'GET', '/dicom-web/studies')).status, 200);
    assert.deepEqual(upstream.seen.map(({ url }) => url), ['/studies']);
  });
});

describe('upstreamUrlFor', () => {
  test('builds under the root and refuses what leaves it', () => {
    const root = new URL('http://pacs.example:8042/dicom-web');
    assert.equal(upstreamUrlFor(root, '/studies?a=1').href, 'http://pacs.example:8042/dicom-web/studies?a=1');
    assert.equal(upstreamUrlFor(root, '').href, 'http://pacs.example:8042/dicom-web');
    assert.equal(upstreamUrlFor(new URL('http://pacs.example'), '/studies').href, 'http://pacs.example/studies');
    for (const path of ['/../x', '/a/%2E%2e/x', '//evil.example/x', '/\\evil.example', 'evil', '@evil.example/x']) {
      assert.throws(() => upstreamUrlFor(new URL('http://pacs.example'), path), /gateway/, path);
    }
  });

  test('an upstream with credentials, a query or another scheme is refused at build', async () => {
    for (const upstreamRoot of ['http://user:pass@127.0.0.1:9/dicom-web', 'http://127.0.0.1:9/dicom-web?x=1', 'file:///etc/dicom-web']) {
      await assert.rejects(buildApp({ upstream: upstreamRoot }), /upstream/, upstreamRoot);
    }
  });
});
