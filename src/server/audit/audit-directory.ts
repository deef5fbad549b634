// The audit trail of a server as a folder of chains, one file per serving process (workers each keep their own
// chain, since interleaved appends from several processes could not be chained), and the `audit` command over it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { anchorMismatch, anchorPathOf, readAnchor } from './audit-anchor.js';
import type { AuditEvent } from './audit-log.js';
import { verifyChain } from './hash-chain.js';
import { JsonLinesAuditLog, type AuditLogOptions } from './json-lines-audit-log.js';
import { makePrivateDirectory } from '../store/private-files.js';

/**
 * Opens this process's chain in `dir` (made 0700 when missing; the trail names patients): named by start time and
 * process id, so names sort by start.
 */
export async function openProcessAuditLog(dir: string, options: AuditLogOptions = {}): Promise<JsonLinesAuditLog> {
  await makePrivateDirectory(dir);
  if (options.anchorDir !== undefined) await makePrivateDirectory(options.anchorDir);
  const started = new Date().toISOString().replace(/[:.]/g, '-');
  return JsonLinesAuditLog.open(join(dir, `${started}-${process.pid}.jsonl`), options);
}

export async function auditFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
}

export interface AuditCommandOptions {
  verify: boolean;
  /** Where the chains' anchors are (`--audit-anchors`); default: beside the chains. */
  anchorDir?: string;
  /** Only events about this study. */
  study?: string;
}

/** The verdict on one chain: intact (and how far past its anchor), or broken and why. */
async function verdictOn(file: string, text: string, anchorDir: string | undefined): Promise<{ intact: boolean; verdict: string }> {
  const anchorPath = anchorPathOf(file, anchorDir);
  let anchor;
  try {
    anchor = await readAnchor(anchorPath);
  } catch (error) {
    return { intact: false, verdict: `BROKEN: ${(error as Error).message}` };
  }
  const check = verifyChain(text, anchor?.entries);
  if (!check.ok) return { intact: false, verdict: `BROKEN at line ${check.line}: ${check.reason}` };
  if (!anchor) return { intact: false, verdict: `BROKEN: no anchor (${anchorPath}), so lines cut from its end cannot be detected; ${check.entries} entries chained` };
  const mismatch = anchorMismatch(check, anchor);
  if (mismatch) return { intact: false, verdict: `BROKEN: ${mismatch}` };
  const past = check.entries - anchor.entries;
  // Entries past the anchor: written after the last sync (a process killed, a power cut within the sync interval).
  return { intact: true, verdict: `${check.entries} entries, chain intact, ${past === 0 ? 'all anchored' : `anchored up to entry ${anchor.entries} (${past} written after its anchor of ${anchor.time})`}` };
}

/**
 * `dicom-lightbox audit`: prints the events (one JSON object a line), or with `verify` checks every chain against
 * itself and its anchor and says where one is broken. Answers the exit code: 1 when a chain is broken.
 */
export async function runAuditCommand(dir: string, options: AuditCommandOptions, out: NodeJS.WritableStream): Promise<number> {
  let broken = 0;
  for (const file of await auditFilesIn(dir)) {
    const text = await readFile(file, 'utf8');
    if (options.verify) {
      const { verdict, intact } = await verdictOn(file, text, options.anchorDir);
      if (!intact) broken += 1;
      out.write(`${file}: ${verdict}\n`);
      continue;
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      if (options.study !== undefined) {
        const event = JSON.parse(line) as AuditEvent;
        if (!event.what.some((object) => object.studyInstanceUid === options.study)) continue;
      }
      out.write(`${line}\n`);
    }
  }
  return broken > 0 ? 1 : 0;
}
