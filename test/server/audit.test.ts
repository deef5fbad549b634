// The audit trail over real HTTP: allowed and refused requests each leave one hash-chained line naming who, from
// where, what and how it ended; altering or removing a line is found by verification, and by the CLI's audit --verify.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { openProcessAuditLog } from '../../src/server/audit/audit-directory.js';
import type { AuditEvent } from '../../src/server/audit/audit-log.js';
import { verifyChain } from '../../src/server/audit/hash-chain.js';
import { JsonLinesAuditLog } from '../../src/server/audit/json-lines-audit-log.js';
import { tokenTableOf } from '../../src/server/auth/tokens.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));
const reader = 'audit-reader-token-0123456789';
const writer = 'audit-writer-token-0123456789';
const deleter = 'audit-deleter-token-0123456789';

let dir: string;
let auditDir: string;
let auditFile: string;
let store: DicomStore;
let audit: JsonLinesAuditLog;
let server: ListeningServer | undefined;
let slice: Uint8Array;
let stored: { sop: string; series: string };

/** The trail's lines once it holds `count` (the hook writes after the response is sent). */
async function linesWhen(count: number): Promise<string[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const lines = (await readFile(auditFile, 'utf8')).split('\n').filter(Boolean);
    if (lines.length >= count) return lines;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the audit trail did not reach ${count} lines`);
}

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-audit-test-'));
  auditDir = join(dir, 'audit');
  await mkdir(auditDir);
  auditFile = join(auditDir, 'trail.jsonl');
  store = await openFileStore(join(dir, 'store'));
  slice = [...generateSampleInstances({ ctSlices: 1 })][0]!.bytes;
  await store.ingest(slice);
  audit = await JsonLinesAuditLog.open(auditFile);
  const tokens = tokenTableOf({ [reader]: { name: 'reader', roles: ['read'] }, [writer]: { name: 'writer', roles: ['write'] }, [deleter]: { name: 'deleter', roles: ['delete'] } });
  server = await startListeningServer({ store, auth: { tokens }, audit }, { dir });
});

after(async () => {
  if (server) await server.close();
  else await rm(dir, { recursive: true, force: true });
});

describe('the audit trail', () => {
  test('every request leaves one line: who, from where, what, the outcome, refused ones included', async () => {
    const ct = sampleStudy.series[0];
    const seriesUrl = `${server!.root}/studies/${sampleStudy.studyInstanceUid}/series/${ct.seriesInstanceUid}`;
    assert.equal((await fetch(`${server!.root}/studies`)).status, 401);
    assert.equal((await fetch(`${seriesUrl}/metadata`, { headers: { Authorization: `Bearer ${reader}` } })).status, 200);
    assert.equal((await fetch(`${server!.root}/studies?PatientID=LB-0001`, { headers: { Authorization: `Bearer ${reader}` } })).status, 200);
    assert.equal((await fetch(`${seriesUrl}/metadata`, { headers: { Authorization: `Bearer ${writer}` } })).status, 403);
    // The slice again under a new SOP Instance UID.
    const original = (await store.instancesAt({ studyInstanceUid: sampleStudy.studyInstanceUid }))[0]!.sopInstanceUid;
    const copy = withUid(slice, original, sameLengthUid(original, 1));
    stored = { sop: sameLengthUid(original, 1), series: ct.seriesInstanceUid };
    const boundary = newBoundary();
    const stow = await fetch(`${server!.root}/studies`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${writer}`, 'Content-Type': stowContentType(boundary, 'application/dicom'), Accept: 'application/dicom+json' },
      body: await multipartBuffer(boundary, [copy]),
    });
    assert.equal(stow.status, 200);

    const events = (await linesWhen(5)).map((line) => JSON.parse(line) as AuditEvent & { previous: string; hash: string });
    assert.equal(events.length, 5);
    const [unauthenticated, metadata, search, refused, store_] = events;
    assert.deepEqual([unauthenticated!.who, unauthenticated!.outcome.status, unauthenticated!.outcome.indicator], [{ user: null, address: '127.0.0.1' }, 401, 4]);
    assert.match(unauthenticated!.outcome.reason ?? '', /needs a bearer token/);
    assert.deepEqual(unauthenticated!.event, { code: '110112', name: 'Query', action: 'E' });

    assert.deepEqual(metadata!.who, { user: 'reader', address: '127.0.0.1' });
    assert.deepEqual(metadata!.event, { code: '110103', name: 'DICOM Instances Accessed', action: 'R' });
    assert.deepEqual(metadata!.outcome, { indicator: 0, status: 200 });
    assert.deepEqual(metadata!.what, [{ studyInstanceUid: sampleStudy.studyInstanceUid, seriesInstanceUid: ct.seriesInstanceUid, patientId: sampleStudy.patientId }]);
    assert.ok(!Number.isNaN(Date.parse(metadata!.time)));

    assert.equal(search!.request.url, '/dicom-web/studies?PatientID=LB-0001', 'a search records what was searched for');
    assert.deepEqual([refused!.who.user, refused!.outcome.status, refused!.outcome.indicator], ['writer', 403, 4]);
    assert.deepEqual(store_!.event, { code: '110104', name: 'DICOM Instances Transferred', action: 'C' });
    assert.deepEqual(store_!.what, [{ studyInstanceUid: sampleStudy.studyInstanceUid, seriesInstanceUid: stored.series, sopInstanceUid: stored.sop, patientId: sampleStudy.patientId }]);
    assert.ok(verifyChain(await readFile(auditFile, 'utf8')).ok);
  });

  test('an altered line, a removed line or an inserted line breaks the chain there; the CLI says so and exits 1', async () => {
    const text = await readFile(auditFile, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    assert.ok(lines.length >= 5);
    const check = verifyChain(text);
    assert.ok(check.ok && check.entries === lines.length);

    const altered = [...lines];
    altered[1] = altered[1]!.replace('"user":"reader"', '"user":"admin"');
    assert.notEqual(altered[1], lines[1]);
    assert.deepEqual(verifyChain(`${altered.join('\n')}\n`), { ok: false, entries: 1, line: 2, reason: 'its content does not match its hash (altered)' });

    const removed = lines.filter((_, index) => index !== 2);
    const afterRemoval = verifyChain(`${removed.join('\n')}\n`);
    assert.equal(afterRemoval.ok, false);
    assert.equal(!afterRemoval.ok && afterRemoval.line, 3);

    const swapped = [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)];
    assert.equal(verifyChain(`${swapped.join('\n')}\n`).ok, false);

    assert.deepEqual(await runCli(['audit', '--verify', '--audit', auditDir]).then((result) => result.code), 0);
    const tamperedDir = join(dir, 'tampered');
    await mkdir(tamperedDir);
    await writeFile(join(tamperedDir, 'trail.jsonl'), `${removed.join('\n')}\n`);
    const verdict = await runCli(['audit', '--verify', '--audit', tamperedDir]);
    assert.equal(verdict.code, 1, verdict.output);
    assert.match(verdict.output, /BROKEN at line 3: it does not follow the line before it/);
    await assert.rejects(JsonLinesAuditLog.open(join(tamperedDir, 'trail.jsonl')), /broken at line 3/);
  });

  test('a study deleted is DICOM Study Deleted (110105), a series or instance deleted DICOM Instances Accessed (110103), both action D', async () => {
    const before = (await linesWhen(1)).length;
    const study = '1.2.826.0.1.3680043.9.7433.99.1';
    for (const url of [`${server!.root}/studies/${study}/series/${study}.2`, `${server!.root}/studies/${study}`]) {
      assert.equal((await fetch(url, { method: 'DELETE', headers: { Authorization: `Bearer ${deleter}` } })).status, 404);
    }
    const [series, whole] = (await linesWhen(before + 2)).slice(before).map((line) => JSON.parse(line) as AuditEvent);
    assert.deepEqual(series!.event, { code: '110103', name: 'DICOM Instances Accessed', action: 'D' });
    assert.deepEqual(whole!.event, { code: '110105', name: 'DICOM Study Deleted', action: 'D' });
    assert.deepEqual(whole!.what, [{ studyInstanceUid: study }]);
  });

  test('audit --study prints the events about one study only', async () => {
    const { code, output } = await runCli(['audit', '--study', sampleStudy.studyInstanceUid, '--audit', auditDir]);
    assert.equal(code, 0, output);
    const events = output.trim().split('\n').map((line) => JSON.parse(line) as AuditEvent);
    assert.ok(events.length >= 3);
    assert.ok(events.every((event) => event.what.some((object) => object.studyInstanceUid === sampleStudy.studyInstanceUid)));
    assert.equal((await runCli(['audit', '--study', '1.2.3', '--audit', auditDir])).output, '');
  });

  test('a reopened trail continues the chain', async () => {
    await audit.close();
    const reopened = await JsonLinesAuditLog.open(auditFile);
    const before = (await readFile(auditFile, 'utf8')).split('\n').filter(Boolean).length;
    await reopened.append({ time: new Date().toISOString(), event: { code: '110103', name: 'DICOM Instances Accessed', action: 'R' }, outcome: { indicator: 0, status: 200 }, who: { user: 'x', address: '::1' }, what: [], request: { method: 'GET', url: '/' } });
    await reopened.close();
    const check = verifyChain(await readFile(auditFile, 'utf8'));
    assert.ok(check.ok && check.entries === before + 1);
  });
});

describe('the audit trail at rest', () => {
  test('its folder is made 0700 and each chain 0600 whatever the umask; a chain left readable by others is narrowed', async () => {
    const trailDir = join(dir, 'private-trail');
    const previous = process.umask(0);
    let log: JsonLinesAuditLog;
    try {
      log = await openProcessAuditLog(trailDir);
      await log.close();
      const loose = join(trailDir, 'older.jsonl');
      await writeFile(loose, '', { mode: 0o644 });
      await (await JsonLinesAuditLog.open(loose)).close();
    } finally {
      process.umask(previous);
    }
    assert.equal((await stat(trailDir)).mode & 0o777, 0o700);
    for (const name of await readdir(trailDir)) assert.equal((await stat(join(trailDir, name))).mode & 0o777, 0o600, name);
  });
});
