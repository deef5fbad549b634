// The share-link ledger's compaction on real files: its only writer drops expired links (and their revocations) at
// open and once enough have piled up while serving, by a temporary file renamed over the ledger (600); live links and
// their revocations survive it; processes that share the ledger (workers) never rewrite it.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ShareLinks } from '../../src/server/auth/share-links.js';

const secret = Buffer.alloc(32, 3);
const study = '1.2.826.0.1.3680043.8.498.1';
let root: string;
let count = 0;

before(async () => (root = await mkdtemp(join(tmpdir(), 'dicom-lightbox-share-ledger-'))));
after(() => rm(root, { recursive: true, force: true }));

const freshDir = () => join(root, `links-${++count}`);
const ledgerOf = (dir: string) => join(dir, 'links.jsonl');
const now = () => Math.floor(Date.now() / 1000);

/** Ledger lines of links that expired a while ago, as a server that ran for months leaves them; every other one revoked. */
function expiredLines(prefix: string, howMany: number): string {
  let text = '';
  for (let index = 0; index < howMany; index += 1) {
    const id = `${prefix}-expired-${index}`;
    text += `${JSON.stringify({ issued: { id, studyInstanceUid: study, expiresAt: now() - 3600 - index, createdBy: 'writer' } })}\n`;
    if (index % 2 === 0) text += `${JSON.stringify({ revoked: id })}\n`;
  }
  return text;
}

test('its only writer drops expired links and their revocations at open; live links, revoked or not, stay as they were', async () => {
  const dir = freshDir();
  const first = await ShareLinks.open(dir, { secret });
  const live = await first.create(study, 'writer', 3600);
  const revoked = await first.create(study, 'writer', 3600);
  await first.revoke(revoked.link.id);
  await appendFile(ledgerOf(dir), expiredLines('old', 50));
  // What a compaction cut short by a crash leaves behind.
  await writeFile(`${ledgerOf(dir)}.12345.deadbeef.tmp`, 'partial');
  const before = await readFile(ledgerOf(dir), 'utf8');

  const reopened = await ShareLinks.open(dir, { secret, soleWriter: true });
  const after = await readFile(ledgerOf(dir), 'utf8');
  assert.ok(after.length < before.length / 10, `${before.length} → ${after.length} bytes`);
  assert.ok(!after.includes('-expired-'), 'an expired link is still in the ledger');
  assert.deepEqual(after.trim().split('\n').map((line) => JSON.parse(line)), [{ issued: live.link }, { issued: revoked.link }, { revoked: revoked.link.id }]);
  assert.equal((await stat(ledgerOf(dir))).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['links.jsonl'], 'a temporary file is left');
  assert.equal((await reopened.principalOf(live.token))?.name, `share:${live.link.id}`);
  await assert.rejects(reopened.principalOf(revoked.token), /revoked/);
  // Another process that had the ledger open sees the compacted one just as well.
  assert.equal((await first.principalOf(live.token))?.name, `share:${live.link.id}`);
  await assert.rejects(first.principalOf(revoked.token), /revoked/);
});

test('while serving, its only writer compacts once `compactAfter` expired links have piled up', async () => {
  const dir = freshDir();
  const links = await ShareLinks.open(dir, { secret, soleWriter: true, compactAfter: 20 });
  const kept = await links.create(study, 'writer', 3600);
  await appendFile(ledgerOf(dir), expiredLines('a', 19));
  await links.create(study, 'writer', 3600);
  assert.match(await readFile(ledgerOf(dir), 'utf8'), /a-expired-18/, 'compacted before 20 expired links');
  await appendFile(ledgerOf(dir), expiredLines('b', 1));
  const last = await links.create(study, 'writer', 3600);
  const text = await readFile(ledgerOf(dir), 'utf8');
  assert.ok(!text.includes('-expired-'), 'not compacted at 20 expired links');
  assert.equal(text.trim().split('\n').length, 3);
  for (const { token, link } of [kept, last]) assert.equal((await links.principalOf(token))?.name, `share:${link.id}`);
  assert.equal((await stat(ledgerOf(dir))).mode & 0o777, 0o600);
});

test('creations and revocations made at once while compactions run lose nothing', async () => {
  const dir = freshDir();
  const links = await ShareLinks.open(dir, { secret, soleWriter: true, compactAfter: 5 });
  await appendFile(ledgerOf(dir), expiredLines('c', 30));
  const created = await Promise.all(Array.from({ length: 40 }, () => links.create(study, 'writer', 3600)));
  await Promise.all(created.filter((_, index) => index % 3 === 0).map(({ link }) => links.revoke(link.id)));
  const reopened = await ShareLinks.open(dir, { secret });
  for (const [index, { token, link }] of created.entries()) {
    if (index % 3 === 0) await assert.rejects(reopened.principalOf(token), /revoked/, `link ${index} is not revoked`);
    else assert.equal((await reopened.principalOf(token))?.name, `share:${link.id}`, `link ${index} is lost`);
  }
  assert.ok(!(await readFile(ledgerOf(dir), 'utf8')).includes('-expired-'));
});

test('a process that shares the ledger (a worker) never rewrites it', async () => {
  const dir = freshDir();
  const links = await ShareLinks.open(dir, { secret, compactAfter: 1 });
  await appendFile(ledgerOf(dir), expiredLines('d', 10));
  await links.create(study, 'writer', 3600);
  const text = await readFile(ledgerOf(dir), 'utf8');
  await ShareLinks.open(dir, { secret });
  assert.equal(await readFile(ledgerOf(dir), 'utf8'), text);
  assert.match(text, /d-expired-9/);
});
