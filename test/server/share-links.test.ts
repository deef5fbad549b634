// Share links over real HTTP: a writer creates a read-only link to one study; the link reads that study and nothing
// else (no STOW, no DELETE, no other study, QIDO limited to the study), expires, is revoked for good (the revocation
// survives a restart), and its token never reaches the audit trail.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { decodeJwt, SignJWT } from 'jose';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { openProcessAuditLog } from '../../src/server/audit/audit-directory.js';
import type { JsonLinesAuditLog } from '../../src/server/audit/json-lines-audit-log.js';
import { ShareLinks, shareTokenType } from '../../src/server/auth/share-links.js';
import { tokenTableOf } from '../../src/server/auth/tokens.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

const tokens = {
  reader: 'reader-token-0123456789abcdef',
  writer: 'writer-token-0123456789abcdef',
  /** write, the second study only. */
  studyEditor: 'study-editor-token-0123456789',
};
const secret = Buffer.alloc(32, 7);

let dir: string;
let store: DicomStore;
let audit: JsonLinesAuditLog;
let server: ListeningServer;
let root: string;
let firstInstance: Uint8Array;
const firstUids = { study: '', series: '', instance: '' };

async function call(method: string, path: string, token: string | undefined, init: { json?: unknown; headers?: Record<string, string>; body?: Uint8Array<ArrayBuffer> } = {}) {
  const headers: Record<string, string> = { ...init.headers, ...(token !== undefined && { Authorization: `Bearer ${token}` }) };
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${root}${path}`, { method, headers, ...(init.json !== undefined && { body: JSON.stringify(init.json) }), ...(init.body && { body: init.body }) });
  const text = await response.text();
  return { status: response.status, text, warning: response.headers.get('warning') ?? '', cacheControl: response.headers.get('cache-control') };
}

async function share(study: string, token: string, json?: unknown) {
  const answer = await call('POST', `/studies/${study}/share-links`, token, json === undefined ? {} : { json });
  return { ...answer, link: answer.status === 201 ? (JSON.parse(answer.text) as { id: string; token: string; url: string; expiresAt: string; studyInstanceUid: string }) : undefined };
}

const studyUidsOf = (text: string) => [...new Set((JSON.parse(text) as Array<Record<string, { Value?: unknown[] }>>).map((item) => item['0020000D']?.Value?.[0]))];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-share-test-'));
  store = await openFileStore(join(dir, 'store'));
  for (const instance of generateSampleInstances({ ctSlices: 1 })) {
    const parsed = dicomParser.parseDicom(instance.bytes, { untilTag: 'x00200010' });
    const [study, series, sop] = [parsed.string('x0020000d')!, parsed.string('x0020000e')!, parsed.string('x00080018')!];
    if (series !== sampleStudy.series[0].seriesInstanceUid && study !== secondStudy.studyInstanceUid) continue;
    await store.ingest(instance.bytes);
    if (series === sampleStudy.series[0].seriesInstanceUid && !firstInstance) {
      firstInstance = instance.bytes;
      Object.assign(firstUids, { study, series, instance: sop });
    }
  }
  audit = await openProcessAuditLog(join(dir, 'audit'));
  const tokenTable = tokenTableOf({
    [tokens.reader]: { name: 'reader', roles: ['read'] },
    [tokens.writer]: { name: 'writer', roles: ['write'] },
    [tokens.studyEditor]: { name: 'study-editor', roles: ['write'], studyUids: [secondStudy.studyInstanceUid] },
  });
  server = await startListeningServer({ store, audit, auth: { tokens: tokenTable, shareLinks: await ShareLinks.open(join(dir, 'share-links'), { secret }) } });
  root = server.root;
});

after(async () => {
  await server.app.close();
  await audit.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('creating a share link', () => {
  test('write creates one (201, no-store, the demo URL with the token in its fragment); read may not (403)', async () => {
    assert.equal((await share(sampleStudy.studyInstanceUid, tokens.reader)).status, 403);
    assert.equal((await share(sampleStudy.studyInstanceUid, 'not-a-token-at-all-0123')).status, 401);
    const { status, link, cacheControl } = await share(sampleStudy.studyInstanceUid, tokens.writer, { expiresIn: 3600 });
    assert.equal(status, 201);
    assert.equal(cacheControl, 'no-store');
    assert.equal(link!.studyInstanceUid, sampleStudy.studyInstanceUid);
    const url = new URL(link!.url);
    assert.equal(url.origin, new URL(root).origin);
    assert.equal(url.pathname, '/');
    assert.equal(url.searchParams.get('study'), sampleStudy.studyInstanceUid);
    assert.equal(url.hash, `#share=${link!.token}`);
    assert.ok(Math.abs(Date.parse(link!.expiresAt) - (Date.now() + 3600_000)) < 10_000);
  });

  test('an unknown study, a study outside a limited token, or a lifetime out of range: refused', async () => {
    assert.equal((await share('1.2.3.4.5', tokens.writer)).status, 404);
    assert.equal((await share(sampleStudy.studyInstanceUid, tokens.studyEditor)).status, 404);
    assert.equal((await share(secondStudy.studyInstanceUid, tokens.studyEditor)).status, 201);
    for (const expiresIn of [0, 59, 31 * 24 * 3600, '3600', 1.5]) {
      const answer = await share(sampleStudy.studyInstanceUid, tokens.writer, { expiresIn });
      assert.equal(answer.status, 400, String(expiresIn));
      assert.match(answer.warning, /expiresIn/);
    }
  });
});

describe('a share link', () => {
  let link: { id: string; token: string };
  before(async () => (link = (await share(sampleStudy.studyInstanceUid, tokens.writer)).link!));

  test('reads its study: metadata, frames, QIDO', async () => {
    assert.equal((await call('GET', `/studies/${sampleStudy.studyInstanceUid}/metadata`, link.token)).status, 200);
    const frame = await call('GET', `/studies/${firstUids.study}/series/${firstUids.series}/instances/${firstUids.instance}/frames/1`, link.token);
    assert.equal(frame.status, 200);
    assert.deepEqual(studyUidsOf((await call('GET', '/studies/' + sampleStudy.studyInstanceUid + '/series', link.token)).text), [sampleStudy.studyInstanceUid]);
  });

  test('QIDO shows its study only: another patient cannot be learnt of', async () => {
    assert.deepEqual(studyUidsOf((await call('GET', '/studies', link.token)).text), [sampleStudy.studyInstanceUid]);
    assert.deepEqual(studyUidsOf((await call('GET', '/series', link.token)).text), [sampleStudy.studyInstanceUid]);
    assert.deepEqual(JSON.parse((await call('GET', `/studies?PatientID=${secondStudy.patientId}`, link.token)).text), []);
    assert.deepEqual(JSON.parse((await call('GET', `/studies/${secondStudy.studyInstanceUid}/series`, link.token)).text), []);
  });

  test('never another study, STOW, DELETE, or another share link', async () => {
    assert.equal((await call('GET', `/studies/${secondStudy.studyInstanceUid}/metadata`, link.token)).status, 404);
    const boundary = newBoundary();
    const copy = withUid(firstInstance, firstUids.instance, sameLengthUid(firstUids.instance, 1));
    const body = await multipartBuffer(boundary, [copy]);
    for (const path of ['/studies', `/studies/${sampleStudy.studyInstanceUid}`]) {
      const stored = await call('POST', path, link.token, { headers: { 'Content-Type': stowContentType(boundary, 'application/dicom') }, body });
      assert.equal(stored.status, 403, `STOW ${path}`);
    }
    assert.equal((await call('DELETE', `/studies/${firstUids.study}/series/${firstUids.series}/instances/${firstUids.instance}`, link.token)).status, 403);
    assert.equal((await store.instancesAt({ studyInstanceUid: firstUids.study, seriesInstanceUid: firstUids.series, sopInstanceUid: firstUids.instance })).length, 1);
    assert.equal((await share(sampleStudy.studyInstanceUid, link.token)).status, 403);
  });

  test('expired, re-signed for another study, or signed with another secret: 401', async () => {
    const { jti } = decodeJwt(link.token);
    const sign = (claims: Record<string, unknown>, exp: number, key: Uint8Array = secret) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: shareTokenType }).setJti(jti!).setIssuer('dicom-lightbox').setAudience('dicom-lightbox-share').setExpirationTime(exp).sign(key);
    const now = Math.floor(Date.now() / 1000);
    const expired = await call('GET', `/studies/${sampleStudy.studyInstanceUid}/metadata`, await sign({ study: sampleStudy.studyInstanceUid }, now - 120));
    assert.equal(expired.status, 401);
    assert.match(expired.warning, /expired/);
    // The ledger says which study a link opens, whatever a token signed with the secret claims.
    const otherStudy = await call('GET', `/studies/${secondStudy.studyInstanceUid}/metadata`, await sign({ study: secondStudy.studyInstanceUid }, now + 600));
    assert.equal(otherStudy.status, 401);
    const forged = await call('GET', `/studies/${sampleStudy.studyInstanceUid}/metadata`, await sign({ study: sampleStudy.studyInstanceUid }, now + 600, Buffer.alloc(32, 9)));
    assert.equal(forged.status, 401);
  });
});

describe('revoking a share link', () => {
  test('write revokes (204); the link then answers 401, after a restart too; read may not revoke', async () => {
    const { link } = await share(sampleStudy.studyInstanceUid, tokens.writer);
    const metadata = `/studies/${sampleStudy.studyInstanceUid}/metadata`;
    assert.equal((await call('GET', metadata, link!.token)).status, 200);
    const path = `/studies/${sampleStudy.studyInstanceUid}/share-links/${link!.id}`;
    assert.equal((await call('DELETE', path, tokens.reader)).status, 403);
    assert.equal((await call('DELETE', `/studies/${secondStudy.studyInstanceUid}/share-links/${link!.id}`, tokens.writer)).status, 404, 'the link is not to that study');
    assert.equal((await call('DELETE', path, tokens.studyEditor)).status, 404, 'a limited token does not see the study');
    assert.equal((await call('DELETE', path, link!.token)).status, 403);
    assert.equal((await call('DELETE', path, tokens.writer)).status, 204);
    const revoked = await call('GET', metadata, link!.token);
    assert.equal(revoked.status, 401);
    assert.match(revoked.warning, /revoked/);
    const reopened = await ShareLinks.open(join(dir, 'share-links'), { secret });
    await assert.rejects(reopened.principalOf(link!.token), /revoked/);
  });

  test('the secret and the ledger are kept private (700/600), and a generated secret is kept across opens', async () => {
    const own = join(dir, 'own-share-links');
    const first = await ShareLinks.open(own);
    const { token } = await first.create(sampleStudy.studyInstanceUid, 'test');
    assert.equal((await stat(own)).mode & 0o777, 0o700);
    assert.equal((await stat(join(own, 'secret'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(own, 'links.jsonl'))).mode & 0o777, 0o600);
    assert.equal((await (await ShareLinks.open(own)).principalOf(token))?.name, `share:${decodeJwt(token).jti}`);
  });
});

describe('the audit trail of share links', () => {
  type Line = {
    event: { code: string; name: string; type?: { code: string; name: string }; action: string };
    outcome: { indicator: number; status: number };
    who: { user: string | null; refused?: string };
    what: Array<{ studyInstanceUid?: string; patientId?: string; shareLink?: { id: string; change: string; expiresAt?: string } }>;
    request: { method: string; url: string };
  };
  const trailText = async () => (await Promise.all((await readdir(join(dir, 'audit'))).map((name) => readFile(join(dir, 'audit', name), 'utf8')))).join('');
  /** The trail is written after each answer: waits until `count` lines mention the link. */
  async function linesAbout(id: string, count: number): Promise<Line[]> {
    let lines: Line[] = [];
    for (let tries = 0; tries < 100; tries += 1) {
      lines = (await trailText()).split('\n').filter((line) => line.includes(id)).map((line) => JSON.parse(line) as Line);
      if (lines.length >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return lines;
  }

  test('creation and revocation are Security Alerts (Object Security Attributes Changed) naming the link by id; each use names it as the user, each refused use of a link this server signed as refused; the token is nowhere', async () => {
    const { link } = await share(sampleStudy.studyInstanceUid, tokens.writer, { expiresIn: 600 });
    const study = sampleStudy.studyInstanceUid;
    assert.equal((await call('GET', `/studies/${study}/metadata`, link!.token)).status, 200);
    assert.equal((await call('GET', `/studies/${secondStudy.studyInstanceUid}/metadata`, link!.token)).status, 404);
    assert.equal((await call('DELETE', `/studies/${study}/share-links/${link!.id}`, tokens.reader)).status, 403);
    assert.equal((await call('DELETE', `/studies/${study}/share-links/${link!.id}`, tokens.writer)).status, 204);
    const lines = await linesAbout(link!.id, 5);
    const [created, used, refusedUse, refusedRevoke, revoked] = lines;

    const securityAlert = { code: '110113', name: 'Security Alert', type: { code: '110135', name: 'Object Security Attributes Changed' }, action: 'E' };
    assert.deepEqual(created!.event, securityAlert);
    assert.deepEqual(created!.outcome, { indicator: 0, status: 201 });
    assert.equal(created!.who.user, 'writer');
    assert.deepEqual(created!.what, [{ studyInstanceUid: study, patientId: sampleStudy.patientId, shareLink: { id: link!.id, change: 'created', expiresAt: link!.expiresAt } }]);

    assert.equal(used!.who.user, `share:${link!.id}`);
    assert.equal(used!.event.code, '110103');
    assert.equal(used!.outcome.status, 200);
    assert.equal(refusedUse!.who.user, `share:${link!.id}`);
    assert.deepEqual([refusedUse!.outcome.indicator, refusedUse!.outcome.status], [4, 404]);

    // A refused revocation is recorded as the attempt it was; the URL names the link.
    assert.deepEqual(refusedRevoke!.event, securityAlert);
    assert.deepEqual([refusedRevoke!.who.user, refusedRevoke!.outcome.status], ['reader', 403]);
    assert.deepEqual(revoked!.event, securityAlert);
    assert.equal(revoked!.who.user, 'writer');
    assert.deepEqual(revoked!.what, [{ studyInstanceUid: study, patientId: sampleStudy.patientId, shareLink: { id: link!.id, change: 'revoked' } }]);

    // Trying a revoked link, or an expired one, is recorded under the link's id (its signature verified); a token that
    // merely claims the id, signed with another key, is not.
    assert.equal((await call('GET', `/studies/${study}/metadata`, link!.token)).status, 401);
    const { jti } = decodeJwt(link!.token);
    const sign = (exp: number, key: Uint8Array) =>
      new SignJWT({ study }).setProtectedHeader({ alg: 'HS256', typ: shareTokenType }).setJti(jti!).setIssuer('dicom-lightbox').setAudience('dicom-lightbox-share').setExpirationTime(exp).sign(key);
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await call('GET', `/studies/${study}/metadata?expired`, await sign(now - 120, secret))).status, 401);
    assert.equal((await call('GET', `/studies/${study}/metadata?forged-${link!.id}`, await sign(now + 600, Buffer.alloc(32, 9)))).status, 401);
    const attempts = (await linesAbout(link!.id, 8)).slice(5);
    assert.deepEqual(
      attempts.map((line) => [line.request.url.replace(/^.*metadata/, ''), line.who.user, line.who.refused, line.outcome.status]),
      [
        ['', null, `share:${link!.id}`, 401],
        ['?expired', null, `share:${link!.id}`, 401],
        [`?forged-${link!.id}`, null, undefined, 401],
      ],
    );

    const text = await trailText();
    assert.ok(!text.includes(link!.token.split('.')[2]!), 'the token\'s signature is in the audit trail');
    assert.ok(!text.includes(link!.token.split('.')[1]!), 'the token\'s claims are in the audit trail');
  });
});
