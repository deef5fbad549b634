// The data layer sends its Authorization and extra headers to its configured DICOMweb origins only: a BulkDataURI
// in a server's answer that names another host is fetched without them, over real HTTP to two recording servers.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { DicomwebSource } from '../../src/dicomweb/index.js';

interface Recorder {
  server: Server;
  origin: string;
  seen: Array<{ url: string; authorization: string | undefined; apiKey: string | undefined }>;
}

async function recorder(): Promise<Recorder> {
  const seen: Recorder['seen'] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url!, authorization: request.headers.authorization, apiKey: request.headers['x-api-key'] as string | undefined });
    response.setHeader('Content-Type', 'application/octet-stream');
    response.end(Buffer.from([1, 2, 3, 4]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let backend: Recorder;
let elsewhere: Recorder;

before(async () => {
  backend = await recorder();
  elsewhere = await recorder();
});

after(async () => {
  for (const { server } of [backend, elsewhere]) await new Promise((resolve) => server.close(resolve));
});

test('a BulkDataURI on the backend gets the token; one on another origin does not', async () => {
  const source = new DicomwebSource({ root: `${backend.origin}/dicom-web`, headers: { 'X-Api-Key': 'key-0123' }, getAuthorization: () => 'Bearer secret-token', retries: 0 });
  assert.deepEqual([...(await source.retrieveBulkData(`${backend.origin}/dicom-web/studies/1/bulk/2`))], [1, 2, 3, 4]);
  assert.deepEqual([...(await source.retrieveBulkData(`${elsewhere.origin}/dicom-web/studies/1/bulk/2`))], [1, 2, 3, 4]);
  // Same host, another port: another origin.
  assert.deepEqual(backend.seen, [{ url: '/dicom-web/studies/1/bulk/2', authorization: 'Bearer secret-token', apiKey: 'key-0123' }]);
  assert.deepEqual(elsewhere.seen, [{ url: '/dicom-web/studies/1/bulk/2', authorization: undefined, apiKey: undefined }]);
});

test('isOwnOrigin: every service root counts, other schemes, hosts and ports do not', () => {
  const source = new DicomwebSource({ root: 'https://pacs.example/dicom-web', wadoRoot: 'https://wado.example:8443/wado' });
  assert.ok(source.isOwnOrigin('https://pacs.example/other/path'));
  assert.ok(source.isOwnOrigin('https://wado.example:8443/wado/studies/1'));
  for (const url of ['http://pacs.example/dicom-web/x', 'https://pacs.example:444/dicom-web', 'https://evil.example/dicom-web', 'https://pacs.example.evil.example/', 'not a url']) {
    assert.ok(!source.isOwnOrigin(url), url);
  }
});
