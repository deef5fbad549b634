// The audit trail of a server as a folder of chains, one file per serving process (workers each keep their own
// chain, since interleaved appends from several processes could not be chained), and the `audit` command over it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEvent } from './audit-log.js';
import { verifyChain } from './hash-chain.js';
import { JsonLinesAuditLog } from './json-lines-audit-log.js';
import { makePrivateDirectory } from '../store/private-files.js';

/**
 * Opens this process's chain in `dir` (made 0700 when missing; the trail names patients): named by start time and
 * process id, so names sort by start.
 */
export async function openProcessAuditLog(dir: string): Promise<JsonLinesAuditLog> {
  await makePrivateDirectory(dir);
  const started = new Date().toISOString().replace(/[:.]/g, '-');
  return JsonLinesAuditLog.open(join(dir, `${started}-${process.pid}.jsonl`));
}

export async function auditFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith('.jsonl')).sort().map((name) => join(dir, name));
}

export interface AuditCommandOptions {
  verify: boolean;
  /** Only events about this study. */
  study?: string;
}

/**
 * `dicom-lightbox audit`: prints the events (one JSON object a line), or with `verify` checks every chain and says
 * where one is broken. Answers the exit code: 1 when a chain is broken.
 */
export async function runAuditCommand(dir: string, options: AuditCommandOptions, out: NodeJS.WritableStream): Promise<number> {
  let broken = 0;
  for (const file of await auditFilesIn(dir)) {
    const text = await readFile(file, 'utf8');
    if (options.verify) {
      const check = verifyChain(text);
      if (check.ok) out.write(`${file}: ${check.entries} entries, chain intact\n`);
      else {
        broken += 1;
        out.write(`${file}: BROKEN at line ${check.line}: ${check.reason}\n`);
      }
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
