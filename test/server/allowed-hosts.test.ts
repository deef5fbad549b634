// The Host allow-list (DNS-rebinding defence) over real HTTP: loopback names and addresses and the configured names
// are answered, any other Host gets 421 with the reason, on DICOMweb routes and everywhere else.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openFileStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

let server: ListeningServer;
let port: number;

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-allowed-hosts-test-'));
  server = await startListeningServer({ store: await openFileStore(join(dir, 'store')), allowedHosts: ['pacs.example', '192.0.2.7'] }, { dir });
  port = Number(new URL(server.root).port);
});

after(() => server?.close());

/** GET on the server's loopback address with a Host header of our choosing (fetch does not let one set it). */
function get(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('Host allow-list', () => {
  test('loopback names and addresses, with or without a port, are answered', async () => {
    for (const host of ['127.0.0.1', `127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST.', `viewer.localhost:${port}`, `[::1]:${port}`, '127.0.0.2']) {
      assert.equal((await get('/dicom-web/studies', host)).status, 200, host);
    }
  });

  test('the names and addresses it was given are answered, in any case and with a port', async () => {
    for (const host of ['pacs.example', 'PACS.Example:8042', 'pacs.example.', '192.0.2.7:80']) {
      assert.equal((await get('/dicom-web/studies', host)).status, 200, host);
    }
  });

  test('any other host is 421 Misdirected Request with the reason, on every path', async () => {
    for (const [path, host] of [
      ['/dicom-web/studies', 'attacker.example'],
      ['/dicom-web/studies', `attacker.example:${port}`],
      ['/', 'rebound.attacker.example'],
      ['/dicom-web/studies', 'pacs.example.attacker.example'],
      ['/dicom-web/studies', '10.0.0.1'],
      ['/dicom-web/studies', 'localhost@attacker.example'],
    ] as const) {
      const { status, body } = await get(path, host);
      assert.equal(status, 421, host);
      const parsed = JSON.parse(body) as { error: string; message: string };
      assert.equal(parsed.error, 'Misdirected Request');
      assert.match(parsed.message, /does not answer for Host .*--allowed-hosts/, host);
    }
  });
});
