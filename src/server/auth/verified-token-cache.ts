// Bearer tokens whose signature and claims were verified, each kept until its own expiry, so that a viewer's hundreds
// of frame requests with one token cost one signature check. Bounded: the least recently used token leaves first.
// Only accepted tokens are kept: a refused one is checked again each time it comes, so a refusal never outlives its
// reason (a token not yet valid, a key the provider publishes a moment later).

/** Tokens kept by default: a busy site's concurrent users, each with a token or two. */
export const defaultVerifiedTokens = 1000;

export class VerifiedTokenCache<Verified> {
  readonly #entries = new Map<string, { verified: Verified; expiresAtMs: number }>();
  readonly #capacity: number;
  readonly #now: () => number;

  /** `capacity` 0 keeps nothing; `now` is the clock expiry is measured with (milliseconds). */
  constructor(capacity: number = defaultVerifiedTokens, now: () => number = Date.now) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`a token cache holds a whole number of tokens, not ${capacity}`);
    this.#capacity = capacity;
    this.#now = now;
  }

  /** What verifying `token` gave, while it has not expired; undefined otherwise (and an expired entry is dropped). */
  get(token: string): Verified | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    this.#entries.delete(token);
    if (this.#now() >= entry.expiresAtMs) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.#entries.set(token, entry);
    return entry.verified;
  }

  /** Keeps what verifying `token` gave until `expiresAtMs` (its `exp` claim); a token expired already is not kept. */
  set(token: string, verified: Verified, expiresAtMs: number): void {
    if (this.#capacity === 0 || !(expiresAtMs > this.#now())) return;
    this.#entries.delete(token);
    this.#entries.set(token, { verified, expiresAtMs });
    while (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}
