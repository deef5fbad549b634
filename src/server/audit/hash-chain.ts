// The hash chain of the audit trail: each line carries the SHA-256 of the previous line's hash and its own content,
// so a line altered or removed anywhere but at the end breaks every hash after it; lines cut from the end are found
// against the chain's anchor (audit-anchor.ts).
import { createHash } from 'node:crypto';

/** The `previous` of the first line of a chain. */
export const chainStart = '0'.repeat(64);

/** The hash of a line whose content (the line without its `hash` field) is `content`, after `previous`. */
export function chainHash(previous: string, content: string): string {
  return createHash('sha256').update(previous).update('\n').update(content).digest('hex');
}

/** A line of the chain: the content with `previous` and `hash` added, as one line of JSON. */
export function chainedLine(previous: string, record: object): { line: string; hash: string } {
  // `previous` goes last, spliced into the record's JSON rather than copied into the record: the same text.
  const content = `${JSON.stringify(record).slice(0, -1)},"previous":"${previous}"}`;
  const hash = chainHash(previous, content);
  // The hash is appended to the content's JSON text, so the content verified is exactly the text written.
  return { line: `${content.slice(0, -1)},"hash":"${hash}"}\n`, hash };
}

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string; hashAt?: string }
  | { ok: false; entries: number; line: number; reason: string };

/**
 * Checks every line of a chain's text in order; the first line that does not follow from the one before is reported.
 * With `hashAt`, an intact chain's answer also carries the hash after that many entries (when it has as many).
 */
export function verifyChain(text: string, hashAt?: number): ChainCheck {
  let atCount: string | undefined = hashAt === 0 ? chainStart : undefined;
  let previous = chainStart;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    const match = /^(.*),"hash":"([0-9a-f]{64})"\}$/.exec(line);
    if (!match) return { ok: false, entries: index, line: number, reason: 'not a line of the chain (no hash at its end)' };
    const content = `${match[1]}}`;
    let record: { previous?: unknown };
    try {
      record = JSON.parse(content) as { previous?: unknown };
    } catch {
      return { ok: false, entries: index, line: number, reason: 'not JSON' };
    }
    if (record.previous !== previous) {
      return { ok: false, entries: index, line: number, reason: 'it does not follow the line before it (a line was removed, added or reordered)' };
    }
    if (chainHash(previous, content) !== match[2]) return { ok: false, entries: index, line: number, reason: 'its content does not match its hash (altered)' };
    previous = match[2]!;
    if (number === hashAt) atCount = previous;
  }
  return { ok: true, entries: lines.length, lastHash: previous, ...(atCount !== undefined && { hashAt: atCount }) };
}
