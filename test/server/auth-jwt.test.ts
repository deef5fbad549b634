// JWTs of an identity provider over real HTTP: verified against an HMAC secret, a PEM public key and a JWKS the test
// serves itself; claims map to roles and restrictions; expired, forged and wrongly issued tokens get 401 with
// error="invalid_token", a valid one without the role 403, and an unreachable JWKS 503 (never a pass).
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { JwtVerifier } from '../../src/server/auth/jwt.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';

const secret = randomBytes(32);
const issuer = 'https://idp.example/realms/radiology';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let dir: string;
let store: DicomStore;
const servers: ListeningServer[] = [];
let jwks: Server;
let jwksUrl: string;
let jwksRequests = 0;

const now = () => Math.floor(Date.now() / 1000);

async function hmacToken(claims: JWTPayload, options: { key?: Uint8Array; exp?: number | null } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setSubject('dr-house').setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now() + 600);
  return jwt.sign(options.key ?? secret);
}

async function ecToken(claims: JWTPayload, kid?: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', ...(kid && { kid }) }).setIssuer(issuer).setSubject('dr-wilson').setExpirationTime(now() + 600).sign(privateKey);
}

async function get(url: string, token: string | undefined) {
  const response = await fetch(url, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), warning: response.headers.get('warning') ?? '', body: await response.text() };
}

const studyUids = (body: string) => (JSON.parse(body) as Array<Record<string, { Value?: unknown[] }>>).map((study) => study['0020000D']?.Value?.[0]).sort();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-jwt-test-'));
  store = await openFileStore(join(dir, 'store'));
  for (const instance of generateSampleInstances({ ctSlices: 1 })) {
    const parsed = dicomParser.parseDicom(instance.bytes, { untilTag: 'x00200010' });
    if (parsed.string('x0020000e') === sampleStudy.series[0].seriesInstanceUid || parsed.string('x0020000d') === secondStudy.studyInstanceUid) await store.ingest(instance.bytes);
  }
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_request, response) => {
    jwksRequests += 1;
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/certs`;
});

after(async () => {
  for (const server of servers) await server.app.close();
  await store.close();
  await new Promise((resolve) => jwks.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function serverWith(verifier: JwtVerifier): Promise<string> {
  const server = await startListeningServer({ store, auth: { jwt: verifier } });
  servers.push(server);
  return server.root;
}

describe('JWTs verified against an HMAC secret', () => {
  let root: string;
  before(async () => (root = await serverWith(new JwtVerifier({ secret, issuer }))));

  test('roles claim read: QIDO answers; write only: 403 with insufficient_scope', async () => {
    const reader = await get(`${root}/studies`, await hmacToken({ roles: ['read'] }));
    assert.equal(reader.status, 200, reader.warning);
    assert.deepEqual(studyUids(reader.body), [sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid].sort());
    const writer = await get(`${root}/studies`, await hmacToken({ roles: 'write' }));
    assert.equal(writer.status, 403);
    assert.equal(writer.challenge, 'Bearer realm="dicom-lightbox", error="insufficient_scope"');
    assert.match(writer.warning, /token "jwt:dr-house" may not read here/);
    // Roles the server does not know are ignored, not an error: the token holds none of its roles.
    assert.equal((await get(`${root}/studies`, await hmacToken({ roles: ['offline_access', 'uma_authorization'] }))).status, 403);
  });

  test('expired, forged, unsigned, wrongly issued and never-expiring tokens: 401 invalid_token with the reason', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['expired an hour ago', await hmacToken({ roles: ['read'] }, { exp: now() - 3600 }), /has expired/],
      ['signed with another secret', await hmacToken({ roles: ['read'] }, { key: randomBytes(32) }), /signature does not verify/],
      ['never expires', await hmacToken({ roles: ['read'] }, { exp: null }), /exp claim/],
      ['another issuer', await new SignJWT({ roles: ['read'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://evil.example').setSubject('x').setExpirationTime(now() + 60).sign(secret), /iss claim/],
      ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ roles: ['admin'], iss: issuer, sub: 'x', exp: now() + 60 })).toString('base64url')}.`, /algorithm|not a valid JWT/],
      ['signed with a public-key algorithm', await ecToken({ roles: ['read'] }), /algorithm/],
    ];
    for (const [what, token, reason] of cases) {
      const answer = await get(`${root}/studies`, token);
      assert.equal(answer.status, 401, what);
      assert.equal(answer.challenge, 'Bearer realm="dicom-lightbox", error="invalid_token"', what);
      assert.match(answer.warning, reason, what);
    }
  });

  test('patient_ids and study_uids claims limit what QIDO lists and what WADO retrieves', async () => {
    const patient = await hmacToken({ roles: ['read'], patient_ids: [secondStudy.patientId] });
    assert.deepEqual(studyUids((await get(`${root}/studies`, patient)).body), [secondStudy.studyInstanceUid]);
    assert.equal((await get(`${root}/studies/${sampleStudy.studyInstanceUid}/metadata`, patient)).status, 404);
    const study = await hmacToken({ roles: 'read write', study_uids: [sampleStudy.studyInstanceUid] });
    assert.deepEqual(studyUids((await get(`${root}/studies`, study)).body), [sampleStudy.studyInstanceUid]);
    assert.equal((await get(`${root}/studies/${sampleStudy.studyInstanceUid}/metadata`, study)).status, 200);
    const limitedAdmin = await get(`${root}/studies`, await hmacToken({ roles: ['admin'], study_uids: [sampleStudy.studyInstanceUid] }));
    assert.equal(limitedAdmin.status, 401);
  });

  test('a secret shorter than 32 bytes is refused at start', () => {
    assert.throws(() => new JwtVerifier({ secret: randomBytes(16) }), /at least 32 bytes/);
  });
});

describe('JWTs verified against a public key in PEM', () => {
  test('ES256 accepted; an HMAC token signed with the PEM text as its secret (algorithm confusion) refused', async () => {
    const root = await serverWith(new JwtVerifier({ publicKeyPem, issuer }));
    assert.equal((await get(`${root}/studies`, await ecToken({ roles: ['read'] }))).status, 200);
    const confused = await hmacToken({ roles: ['admin'] }, { key: Buffer.from(publicKeyPem) });
    const answer = await get(`${root}/studies`, confused);
    assert.equal(answer.status, 401);
    assert.match(answer.warning, /algorithm/);
  });
});

describe('JWTs verified against a JWKS URL', () => {
  test('keys fetched from the provider; a token with a key id it does not list refused', async () => {
    const root = await serverWith(new JwtVerifier({ jwksUrl, issuer, audience: 'dicom-lightbox', rolesClaim: 'realm_access.roles' }));
    const token = await new SignJWT({ realm_access: { roles: ['read'] } })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1' })
      .setIssuer(issuer)
      .setAudience('dicom-lightbox')
      .setSubject('dr-cuddy')
      .setExpirationTime(now() + 600)
      .sign(privateKey);
    const answer = await get(`${root}/studies`, token);
    assert.equal(answer.status, 200, answer.warning);
    assert.ok(jwksRequests > 0);
    const otherAudience = await new SignJWT({ realm_access: { roles: ['read'] } }).setProtectedHeader({ alg: 'ES256', kid: 'key-1' }).setIssuer(issuer).setAudience('other').setSubject('x').setExpirationTime(now() + 600).sign(privateKey);
    assert.match((await get(`${root}/studies`, otherAudience)).warning, /aud claim/);
    const unknownKey = await get(`${root}/studies`, await ecToken({ realm_access: { roles: ['read'] } }, 'key-2'));
    assert.equal(unknownKey.status, 401);
  });

  test('an unreachable JWKS answers 503, never lets the request through', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const root = await serverWith(new JwtVerifier({ jwksUrl: `http://127.0.0.1:${port}/certs`, issuer }));
    const answer = await get(`${root}/studies`, await ecToken({ roles: ['read'] }, 'key-1'));
    assert.equal(answer.status, 503);
    assert.match(answer.warning, /cannot be checked now/);
  });

  test('a JWKS URL over plain http to another host is refused at start', () => {
    assert.throws(() => new JwtVerifier({ jwksUrl: 'http://idp.example/certs' }), /must be https/);
  });
});
