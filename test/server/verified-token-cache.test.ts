// Verified bearer tokens are remembered until their own expiry and no longer, within a bound, least recently used
// first out; refusals are never remembered. Checked on the cache alone and through the JWT verifier with jose.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { InvalidToken } from '../../src/server/auth/invalid-token.js';
import { JwtVerifier } from '../../src/server/auth/jwt.js';
import { VerifiedTokenCache } from '../../src/server/auth/verified-token-cache.js';

describe('VerifiedTokenCache', () => {
  test('answers a token until its expiry, then forgets it', () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache<string>(10, () => now);
    cache.set('token-a', 'alice', 2_000);
    assert.equal(cache.get('token-a'), 'alice');
    now = 1_999;
    assert.equal(cache.get('token-a'), 'alice');
    now = 2_000;
    assert.equal(cache.get('token-a'), undefined);
    assert.equal(cache.size, 0);
  });

  test('a token expired already is not kept; capacity 0 keeps nothing', () => {
    const cache = new VerifiedTokenCache<string>(10, () => 5_000);
    cache.set('old', 'x', 5_000);
    assert.equal(cache.size, 0);
    const none = new VerifiedTokenCache<string>(0, () => 0);
    none.set('t', 'x', 10);
    assert.equal(none.get('t'), undefined);
  });

  test('bounded: the least recently used token leaves first', () => {
    const cache = new VerifiedTokenCache<number>(3, () => 0);
    for (const [index, token] of ['a', 'b', 'c'].entries()) cache.set(token, index, 100);
    assert.equal(cache.get('a'), 0); // a is now the most recently used
    cache.set('d', 3, 100);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(['a', 'c', 'd'].map((token) => cache.get(token)), [0, 2, 3]);
  });

  test('a capacity that is not a whole number is refused', () => {
    assert.throws(() => new VerifiedTokenCache(-1), /whole number/);
  });
});

describe('the JWT verifier remembers accepted tokens', () => {
  test('a remembered token is refused once its exp has passed by more than the clock tolerance', async () => {
    const secret = randomBytes(32);
    let nowMs = Date.parse('2026-12-07T08:00:00Z');
    const verifier = new JwtVerifier({ secret, now: () => nowMs });
    const exp = nowMs / 1000 + 60;
    const token = await new SignJWT({ roles: ['read'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('dr-house').setExpirationTime(exp).sign(secret);
    assert.equal((await verifier.principalOf(token))?.name, 'jwt:dr-house');
    nowMs += 59_000;
    assert.equal((await verifier.principalOf(token))?.name, 'jwt:dr-house');
    nowMs += 32_000; // past exp and jose's 30 s tolerance
    await assert.rejects(verifier.principalOf(token), (error) => error instanceof InvalidToken && /expired/.test(error.message));
  });

  test('accepted tokens are remembered, within the bound; refused ones never', async () => {
    const secret = randomBytes(32);
    const verifier = new JwtVerifier({ secret, verifiedTokens: 2 });
    const sign = (sub: string) => new SignJWT({ roles: ['read'] }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('10 min').sign(secret);
    const token = await sign('dr-wilson');
    assert.equal((await verifier.principalOf(token))?.name, 'jwt:dr-wilson');
    assert.equal((await verifier.principalOf(token))?.name, 'jwt:dr-wilson');
    assert.equal(verifier.rememberedTokens, 1);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    for (let attempt = 0; attempt < 2; attempt += 1) await assert.rejects(verifier.principalOf(forged), InvalidToken);
    assert.equal(verifier.rememberedTokens, 1);
    for (const sub of ['dr-cuddy', 'dr-chase', 'dr-foreman']) await verifier.principalOf(await sign(sub));
    assert.equal(verifier.rememberedTokens, 2);
  });
});
