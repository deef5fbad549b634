// Share links: read-only, one-study, expiring bearer tokens a writer hands out for a second opinion. Each is a JWT
// signed (HS256, jose) with this server's share secret, typed so it is never mistaken for an identity provider's
// token, and recorded in a ledger beside the secret: a token is accepted only while the ledger holds it as issued and
// not revoked. The ledger is an append-only JSON-lines file, re-read when it changes size, so every worker process sees
// a revocation made by another. Its only writer (a server without worker processes, or the primary before it forks
// them) compacts it: expired links, and their revocations, are dropped (an expired token is refused whatever the
// ledger says), by writing the rest to a temporary file and renaming it over the ledger.
import { randomBytes } from 'node:crypto';
import { appendFile, link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { InvalidToken, looksLikeJwt, type TokenVerifier } from './invalid-token.js';
import type { Principal } from './principal.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** The JOSE `typ` of a share token. */
export const shareTokenType = 'dicom-lightbox-share+jwt';
const issuer = 'dicom-lightbox';
const audience = 'dicom-lightbox-share';

export const shareLinkLifetime = {
  /** Seconds a link lasts when the request names no lifetime: a week. */
  default: 7 * 24 * 3600,
  minimum: 60,
  /** A link is a credential in a mailbox; it does not outlive a month. */
  maximum: 30 * 24 * 3600,
};

export interface ShareLink {
  id: string;
  studyInstanceUid: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** The principal that created it. */
  createdBy: string;
}

type LedgerLine = { issued: ShareLink } | { revoked: string };

const ledgerName = 'links.jsonl';

export interface ShareLinksOptions {
  /** The signing secret; default the one kept in the folder (made on first use). */
  secret?: Uint8Array;
  /**
   * This process is the ledger's only writer: no other process appends while it runs (true for a server without
   * worker processes, and for the primary before it forks them). The ledger is then compacted at open and whenever
   * `compactAfter` expired links have piled up. Worker processes share the ledger and leave it as it is: a rename
   * there could drop a line another worker was appending, and a dropped revocation would reopen a link.
   */
  soleWriter?: boolean;
  /** Expired links that trigger a compaction while serving (default 1000). */
  compactAfter?: number;
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** The principal name of a share link: what logs and the audit trail call it. */
function subjectOf(id: unknown): string | undefined {
  return typeof id === 'string' ? `share:${id}` : undefined;
}

/** Distinct JWT headers whose kind a ShareLinks remembers: a provider's few signing keys, with room to spare. */
const rememberedHeaders = 64;

/** Whether a bearer token is (or claims to be) a share token. */
export function isShareToken(token: string): boolean {
  if (!looksLikeJwt(token)) return false;
  try {
    return decodeProtectedHeader(token).typ === shareTokenType;
  } catch {
    return false;
  }
}

/**
 * The share secret kept in `path` (600), made from 32 random bytes on first use. Written to a temporary file and
 * linked into place, so worker processes starting together all end up with the one secret.
 */
export async function loadOrCreateShareSecret(path: string): Promise<Uint8Array> {
  try {
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
}

export class ShareLinks implements TokenVerifier {
  readonly #secret: Uint8Array;
  /** Links whose signature verified, until they expire (their record is still read on every request). */
  readonly #verified = new VerifiedTokenCache<JWTPayload>();
  /** Whether a JWT header (its first part) is a share token's: see #isShareToken. */
  readonly #shareHeaders = new Map<string, boolean>();
  readonly #ledgerPath: string;
  #issued = new Map<string, ShareLink>();
  #revoked = new Set<string>();
  /** The ledger's size when last read: it only grows. */
  #ledgerSize = -1;
  readonly #soleWriter: boolean;
  readonly #compactAfter: number;
  /** Appends and compactions, one at a time, in call order. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(secret: Uint8Array, ledgerPath: string, options: ShareLinksOptions) {
    this.#secret = secret;
    this.#ledgerPath = ledgerPath;
    this.#soleWriter = options.soleWriter ?? false;
    this.#compactAfter = options.compactAfter ?? 1000;
  }

  /**
   * The share links kept in `dir` (created 700): the secret (`secret`, unless one is given) and the ledger
   * (`links.jsonl`).
   */
  static async open(dir: string, options: ShareLinksOptions = {}): Promise<ShareLinks> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const secret = options.secret ?? (await loadOrCreateShareSecret(join(dir, 'secret')));
    if (secret.byteLength < 32) throw new Error('the share-link secret must be at least 32 bytes');
    const links = new ShareLinks(secret, join(dir, ledgerName), options);
    if (links.#soleWriter) {
      // A compaction cut short by a crash leaves its temporary file; the ledger itself is whole (rename is atomic).
      for (const name of await readdir(dir)) {
        if (name.startsWith(`${ledgerName}.`) && name.endsWith('.tmp')) await unlink(join(dir, name));
      }
    }
    await links.#reload();
    if (links.#soleWriter && links.#expiredCount() > 0) await links.#compact();
    return links;
  }

  async #reload(): Promise<void> {
    let size: number;
    try {
      size = (await stat(this.#ledgerPath)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (size === this.#ledgerSize) return;
    const text = await readFile(this.#ledgerPath, 'utf8');
    const issued = new Map<string, ShareLink>();
    const revoked = new Set<string>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      // A line cut short by a crash is the last one, and was never answered to anyone: skipped.
      let entry: LedgerLine;
      try {
        entry = JSON.parse(line) as LedgerLine;
      } catch {
        continue;
      }
      if ('issued' in entry) issued.set(entry.issued.id, entry.issued);
      else if ('revoked' in entry) revoked.add(entry.revoked);
    }
    this.#issued = issued;
    this.#revoked = revoked;
    this.#ledgerSize = Buffer.byteLength(text);
  }

  #queue(write: () => Promise<void>): Promise<void> {
    const done = this.#writing.then(write);
    this.#writing = done.catch(() => {});
    return done;
  }

  async #append(entry: LedgerLine): Promise<void> {
    await this.#queue(async () => {
      await appendFile(this.#ledgerPath, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      await this.#reload();
      if (this.#soleWriter && this.#expiredCount() >= this.#compactAfter) await this.#compact();
    });
  }

  /** Links past their expiry (jose refuses a token whose exp is now or earlier). */
  #expiredCount(): number {
    const now = nowInSeconds();
    let expired = 0;
    for (const link of this.#issued.values()) if (link.expiresAt <= now) expired += 1;
    return expired;
  }

  /**
   * Rewrites the ledger without expired links and their revocations: the rest goes to a temporary file (600),
   * flushed to disk, then renamed over the ledger, so a crash leaves the old ledger or the new one, never a part.
   */
  async #compact(): Promise<void> {
    const now = nowInSeconds();
    const live = [...this.#issued.values()].filter((link) => link.expiresAt > now);
    const lines: LedgerLine[] = live.flatMap((link) => [{ issued: link }, ...(this.#revoked.has(link.id) ? [{ revoked: link.id }] : [])]);
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    const temporary = `${this.#ledgerPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.#ledgerPath);
    // The rename itself is durable once the folder is flushed.
    const folder = await open(dirname(this.#ledgerPath), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    this.#issued = new Map(live.map((link) => [link.id, link]));
    this.#revoked = new Set(live.filter((link) => this.#revoked.has(link.id)).map((link) => link.id));
    this.#ledgerSize = Buffer.byteLength(text);
  }

  /** Signs and records a link to one study, valid `lifetime` seconds from now. */
  async create(studyInstanceUid: string, createdBy: string, lifetime = shareLinkLifetime.default): Promise<{ link: ShareLink; token: string }> {
    if (!Number.isInteger(lifetime) || lifetime < shareLinkLifetime.minimum || lifetime > shareLinkLifetime.maximum) {
      throw new RangeError(`a share link lasts from ${shareLinkLifetime.minimum} to ${shareLinkLifetime.maximum} seconds, not ${lifetime}`);
    }
    const now = nowInSeconds();
    const link: ShareLink = { id: randomBytes(16).toString('base64url'), studyInstanceUid, expiresAt: now + lifetime, createdBy };
    const token = await new SignJWT({ study: studyInstanceUid })
      .setProtectedHeader({ alg: 'HS256', typ: shareTokenType })
      .setJti(link.id)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(link.expiresAt)
      .sign(this.#secret);
    await this.#append({ issued: link });
    return { link, token };
  }

  /** The link `id` to `studyInstanceUid`, if one was issued. */
  async find(id: string, studyInstanceUid: string): Promise<ShareLink | undefined> {
    await this.#reload();
    const link = this.#issued.get(id);
    return link?.studyInstanceUid === studyInstanceUid ? link : undefined;
  }

  async isRevoked(id: string): Promise<boolean> {
    await this.#reload();
    return this.#revoked.has(id);
  }

  /** Revokes a link (once recorded, for good). */
  async revoke(id: string): Promise<void> {
    if (await this.isRevoked(id)) return;
    await this.#append({ revoked: id });
  }

  /**
   * isShareToken with its answer remembered by the token's header: an identity provider's tokens share a handful of
   * headers, so a request with one of its JWTs does not decode a header to learn that it is not a share link.
   */
  #isShareToken(token: string): boolean {
    const header = token.slice(0, token.indexOf('.'));
    const known = this.#shareHeaders.get(header);
    if (known !== undefined) return known && looksLikeJwt(token);
    const answer = isShareToken(token);
    if (looksLikeJwt(token) && this.#shareHeaders.size < rememberedHeaders) this.#shareHeaders.set(header, answer);
    return answer;
  }

  /** A share token's principal: read, the one study; undefined for any other token. */
  async principalOf(token: string): Promise<Principal | undefined> {
    if (!this.#isShareToken(token)) return undefined;
    // The signature is checked once per token until it expires; the ledger, below, on every request.
    let payload = this.#verified.get(token);
    if (!payload) {
      try {
        ({ payload } = await jwtVerify(token, this.#secret, { algorithms: ['HS256'], typ: shareTokenType, issuer, audience, requiredClaims: ['jti', 'exp'] }));
      } catch (error) {
        // jose checks the claims only once the signature verified: an expired link's id is one this server issued.
        if (error instanceof errors.JWTExpired) throw new InvalidToken('the share link has expired', subjectOf(error.payload.jti));
        throw new InvalidToken('the share link is not valid');
      }
      this.#verified.set(token, payload, payload.exp! * 1000);
    }
    await this.#reload();
    const link = this.#issued.get(payload.jti!);
    // The ledger, not the token, says which study: a token is only as good as its record.
    if (!link || link.studyInstanceUid !== payload.study) throw new InvalidToken('the share link is not valid', subjectOf(payload.jti));
    if (this.#revoked.has(link.id)) throw new InvalidToken('the share link was revoked', subjectOf(link.id));
    return { name: subjectOf(link.id)!, roles: new Set(['read']), restriction: { patientIds: [], studyInstanceUids: [link.studyInstanceUid] } };
  }
}
