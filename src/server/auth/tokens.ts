// Static API tokens from a JSON file: `{ "<token>": { "name": "pacs-viewer", "roles": ["read"], "patientIds": […],
// "studyUids": […] } }`, or `"sha256:<hex digest of the token>"` as the key so the file need not hold the token.
// Only digests are kept in memory, and a presented token's digest is compared with each in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AccessRestriction, Principal } from './principal.js';
import { isRole, roles, type Role } from './roles.js';

/** Tokens shorter than this are refused at load: guessable by trying. */
export const minimumTokenLength = 16;

const digestPrefix = 'sha256:';

export interface TokenEntry {
  name: string;
  roles: Role[];
  patientIds?: string[];
  studyUids?: string[];
}

/** The configured tokens, by digest. */
export class TokenTable {
  readonly #entries: ReadonlyArray<{ digest: Buffer; principal: Principal }>;

  constructor(entries: ReadonlyArray<{ digest: Buffer; principal: Principal }>) {
    this.#entries = entries;
  }

  /** The principal of a presented token, or undefined for a token not configured. */
  principalOf(token: string): Principal | undefined {
    const digest = sha256(token);
    let found: Principal | undefined;
    // Every entry is compared, so the time taken does not tell which entry, if any, was close.
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, digest)) found = entry.principal;
    }
    return found;
  }

  /** Whether any token is limited to some patients or studies. */
  get hasRestrictions(): boolean {
    return this.#entries.some((entry) => entry.principal.restriction !== undefined);
  }

  get size(): number {
    return this.#entries.length;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function stringList(value: unknown, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new Error(`${what} must be a list of non-empty strings`);
  }
  return value as string[];
}

/**
 * The table of a parsed token file; throws with a reason naming the entry by its name or position, never by its
 * token.
 */
export function tokenTableOf(config: unknown): TokenTable {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new Error('the token file must hold a JSON object of token → { name, roles, patientIds?, studyUids? }');
  }
  const entries: Array<{ digest: Buffer; principal: Principal }> = [];
  const names = new Set<string>();
  Object.entries(config as Record<string, unknown>).forEach(([key, value], index) => {
    const entry = value as Partial<Record<keyof TokenEntry, unknown>> | null;
    const name = typeof entry?.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : undefined;
    const where = name ? `token "${name}"` : `token entry ${index + 1}`;
    if (!name) throw new Error(`${where} needs a name`);
    if (names.has(name)) throw new Error(`${where}: the name is used twice; the audit trail tells tokens apart by name`);
    names.add(name);
    let digest: Buffer;
    if (key.startsWith(digestPrefix)) {
      const hex = key.slice(digestPrefix.length);
      if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${where}: a sha256: key is followed by 64 hex digits`);
      digest = Buffer.from(hex, 'hex');
    } else {
      if (key.length < minimumTokenLength) throw new Error(`${where} is shorter than ${minimumTokenLength} characters`);
      digest = sha256(key);
    }
    const held = entry!.roles;
    if (!Array.isArray(held) || held.length === 0 || !held.every(isRole)) {
      throw new Error(`${where}: roles must be a non-empty list of ${roles.join(', ')}`);
    }
    const patientIds = stringList(entry!.patientIds, `${where}: patientIds`);
    const studyUids = stringList(entry!.studyUids, `${where}: studyUids`);
    const restriction: AccessRestriction | undefined =
      patientIds || studyUids ? { patientIds: patientIds ?? [], studyInstanceUids: studyUids ?? [] } : undefined;
    if (restriction && held.includes('admin')) throw new Error(`${where}: an admin token sees everything; drop its patientIds and studyUids or the admin role`);
    entries.push({ digest, principal: { name, roles: new Set(held), ...(restriction && { restriction }) } });
  });
  if (entries.length === 0) throw new Error('the token file names no tokens');
  return new TokenTable(entries);
}

/** Reads and checks a token file (`--tokens`). */
export async function loadTokenFile(path: string): Promise<TokenTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the token file ${path}: ${(error as Error).message}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, which may be a token: the reason stays general.
    throw new Error(`the token file ${path} is not valid JSON`);
  }
  try {
    return tokenTableOf(config);
  } catch (error) {
    throw new Error(`token file ${path}: ${(error as Error).message}`);
  }
}
