// The token file: what it accepts, what it refuses and why, and that only digests of tokens are needed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { tokenTableOf } from '../../src/server/auth/tokens.js';

const token = 'a-long-enough-token-0123456789';

test('a token finds its principal; a near miss, a prefix or an extension finds none', () => {
  const table = tokenTableOf({ [token]: { name: 'viewer', roles: ['read'], patientIds: ['P1'] } });
  const principal = table.principalOf(token);
  assert.equal(principal?.name, 'viewer');
  assert.deepEqual([...principal!.roles], ['read']);
  assert.deepEqual(principal!.restriction, { patientIds: ['P1'], studyInstanceUids: [] });
  for (const other of [token.slice(0, -1), `${token}0`, token.toUpperCase(), '']) assert.equal(table.principalOf(other), undefined, other);
});

test('a sha256: key stands for the token whose digest it is, so the file need not hold the token', () => {
  const digest = createHash('sha256').update(token).digest('hex');
  const table = tokenTableOf({ [`sha256:${digest}`]: { name: 'hashed', roles: ['admin'] } });
  assert.equal(table.principalOf(token)?.name, 'hashed');
  assert.equal(table.principalOf(`sha256:${digest}`), undefined, 'the digest itself is not a token');
});

test('refusals name the entry, never its token', () => {
  const refusal = (config: unknown) => {
    try {
      tokenTableOf(config);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  assert.match(refusal([]), /JSON object/);
  assert.match(refusal({}), /names no tokens/);
  assert.match(refusal({ [token]: { roles: ['read'] } }), /token entry 1 needs a name/);
  assert.match(refusal({ short: { name: 's', roles: ['read'] } }), /token "s" is shorter than 16/);
  assert.match(refusal({ [token]: { name: 'r', roles: [] } }), /roles must be a non-empty list/);
  assert.match(refusal({ [token]: { name: 'r', roles: ['read'], studyUids: 'x' } }), /studyUids must be a list/);
  assert.match(refusal({ [token]: { name: 'a', roles: ['admin'], patientIds: ['P'] } }), /an admin token sees everything/);
  assert.match(refusal({ [token]: { name: 'twice', roles: ['read'] }, [`${token}x`]: { name: 'twice', roles: ['read'] } }), /used twice/);
  assert.match(refusal({ 'sha256:abc': { name: 'h', roles: ['read'] } }), /64 hex digits/);
  for (const config of [{ [token]: { roles: ['read'] } }, { [token]: { name: 'r', roles: ['root'] } }]) assert.doesNotMatch(refusal(config), new RegExp(token));
});
