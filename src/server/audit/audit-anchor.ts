// The anchor of a hash chain: how many entries it held and the hash of the last one, written outside the chain each
// time the chain is synced to disk. The chain alone cannot show that lines were cut from its end (what is left still
// verifies); against its anchor, a chain shorter than the anchor says, or whose entry at that count hashes otherwise,
// was cut or rewritten. Kept beside the chain by default; in another folder (`--audit-anchors`: another disk, a mount
// of another machine) it also resists someone who can rewrite the audit folder itself.
import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ChainCheck } from './hash-chain.js';
import { privateFileMode } from '../store/private-files.js';

export interface AuditAnchor {
  /** The chain's file name. */
  chain: string;
  /** Entries (lines) of the chain written and synced when the anchor was written. */
  entries: number;
  /** The hash of the last of them; the chain start (64 zeros) for none. */
  lastHash: string;
  /** When the anchor was written, ISO 8601 UTC. */
  time: string;
}

/** Where the anchor of the chain at `chainPath` lives: `<chain file name>.anchor.json` in `anchorDir` (default: beside it). */
export function anchorPathOf(chainPath: string, anchorDir?: string): string {
  return join(anchorDir ?? dirname(chainPath), `${basename(chainPath)}.anchor.json`);
}

/** Replaces the anchor atomically (temporary file, fsync, rename): a crash leaves the old anchor or the new one. */
export async function writeAnchor(path: string, anchor: AuditAnchor): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w', privateFileMode);
  try {
    await file.writeFile(`${JSON.stringify(anchor)}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/** The anchor at `path`; undefined when there is none; throws when it is not an anchor. */
export async function readAnchor(path: string): Promise<AuditAnchor | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let anchor: Partial<AuditAnchor>;
  try {
    anchor = JSON.parse(text) as Partial<AuditAnchor>;
  } catch {
    throw new Error(`the anchor ${path} is not JSON`);
  }
  if (!Number.isInteger(anchor.entries) || anchor.entries! < 0 || typeof anchor.lastHash !== 'string' || !/^[0-9a-f]{64}$/.test(anchor.lastHash)) {
    throw new Error(`the anchor ${path} holds no entry count and hash`);
  }
  return anchor as AuditAnchor;
}

/**
 * Why a chain (checked intact by verifyChain with `hashAt: anchor.entries`) does not match its anchor; undefined
 * when it does: it holds at least the anchored entries, the last of them with the anchored hash.
 */
export function anchorMismatch(check: Extract<ChainCheck, { ok: true }>, anchor: AuditAnchor): string | undefined {
  if (check.entries < anchor.entries) {
    return `the chain ends at entry ${check.entries} but its anchor of ${anchor.time} records ${anchor.entries} entries: lines were cut from its end`;
  }
  if (check.hashAt !== anchor.lastHash) {
    return `entry ${anchor.entries} does not have the hash its anchor of ${anchor.time} records: the chain was rewritten`;
  }
  return undefined;
}
