// The audit trail's anchor: lines cut from the end of a chain, which the chain alone cannot show, are found against
// the anchor by `audit --verify` (exit 1, with the reason) and refused when the chain is reopened; a chain rewritten
// past its anchor likewise; anchors kept in another folder; appends written in batches, acknowledged once written.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { anchorPathOf, readAnchor } from '../../src/server/audit/audit-anchor.js';
import type { AuditEvent } from '../../src/server/audit/audit-log.js';
import { chainedLine, verifyChain } from '../../src/server/audit/hash-chain.js';
import { JsonLinesAuditLog } from '../../src/server/audit/json-lines-audit-log.js';

const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));
let dir: string;

function event(url: string): AuditEvent {
  return { time: new Date().toISOString(), event: { code: '110103', name: 'DICOM Instances Accessed', action: 'R' }, outcome: { indicator: 0, status: 200 }, who: { user: 'reader', address: '127.0.0.1' }, what: [], request: { method: 'GET', url } };
}

function audit(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'audit', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** A folder holding a closed chain of `count` events and its anchor. */
async function closedChain(name: string, count: number, anchorDir?: string): Promise<{ folder: string; chain: string }> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const chain = join(folder, 'trail.jsonl');
  const log = await JsonLinesAuditLog.open(chain, anchorDir === undefined ? {} : { anchorDir });
  for (let index = 0; index < count; index += 1) await log.append(event(`/dicom-web/studies/${index}`));
  await log.close();
  return { folder, chain };
}

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-anchor-test-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('the anchor of a chain', () => {
  test('a closed chain is anchored at its last entry and verifies', async () => {
    const { folder, chain } = await closedChain('intact', 5);
    const anchor = await readAnchor(anchorPathOf(chain));
    assert.equal(anchor?.entries, 5);
    const check = verifyChain(await readFile(chain, 'utf8'));
    assert.equal(check.ok && check.lastHash, anchor?.lastHash);
    const verdict = await audit(['--verify', '--audit', folder]);
    assert.equal(verdict.code, 0, verdict.output);
    assert.match(verdict.output, /5 entries, chain intact, all anchored/);
  });

  test('lines cut from the end: verify fails naming the cut, and the chain is not reopened', async () => {
    const { folder, chain } = await closedChain('cut', 5);
    const kept = (await lines(chain)).slice(0, 3);
    await writeFile(chain, `${kept.join('\n')}\n`);
    assert.ok(verifyChain(await readFile(chain, 'utf8')).ok, 'the chain alone still verifies: that is why the anchor is there');
    const verdict = await audit(['--verify', '--audit', folder]);
    assert.equal(verdict.code, 1, verdict.output);
    assert.match(verdict.output, /BROKEN: the chain ends at entry 3 but its anchor of \S+ records 5 entries: lines were cut from its end/);
    await assert.rejects(JsonLinesAuditLog.open(chain), /does not match its anchor .*cut from its end/);
  });

  test('the end rewritten with well-chained lines: verify finds the anchored entry changed', async () => {
    const { folder, chain } = await closedChain('rewritten', 4);
    const kept = (await lines(chain)).slice(0, 2);
    let previous = (verifyChain(`${kept.join('\n')}\n`) as { lastHash: string }).lastHash;
    const forged: string[] = [];
    for (const url of ['/dicom-web/studies/innocent-1', '/dicom-web/studies/innocent-2']) {
      const { line, hash } = chainedLine(previous, event(url));
      forged.push(line.trimEnd());
      previous = hash;
    }
    await writeFile(chain, `${[...kept, ...forged].join('\n')}\n`);
    const verdict = await audit(['--verify', '--audit', folder]);
    assert.equal(verdict.code, 1, verdict.output);
    assert.match(verdict.output, /BROKEN: entry 4 does not have the hash its anchor of \S+ records: the chain was rewritten/);
  });

  test('a chain without its anchor fails verification, saying its end cannot be checked', async () => {
    const { folder, chain } = await closedChain('no-anchor', 2);
    await rm(anchorPathOf(chain));
    const verdict = await audit(['--verify', '--audit', folder]);
    assert.equal(verdict.code, 1, verdict.output);
    assert.match(verdict.output, /BROKEN: no anchor \(.*\), so lines cut from its end cannot be detected/);
  });

  test('anchors in another folder (--audit-anchors): found there, and a cut is still detected', async () => {
    const anchors = join(dir, 'elsewhere');
    await mkdir(anchors);
    const { folder, chain } = await closedChain('anchored-elsewhere', 3, anchors);
    const ok = await audit(['--verify', '--audit', folder, '--audit-anchors', anchors]);
    assert.equal(ok.code, 0, ok.output);
    // Someone who can write the audit folder cuts the chain and leaves a matching anchor beside it: the anchor kept
    // elsewhere still tells.
    const kept = (await lines(chain)).slice(0, 1);
    await writeFile(chain, `${kept.join('\n')}\n`);
    await writeFile(anchorPathOf(chain), JSON.stringify({ chain: 'trail.jsonl', entries: 1, lastHash: (verifyChain(`${kept[0]}\n`) as { lastHash: string }).lastHash, time: new Date().toISOString() }));
    assert.equal((await audit(['--verify', '--audit', folder])).code, 0, 'the forged local anchor agrees with the cut chain');
    const verdict = await audit(['--verify', '--audit', folder, '--audit-anchors', anchors]);
    assert.equal(verdict.code, 1, verdict.output);
    assert.match(verdict.output, /ends at entry 1 but its anchor .* records 3 entries/);
  });
});

describe('batched appends', () => {
  test('appends of one turn are acknowledged once written, in call order; entries past the anchor until it syncs', async () => {
    const folder = join(dir, 'batched');
    await mkdir(folder);
    const chain = join(folder, 'trail.jsonl');
    const log = await JsonLinesAuditLog.open(chain, { syncIntervalMs: 60_000 });
    await Promise.all(Array.from({ length: 100 }, (_, index) => log.append(event(`/dicom-web/studies/${index}`))));
    const written = await lines(chain);
    assert.equal(written.length, 100, 'every acknowledged append is in the file');
    assert.deepEqual(written.map((line) => (JSON.parse(line) as AuditEvent).request.url), Array.from({ length: 100 }, (_, index) => `/dicom-web/studies/${index}`));
    const before = await audit(['--verify', '--audit', folder]);
    assert.equal(before.code, 0, before.output);
    assert.match(before.output, /100 entries, chain intact, anchored up to entry 0 \(100 written after its anchor/);
    await log.close();
    assert.equal((await readAnchor(anchorPathOf(chain)))?.entries, 100);
    await assert.rejects(log.append(event('/late')), /closed/);
  });

  test('the anchor follows the chain within the sync interval while the log is open', async () => {
    const folder = join(dir, 'synced');
    await mkdir(folder);
    const chain = join(folder, 'trail.jsonl');
    const log = await JsonLinesAuditLog.open(chain, { syncIntervalMs: 20 });
    try {
      for (let index = 0; index < 3; index += 1) await log.append(event(`/x/${index}`));
      let anchored = 0;
      for (let tries = 0; tries < 100 && anchored < 3; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        anchored = (await readAnchor(anchorPathOf(chain)))?.entries ?? 0;
      }
      assert.equal(anchored, 3);
    } finally {
      await log.close();
    }
  });

  test('a chain copied without its anchor opens (an older trail) and is anchored from then on', async () => {
    const { chain } = await closedChain('older', 2);
    const copy = join(dir, 'older', 'copy.jsonl');
    await copyFile(chain, copy);
    const log = await JsonLinesAuditLog.open(copy);
    await log.close();
    assert.equal((await readAnchor(anchorPathOf(copy)))?.entries, 2);
  });
});
