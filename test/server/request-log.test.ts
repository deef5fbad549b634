// Operator request logging over real HTTP: one pino line a request with method, route, path, status, time and who;
// no query string (patient names), no Authorization, no share-link token anywhere in the log; 500s with the stack.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { ShareLinks } from '../../src/server/auth/share-links.js';
import { tokenTableOf } from '../../src/server/auth/tokens.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

const writerToken = 'writer-and-reader-token-0123456789';
let dir: string;
let store: DicomStore;
let server: ListeningServer;
let log = '';

type Line = { level: number; msg: string; method?: string; route?: string; path?: string; status?: number; ms?: number; user?: string | null; err?: { stack?: string } };
const lines = () => log.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);

/** The log once the line of a request to `path` (the last one asked) is written: it follows the answer. */
async function logAfter(path: string): Promise<Line[]> {
  for (let tries = 0; tries < 100; tries += 1) {
    if (lines().some((line) => line.msg.startsWith('request') && line.path === path)) return lines();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no log line for ${path}: ${log}`);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-log-test-'));
  store = await openFileStore(join(dir, 'store'));
  for (const instance of generateSampleInstances({ ctSlices: 1 })) {
    await store.ingest(instance.bytes);
    break;
  }
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (log += chunk));
  server = await startListeningServer(
    {
      store,
      logger: { level: 'info', stream },
      auth: { tokens: tokenTableOf({ [writerToken]: { name: 'writer', roles: ['read', 'write'] } }), shareLinks: await ShareLinks.open(join(dir, 'share')) },
    },
    { extend: (app) => void app.get('/dicom-web/fails', async () => { throw new Error('a bug deep inside'); }) },
  );
});

after(async () => {
  await server.app.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('one line a request: method, route, path without the query, status, time, the token\'s name; no PHI, no credentials', async () => {
  const path = '/dicom-web/studies';
  const response = await fetch(`${server.root}/studies?PatientName=Lightbox*&PatientBirthDate=19700101`, { headers: { Authorization: `Bearer ${writerToken}` } });
  assert.equal(response.status, 200);
  const requestLines = (await logAfter(path)).filter((line) => line.path === path);
  assert.equal(requestLines.length, 1, log);
  const [line] = requestLines;
  assert.equal(line!.method, 'GET');
  assert.equal(line!.route, '/dicom-web/studies');
  assert.equal(line!.status, 200);
  assert.equal(typeof line!.ms, 'number');
  assert.equal(line!.user, 'writer');
  for (const secret of [writerToken, 'Lightbox', '19700101', sampleStudy.patientName]) assert.ok(!log.includes(secret), `${secret} is in the log`);
});

test('a share link\'s token never reaches the log, nor does the response that carries it', async () => {
  const created = await fetch(`${server.root}/studies/${sampleStudy.studyInstanceUid}/share-links`, { method: 'POST', headers: { Authorization: `Bearer ${writerToken}` } });
  assert.equal(created.status, 201);
  const { token, id } = (await created.json()) as { token: string; id: string };
  const path = `/dicom-web/studies/${sampleStudy.studyInstanceUid}/metadata`;
  assert.equal((await fetch(`${server.root}/studies/${sampleStudy.studyInstanceUid}/metadata`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
  const logged = await logAfter(path);
  assert.equal(logged.find((line) => line.path === path)?.user, `share:${id}`);
  for (const part of token.split('.')) assert.ok(!log.includes(part), 'a part of the share token is in the log');
});

test('a 500 is logged at error level with the stack; the client sees no detail', async () => {
  const response = await fetch(`${server.root}/fails`, { headers: { Authorization: `Bearer ${writerToken}` } });
  assert.equal(response.status, 500);
  assert.ok(!(await response.text()).includes('deep inside'));
  const logged = await logAfter('/dicom-web/fails');
  const withStack = logged.find((line) => line.level === 50 && line.err?.stack?.includes('a bug deep inside'));
  assert.ok(withStack, log);
  assert.match(withStack.err!.stack!, /request-log\.test\.ts/);
  assert.equal(logged.find((line) => line.path === '/dicom-web/fails')?.level, 50);
});
