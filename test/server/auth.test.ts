// Authentication and roles over real HTTP: every route family × every role × missing, invalid, valid and restricted
// tokens, for a server with a store and for a gateway; QIDO with a restricted token lists only what it may see.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import * as dicomwebClient from 'dicomweb-client';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { buildApp } from '../../src/server/app.js';
import { tokenTableOf } from '../../src/server/auth/tokens.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import type { DicomwebClient } from '../support/dicomweb-client.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

type Dataset = Record<string, { vr: string; Value?: unknown[] }>;

const tokens = {
  reader: 'reader-token-0123456789abcdef',
  writer: 'writer-token-0123456789abcdef',
  deleter: 'deleter-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdef',
  /** read, patient LB-0002 only (the second study). */
  patientReader: 'patient-reader-token-0123456789',
  /** write and delete, the second study only. */
  studyEditor: 'study-editor-token-0123456789',
};
const tokenConfig = {
  [tokens.reader]: { name: 'reader', roles: ['read'] },
  [tokens.writer]: { name: 'writer', roles: ['write'] },
  [tokens.deleter]: { name: 'deleter', roles: ['delete'] },
  [tokens.admin]: { name: 'admin', roles: ['admin'] },
  [tokens.patientReader]: { name: 'patient-reader', roles: ['read'], patientIds: [secondStudy.patientId] },
  [tokens.studyEditor]: { name: 'study-editor', roles: ['write', 'delete'], studyUids: [secondStudy.studyInstanceUid] },
};
const roleTokens = ['reader', 'writer', 'deleter', 'admin'] as const;

const uidsOf = (bytes: Uint8Array) => {
  const parsed = dicomParser.parseDicom(bytes, { untilTag: 'x00200010' });
  return { sopInstanceUid: parsed.string('x00080018')!, seriesInstanceUid: parsed.string('x0020000e')!, studyInstanceUid: parsed.string('x0020000d')! };
};

let dir: string;
let store: DicomStore;
let server: ListeningServer | undefined;
let root: string;
/** One stored CT slice of each study, and copies made under new SOP Instance UIDs for STOW and DELETE. */
let first: Uint8Array;
let second: Uint8Array;
let copies = 0;

function copyOf(bytes: Uint8Array): { bytes: Uint8Array; uids: ReturnType<typeof uidsOf> } {
  const uid = uidsOf(bytes).sopInstanceUid;
  const copy = withUid(bytes, uid, sameLengthUid(uid, ++copies));
  return { bytes: copy, uids: uidsOf(copy) };
}

function headersOf(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return token === undefined ? extra : { ...extra, Authorization: `Bearer ${token}` };
}

async function call(method: string, url: string, token: string | undefined, init: { headers?: Record<string, string>; body?: Awaited<ReturnType<typeof multipartBuffer>> } = {}) {
  const response = await fetch(url, { method, headers: headersOf(token, init.headers), ...(init.body && { body: init.body }) });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get('www-authenticate'), warning: response.headers.get('warning') ?? '', text };
}

async function stow(base: string, bytes: Uint8Array, token: string | undefined, path = '/studies') {
  const boundary = newBoundary();
  return call('POST', `${base}${path}`, token, {
    headers: { 'Content-Type': stowContentType(boundary, 'application/dicom'), Accept: 'application/dicom+json' },
    body: await multipartBuffer(boundary, [bytes]),
  });
}

function clientWith(url: string, token: string): DicomwebClient {
  // dicomweb-client's main is a UMD bundle that speaks XMLHttpRequest (as test/support/dicomweb-client.ts explains).
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= createRequire(import.meta.url)('xhr2');
  const { api } = 'api' in dicomwebClient ? dicomwebClient : (dicomwebClient as unknown as { default: typeof dicomwebClient }).default;
  return new api.DICOMwebClient({ url, headers: { Authorization: `Bearer ${token}` } } as never) as unknown as DicomwebClient;
}

/** The read routes of one stored instance, by family. */
function readRoutes(base: string, bytes: Uint8Array): Array<{ family: string; url: string; accept?: string }> {
  const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance } = uidsOf(bytes);
  const instanceUrl = `${base}/studies/${study}/series/${series}/instances/${instance}`;
  return [
    { family: 'QIDO series of a study', url: `${base}/studies/${study}/series` },
    { family: 'QIDO instances of a series', url: `${base}/studies/${study}/series/${series}/instances` },
    { family: 'WADO study metadata', url: `${base}/studies/${study}/metadata` },
    { family: 'WADO instance metadata', url: `${instanceUrl}/metadata` },
    { family: 'WADO instance', url: instanceUrl, accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
    { family: 'WADO frames', url: `${instanceUrl}/frames/1` },
    { family: 'WADO rendered', url: `${instanceUrl}/rendered`, accept: 'image/png' },
    { family: 'WADO thumbnail', url: `${instanceUrl}/thumbnail`, accept: 'image/png' },
  ];
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-auth-test-'));
  store = await openFileStore(join(dir, 'store'));
  const ct = sampleStudy.series[0].seriesInstanceUid;
  for (const instance of generateSampleInstances({ ctSlices: 1 })) {
    const uids = uidsOf(instance.bytes);
    if (uids.seriesInstanceUid !== ct && uids.studyInstanceUid !== secondStudy.studyInstanceUid) continue;
    await store.ingest(instance.bytes);
    if (uids.seriesInstanceUid === ct) first ??= instance.bytes;
    else second ??= instance.bytes;
  }
  server = await startListeningServer({ store, auth: { tokens: tokenTableOf(tokenConfig) }, cors: ['http://127.0.0.1:9'] }, { dir });
  root = server.root;
});

after(() => (server ? server.close() : rm(dir, { recursive: true, force: true })));

describe('a server with tokens', () => {
  test('no token: 401 with the bare Bearer challenge and the reason, on every route family', async () => {
    const routes = [...readRoutes(root, first), { family: 'QIDO studies', url: `${root}/studies` }];
    for (const { family, url, accept } of routes) {
      const answer = await call('GET', url, undefined, accept ? { headers: { Accept: accept } } : {});
      assert.equal(answer.status, 401, family);
      assert.equal(answer.challenge, 'Bearer realm="dicom-lightbox"', family);
      assert.match(answer.warning, /needs a bearer token/, family);
    }
    assert.equal((await stow(root, copyOf(first).bytes, undefined)).status, 401);
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(first);
    assert.equal((await call('DELETE', `${root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`, undefined)).status, 401);
    assert.equal((await call('GET', `${root}/studies`, undefined, { headers: { Authorization: 'Basic YTpi' } })).challenge, 'Bearer realm="dicom-lightbox"');
  });

  test('an unknown or malformed token: 401 with error="invalid_token"', async () => {
    for (const token of ['not-a-configured-token-at-all', `${tokens.admin}x`, tokens.admin.slice(0, -1), 'bad token']) {
      for (const { family, url, accept } of readRoutes(root, first)) {
        const answer = await call('GET', url, token, accept ? { headers: { Accept: accept } } : {});
        assert.equal(answer.status, 401, `${family} with ${token}`);
        assert.equal(answer.challenge, 'Bearer realm="dicom-lightbox", error="invalid_token"', family);
      }
    }
    assert.equal((await stow(root, copyOf(first).bytes, 'not-a-configured-token-at-all')).status, 401);
  });

  test('reading needs read: 200 for read and admin, 403 for write and delete, on every read route', async () => {
    for (const { family, url, accept } of [...readRoutes(root, first), { family: 'QIDO studies', url: `${root}/studies` }]) {
      for (const role of roleTokens) {
        const answer = await call('GET', url, tokens[role], accept ? { headers: { Accept: accept } } : {});
        const expected = role === 'reader' || role === 'admin' ? 200 : 403;
        assert.equal(answer.status, expected, `${family} as ${role}: ${answer.warning}`);
        if (expected === 403) assert.match(answer.warning, new RegExp(`token "${role}" may not read here: that needs the read role`));
      }
    }
  });

  test('storing needs write: 200 for write and admin, 403 for read and delete', async () => {
    for (const role of roleTokens) {
      const { bytes, uids } = copyOf(first);
      const answer = await stow(root, bytes, tokens[role]);
      const allowed = role === 'writer' || role === 'admin';
      assert.equal(answer.status, allowed ? 200 : 403, `${role}: ${answer.warning}`);
      assert.equal((await store.instancesAt(uids)).length, allowed ? 1 : 0, role);
    }
  });

  test('deleting needs delete: 204 for delete and admin, 403 for read and write', async () => {
    for (const role of roleTokens) {
      const { bytes, uids } = copyOf(first);
      await store.ingest(bytes);
      const answer = await call('DELETE', `${root}/studies/${uids.studyInstanceUid}/series/${uids.seriesInstanceUid}/instances/${uids.sopInstanceUid}`, tokens[role]);
      const allowed = role === 'deleter' || role === 'admin';
      assert.equal(answer.status, allowed ? 204 : 403, `${role}: ${answer.warning}`);
      assert.equal((await store.instancesAt(uids)).length, allowed ? 0 : 1, role);
    }
  });

  test('a token limited to a patient: 404 for the other patient\'s study on every read route, 200 on its own', async () => {
    for (const { family, url, accept } of readRoutes(root, first)) {
      const answer = await call('GET', url, tokens.patientReader, accept ? { headers: { Accept: accept } } : {});
      const isSearch = family.startsWith('QIDO');
      // A search of a study it may not see matches nothing, as for an unknown study; a retrieve is 404.
      assert.equal(answer.status, isSearch ? 200 : 404, family);
      if (isSearch) assert.deepEqual(JSON.parse(answer.text), [], family);
      else assert.match(answer.warning, /no study/, family);
    }
    for (const { family, url, accept } of readRoutes(root, second)) {
      const answer = await call('GET', url, tokens.patientReader, accept ? { headers: { Accept: accept } } : {});
      assert.equal(answer.status, 200, family);
      if (family.startsWith('QIDO')) assert.ok(JSON.parse(answer.text).length > 0, family);
    }
    // The answer for a study that exists and one that does not is the same.
    const unknown = await call('GET', `${root}/studies/1.2.3.4/metadata`, tokens.patientReader);
    const hidden = await call('GET', `${root}/studies/${sampleStudy.studyInstanceUid}/metadata`, tokens.patientReader);
    assert.deepEqual([unknown.status, unknown.text.replace('1.2.3.4', 'X')], [hidden.status, hidden.text.replace(sampleStudy.studyInstanceUid, 'X')]);
  });

  test('QIDO with a limited token lists only the studies, series and instances it may see (dicomweb-client)', async () => {
    const limited = clientWith(root, tokens.patientReader);
    const studyUid = (dataset: Dataset) => dataset['0020000D']?.Value?.[0];
    assert.deepEqual((await limited.searchForStudies()).map(studyUid), [secondStudy.studyInstanceUid]);
    assert.deepEqual([...new Set((await limited.searchForInstances()).map(studyUid))], [secondStudy.studyInstanceUid]);
    assert.deepEqual([...new Set((await limited.searchForSeries()).map(studyUid))], [secondStudy.studyInstanceUid]);
    assert.deepEqual(await limited.searchForStudies({ queryParams: { PatientID: sampleStudy.patientId } }), []);
    const everything = clientWith(root, tokens.reader);
    assert.deepEqual(new Set((await everything.searchForStudies()).map(studyUid)), new Set([sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid]));
  });

  test('a token limited to a study stores and deletes there only; elsewhere 404, and the data stays', async () => {
    const inSecond = copyOf(second);
    assert.equal((await stow(root, inSecond.bytes, tokens.studyEditor, `/studies/${secondStudy.studyInstanceUid}`)).status, 200);
    const anywhere = await stow(root, copyOf(second).bytes, tokens.studyEditor);
    assert.equal(anywhere.status, 403, 'POST /studies could store into any study');
    assert.equal((await stow(root, copyOf(first).bytes, tokens.studyEditor, `/studies/${sampleStudy.studyInstanceUid}`)).status, 404);
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(first);
    const outside = await call('DELETE', `${root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`, tokens.studyEditor);
    assert.equal(outside.status, 404);
    assert.equal((await store.instancesAt(uidsOf(first))).length, 1);
    const { uids } = inSecond;
    assert.equal((await call('DELETE', `${root}/studies/${uids.studyInstanceUid}/series/${uids.seriesInstanceUid}/instances/${uids.sopInstanceUid}`, tokens.studyEditor)).status, 204);
  });

  test('a CORS preflight passes without a token', async () => {
    const answer = await call('OPTIONS', `${root}/studies`, undefined, {
      headers: { Origin: 'http://127.0.0.1:9', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(answer.status, 204);
  });
});

describe('a gateway with tokens', () => {
  let upstream: ListeningServer | undefined;
  let gateway: ListeningServer | undefined;
  const authorizationSeenUpstream: Array<string | undefined> = [];

  before(async () => {
    // The upstream serves the same store without authentication, on loopback only.
    upstream = await startListeningServer({ store });
    upstream.app.server.on('request', (request) => authorizationSeenUpstream.push(request.headers.authorization));
    const roleOnly = Object.fromEntries(Object.entries(tokenConfig).filter(([, entry]) => !('patientIds' in entry) && !('studyUids' in entry)));
    gateway = await startListeningServer({ upstream: upstream.root, auth: { tokens: tokenTableOf(roleOnly) } });
  });

  after(async () => {
    await gateway?.close();
    // Its store is the one the other server closes.
    await upstream?.app.close();
  });

  test('roles by method, the challenge on 401, and the client\'s token kept from the upstream', async () => {
    const base = gateway!.root;
    assert.equal((await call('GET', `${base}/studies`, undefined)).status, 401);
    assert.equal((await call('GET', `${base}/studies`, 'not-a-configured-token-at-all')).challenge, 'Bearer realm="dicom-lightbox", error="invalid_token"');
    for (const role of roleTokens) {
      const read = await call('GET', `${base}/studies`, tokens[role]);
      assert.equal(read.status, role === 'reader' || role === 'admin' ? 200 : 403, `GET as ${role}`);
      const stored = await stow(base, copyOf(first).bytes, tokens[role]);
      assert.equal(stored.status, role === 'writer' || role === 'admin' ? 200 : 403, `POST as ${role}`);
    }
    const preflight = { Origin: 'http://127.0.0.1:9', 'Access-Control-Request-Method': 'GET' };
    assert.notEqual((await call('OPTIONS', `${base}/studies`, undefined, { headers: preflight })).status, 401, 'a preflight passes');
    assert.equal((await call('OPTIONS', `${base}/studies`, undefined)).status, 401, 'any other OPTIONS is not forwarded without a token');
    assert.equal((await call('OPTIONS', `${base}/studies`, tokens.reader)).status, 403, 'methods other than GET, HEAD, POST and DELETE need admin');
    assert.ok(authorizationSeenUpstream.length > 0);
    assert.deepEqual(new Set(authorizationSeenUpstream), new Set([undefined]));
  });

  test('tokens limited to patients or studies are refused: a gateway cannot check them', async () => {
    await assert.rejects(buildApp({ upstream: 'http://127.0.0.1:9/dicom-web', auth: { tokens: tokenTableOf(tokenConfig) } }), /need a store/);
  });
});
