// The authentication matrix over real HTTP: every route the app registers (read from the app itself, so a route added
// without a row here fails) × every principal (read, write, delete, admin, a token limited to one patient, one
// limited to one study, a share link) × every token state (missing, malformed, unknown, bad signature, expired,
// not yet valid, revoked, valid) → the status expected, the challenge on 401, and for searches, answers holding
// only what the principal may see. Then the same for a gateway in front of our own server.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { SignJWT, type JWTPayload } from 'jose';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import type { ServedRoute } from '../../src/server/app.js';
import { JsonLinesAuditLog } from '../../src/server/audit/json-lines-audit-log.js';
import { JwtVerifier } from '../../src/server/auth/jwt.js';
import { ShareLinks, shareTokenType } from '../../src/server/auth/share-links.js';
import { tokenTableOf } from '../../src/server/auth/tokens.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

type Role = 'read' | 'write' | 'delete' | 'admin';
type Uids = { study: string; series: string; instance: string };
type Target = 'own' | 'other' | 'crossed';
type Kind = 'search' | 'retrieve' | 'store' | 'delete' | 'share-create' | 'share-revoke' | 'public' | 'preflight';

const jwtSecret = randomBytes(32);
const shareSecret = randomBytes(32);
const strangerSecret = randomBytes(32);
const issuer = 'https://idp.example/realms/radiology';
const now = () => Math.floor(Date.now() / 1000);
const realm = 'Bearer realm="dicom-lightbox"';
const invalidChallenge = `${realm}, error="invalid_token"`;

/** The principals of the matrix; the two limited ones see the second study (patient LB-0002) only. */
const principals: Record<'reader' | 'writer' | 'deleter' | 'admin' | 'patient' | 'study' | 'share', { roles: Role[]; claims?: JWTPayload; share?: true }> = {
  reader: { roles: ['read'] as Role[] },
  writer: { roles: ['write'] as Role[] },
  deleter: { roles: ['delete'] as Role[] },
  admin: { roles: ['admin'] as Role[] },
  patient: { roles: ['read', 'write', 'delete'] as Role[], claims: { patient_ids: [secondStudy.patientId] } },
  study: { roles: ['read', 'write', 'delete'] as Role[], claims: { study_uids: [secondStudy.studyInstanceUid] } },
  share: { roles: ['read'] as Role[], share: true },
};
type PrincipalName = keyof typeof principals;
const isLimited = (name: PrincipalName) => name === 'patient' || name === 'study' || name === 'share';

const holds = (name: PrincipalName, role: Role) => (principals[name].roles as Role[]).includes(role) || (principals[name].roles as Role[]).includes('admin');

function roleFor(method: string, kind: Kind): Role {
  if (kind === 'share-create' || kind === 'share-revoke') return 'write';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (method === 'POST') return 'write';
  if (method === 'DELETE') return 'delete';
  return 'admin';
}

async function jwtOf(name: PrincipalName, state: 'valid' | 'bad-signature' | 'expired' | 'not-yet-valid'): Promise<string> {
  const claims: JWTPayload = { roles: principals[name].roles, ...principals[name].claims };
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer).setSubject(name).setIssuedAt();
  jwt.setExpirationTime(state === 'expired' ? now() - 3600 : now() + 3600);
  if (state === 'not-yet-valid') jwt.setNotBefore(now() + 3600);
  return jwt.sign(state === 'bad-signature' ? strangerSecret : jwtSecret);
}

/** A share token as the server signs them, for a recorded link, with what a test needs changed. */
async function shareTokenOf(linkId: string, state: 'bad-signature' | 'expired' | 'not-yet-valid'): Promise<string> {
  const jwt = new SignJWT({ study: secondStudy.studyInstanceUid })
    .setProtectedHeader({ alg: 'HS256', typ: shareTokenType })
    .setJti(linkId)
    .setIssuer('dicom-lightbox')
    .setAudience('dicom-lightbox-share')
    .setIssuedAt()
    .setExpirationTime(state === 'expired' ? now() - 3600 : now() + 3600);
  if (state === 'not-yet-valid') jwt.setNotBefore(now() + 3600);
  return jwt.sign(state === 'bad-signature' ? strangerSecret : shareSecret);
}

interface Answer {
  status: number;
  challenge: string | undefined;
  warning: string;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** node:http rather than fetch: fetch refuses TRACE and sends no body with some methods the gateway must refuse. */
function send(url: string, method: string, headers: Record<string, string>, body?: Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: { ...headers, ...(body && { 'Content-Length': String(body.byteLength) }) }, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          challenge: response.headers['www-authenticate'],
          warning: String(response.headers.warning ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const uidsOf = (bytes: Uint8Array): Uids => {
  const parsed = dicomParser.parseDicom(bytes, { untilTag: 'x00200010' });
  return { study: parsed.string('x0020000d')!, series: parsed.string('x0020000e')!, instance: parsed.string('x00080018')! };
};

/** Study UIDs named by a search's results. */
const studiesIn = (body: Buffer) =>
  new Set((JSON.parse(body.toString('utf8')) as Array<Record<string, { Value?: unknown[] }>>).map((result) => String(result['0020000D']?.Value?.[0])));

let dir: string;
let store: DicomStore;
let shareLinks: ShareLinks;
let audit: JsonLinesAuditLog;
/** One CT slice of the first study (patient LB-0001) and the one instance of the second (LB-0002). */
let other: Uint8Array;
let own: Uint8Array;
let copies = 0;

/** A copy of a stored instance under a new SOP Instance UID (same study and series). */
function copyOf(bytes: Uint8Array): Buffer {
  const uid = uidsOf(bytes).instance;
  return withUid(bytes, uid, sameLengthUid(uid, ++copies));
}

async function stowBody(bytes: Uint8Array): Promise<{ headers: Record<string, string>; body: Uint8Array }> {
  const boundary = newBoundary();
  return { headers: { 'Content-Type': stowContentType(boundary), Accept: 'application/dicom+json' }, body: await multipartBuffer(boundary, [bytes]) };
}

async function instanceCount(): Promise<number> {
  return (await store.search({ level: 'instance', conditions: [], limit: 1_000_000, offset: 0 })).length;
}

/** Puts back the two instances a permitted DELETE removed. */
async function restore(): Promise<void> {
  for (const bytes of [own, other]) {
    const uids = uidsOf(bytes);
    if ((await store.instancesAt({ studyInstanceUid: uids.study, seriesInstanceUid: uids.series, sopInstanceUid: uids.instance })).length === 0) await store.ingest(bytes);
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-auth-matrix-'));
  store = await openFileStore(join(dir, 'store'));
  const ct = sampleStudy.series[0].seriesInstanceUid;
  for (const instance of generateSampleInstances({ ctSlices: 1 })) {
    const uids = uidsOf(instance.bytes);
    if (uids.series === ct && !other) other = instance.bytes;
    else if (uids.study === secondStudy.studyInstanceUid && !own) own = instance.bytes;
    else continue;
    await store.ingest(instance.bytes);
  }
  shareLinks = await ShareLinks.open(join(dir, 'share-links'), { secret: shareSecret });
  audit = await JsonLinesAuditLog.open(join(dir, 'audit.jsonl'));
});

after(async () => {
  agent.destroy();
  await audit.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A concrete request for one route: its path under the server, and what it needs sent. */
interface Call {
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

interface RouteCase {
  kind: Kind;
  /** The status of a permitted request to a target that exists. */
  ok: number;
  call(uids: Uids, target: Target): Call | Promise<Call>;
}

const png = { Accept: 'image/png' };
const instancePath = (u: Uids) => `/dicom-web/studies/${u.study}/series/${u.series}/instances/${u.instance}`;

/** Every route of the server with a store, by `METHOD url` as Fastify registered it; HEAD routes use their GET's row. */
const storeRoutes: Record<string, RouteCase> = {
  'GET /dicom-web/studies': { kind: 'search', ok: 200, call: () => ({ path: '/dicom-web/studies' }) },
  'GET /dicom-web/series': { kind: 'search', ok: 200, call: () => ({ path: '/dicom-web/series' }) },
  'GET /dicom-web/instances': { kind: 'search', ok: 200, call: () => ({ path: '/dicom-web/instances' }) },
  'GET /dicom-web/studies/:study/series': { kind: 'search', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/series` }) },
  'GET /dicom-web/studies/:study/instances': { kind: 'search', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/instances` }) },
  'GET /dicom-web/studies/:study/series/:series/instances': { kind: 'search', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/series/${u.series}/instances` }) },
  'GET /dicom-web/studies/:study': {
    kind: 'retrieve',
    ok: 200,
    call: (u) => ({ path: `/dicom-web/studies/${u.study}`, headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } }),
  },
  'GET /dicom-web/studies/:study/series/:series': {
    kind: 'retrieve',
    ok: 200,
    call: (u) => ({ path: `/dicom-web/studies/${u.study}/series/${u.series}`, headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } }),
  },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance': {
    kind: 'retrieve',
    ok: 200,
    call: (u) => ({ path: instancePath(u), headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } }),
  },
  'GET /dicom-web/studies/:study/metadata': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/metadata` }) },
  'GET /dicom-web/studies/:study/series/:series/metadata': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/series/${u.series}/metadata` }) },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/metadata': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `${instancePath(u)}/metadata` }) },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/frames/:frames': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `${instancePath(u)}/frames/1` }) },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/bulkdata/*': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `${instancePath(u)}/bulkdata/7FE00010` }) },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/rendered': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `${instancePath(u)}/rendered`, headers: png }) },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/frames/:frames/rendered': {
    kind: 'retrieve',
    ok: 200,
    call: (u) => ({ path: `${instancePath(u)}/frames/1/rendered`, headers: png }),
  },
  'GET /dicom-web/studies/:study/series/:series/rendered': {
    kind: 'retrieve',
    ok: 200,
    call: (u) => ({ path: `/dicom-web/studies/${u.study}/series/${u.series}/rendered`, headers: { Accept: 'multipart/related; type="image/png"' } }),
  },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/thumbnail': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `${instancePath(u)}/thumbnail`, headers: png }) },
  'GET /dicom-web/studies/:study/series/:series/instances/:instance/frames/:frames/thumbnail': {
    kind: 'retrieve',
    ok: 200,
    call: (u) => ({ path: `${instancePath(u)}/frames/1/thumbnail`, headers: png }),
  },
  'GET /dicom-web/studies/:study/series/:series/thumbnail': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/series/${u.series}/thumbnail`, headers: png }) },
  'GET /dicom-web/studies/:study/thumbnail': { kind: 'retrieve', ok: 200, call: (u) => ({ path: `/dicom-web/studies/${u.study}/thumbnail`, headers: png }) },
  // Unscoped STOW carries an instance of the second study, which every limited principal sees.
  'POST /dicom-web/studies': { kind: 'store', ok: 200, call: async () => ({ path: '/dicom-web/studies', ...(await stowBody(copyOf(own))) }) },
  'POST /dicom-web/studies/:study': {
    kind: 'store',
    ok: 200,
    call: async (u, target) => ({ path: `/dicom-web/studies/${u.study}`, ...(await stowBody(copyOf(target === 'own' ? own : other))) }),
  },
  'DELETE /dicom-web/studies/:study': { kind: 'delete', ok: 204, call: (u) => ({ path: `/dicom-web/studies/${u.study}` }) },
  'DELETE /dicom-web/studies/:study/series/:series': { kind: 'delete', ok: 204, call: (u) => ({ path: `/dicom-web/studies/${u.study}/series/${u.series}` }) },
  'DELETE /dicom-web/studies/:study/series/:series/instances/:instance': { kind: 'delete', ok: 204, call: (u) => ({ path: instancePath(u) }) },
  'POST /dicom-web/studies/:study/share-links': {
    kind: 'share-create',
    ok: 201,
    call: (u) => ({ path: `/dicom-web/studies/${u.study}/share-links`, headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"expiresIn":600}') }),
  },
  'DELETE /dicom-web/studies/:study/share-links/:id': {
    kind: 'share-revoke',
    ok: 204,
    call: async (u) => ({ path: `/dicom-web/studies/${u.study}/share-links/${(await shareLinks.create(u.study, 'matrix', 600)).link.id}` }),
  },
  // The demo page and bundle are public: they hold no PHI, and the page must load before any sign-in.
  'GET /*': { kind: 'public', ok: 200, call: () => ({ path: '/index.html' }) },
  'GET /lib/*': { kind: 'public', ok: 200, call: () => ({ path: '/lib/bundle.js' }) },
  // @fastify/cors answers preflights on every path; a preflight carries no credentials (Fetch standard).
  'OPTIONS *': {
    kind: 'preflight',
    ok: 204,
    call: () => ({ path: '/dicom-web/studies', headers: { Origin: 'http://viewer.example', 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization' } }),
  },
};

const targetsOf = (url: string): Target[] => (url.includes(':series') ? ['own', 'other', 'crossed'] : url.includes(':study') ? ['own', 'other'] : ['own']);

/** The UIDs a target names: the second study's instance, the first study's, or the second study with the first's series and instance. */
function uidsFor(target: Target): Uids {
  const [mine, theirs] = [uidsOf(own), uidsOf(other)];
  if (target === 'own') return mine;
  if (target === 'other') return theirs;
  return { study: mine.study, series: theirs.series, instance: theirs.instance };
}

interface Expectation {
  status: number;
  challenge?: string;
  /** For a search answered 200: the studies its results may name, and whether it must name at least one. */
  studies?: { allowed: ReadonlySet<string>; nonEmpty: boolean };
}

/** What a valid token of `name` gets from a route for a target, from the rules of README's security section. */
function expectedFor(method: string, url: string, routeCase: RouteCase, name: PrincipalName, target: Target): Expectation {
  const { kind } = routeCase;
  if (kind === 'public' || kind === 'preflight') return { status: routeCase.ok };
  if (!holds(name, roleFor(method, kind))) return { status: 403, challenge: `${realm}, error="insufficient_scope"` };
  const limited = isLimited(name);
  const everyStudy = new Set([uidsOf(own).study, uidsOf(other).study]);
  const visible = limited ? new Set([uidsOf(own).study]) : everyStudy;
  const hasStudy = url.includes(':study');
  if (kind === 'search') {
    // A search of a study the principal cannot see, or of a series not in the study, matches nothing: as for one that does not exist.
    const matchesNothing = hasStudy && (target === 'crossed' || (target === 'other' && limited));
    return { status: 200, studies: { allowed: matchesNothing ? new Set() : visible, nonEmpty: !matchesNothing } };
  }
  if (!hasStudy) return { status: limited && kind === 'store' ? 403 : routeCase.ok };
  if (target === 'other' && limited) return { status: 404 };
  if (target === 'crossed') return { status: 404 };
  return { status: routeCase.ok };
}

async function checkAnswer(label: string, answer: Answer, expected: Expectation, method: string): Promise<void> {
  assert.equal(answer.status, expected.status, `${label}: ${answer.warning}`);
  if (expected.challenge !== undefined) assert.equal(answer.challenge, expected.challenge, label);
  if (answer.status === 401) assert.ok(answer.challenge?.startsWith(realm), `${label}: a 401 carries the Bearer challenge`);
  if (expected.studies && method === 'GET') {
    const named = studiesIn(answer.body);
    for (const study of named) assert.ok(expected.studies.allowed.has(study), `${label}: names study ${study}, which it may not see`);
    if (expected.studies.nonEmpty) assert.ok(named.size > 0, `${label}: finds nothing`);
  }
}

describe('every route of a server with a store × principal × token state', () => {
  let server: ListeningServer;
  let origin: string;
  let validShare: string;
  let revokedShare: string;
  let validShareId: string;
  let routes: readonly ServedRoute[];

  before(async () => {
    const bundleDir = join(dir, 'bundle');
    await mkdir(bundleDir);
    await writeFile(join(bundleDir, 'bundle.js'), 'export {};\n');
    server = await startListeningServer({
      store,
      auth: {
        // A static token table too, so an opaque token that is not in it meets the check it would meet in service.
        tokens: tokenTableOf({ 'static-admin-token-0123456789': { name: 'static-admin', roles: ['admin'] } }),
        jwt: new JwtVerifier({ secret: jwtSecret, issuer }),
        shareLinks,
      },
      audit,
      cors: ['http://viewer.example'],
      demo: { pageDir: join(import.meta.dirname, '../../demo'), bundleDir },
    });
    origin = server.root.replace(/\/dicom-web$/, '');
    routes = server.app.servedRoutes;
    const created = await shareLinks.create(secondStudy.studyInstanceUid, 'matrix', 3600);
    [validShare, validShareId] = [created.token, created.link.id];
    const revoked = await shareLinks.create(secondStudy.studyInstanceUid, 'matrix', 3600);
    await shareLinks.revoke(revoked.link.id);
    revokedShare = revoked.token;
  });

  after(() => server.app.close());

  test('every route the app serves has a row in the matrix, and every row a route', () => {
    const served = new Set(routes.map(({ method, url }) => `${method === 'HEAD' ? 'GET' : method} ${url}`));
    const missing = [...served].filter((route) => !(route in storeRoutes));
    assert.deepEqual(missing, [], 'routes without a row in the auth matrix: add one');
    assert.deepEqual(Object.keys(storeRoutes).filter((route) => !served.has(route)), [], 'rows for routes the app does not serve');
  });

  test('each route × target × principal × token state answers as the rules say', async () => {
    const tokensOf = async (name: PrincipalName): Promise<Array<{ state: string; token: string }>> => {
      if (name === 'share') {
        return [
          { state: 'bad signature', token: await shareTokenOf(validShareId, 'bad-signature') },
          { state: 'expired', token: await shareTokenOf(validShareId, 'expired') },
          { state: 'not yet valid', token: await shareTokenOf(validShareId, 'not-yet-valid') },
          { state: 'revoked', token: revokedShare },
        ];
      }
      return [
        { state: 'bad signature', token: await jwtOf(name, 'bad-signature') },
        { state: 'expired', token: await jwtOf(name, 'expired') },
        { state: 'not yet valid', token: await jwtOf(name, 'not-yet-valid') },
      ];
    };
    const validTokens = Object.fromEntries(
      await Promise.all((Object.keys(principals) as PrincipalName[]).map(async (name) => [name, name === 'share' ? validShare : await jwtOf(name, 'valid')] as const)),
    ) as Record<PrincipalName, string>;
    const invalidTokens = Object.fromEntries(await Promise.all((Object.keys(principals) as PrincipalName[]).map(async (name) => [name, await tokensOf(name)] as const)));
    let calls = 0;
    /** Requests under /dicom-web other than preflights: each is one line of the audit trail, refused ones included. */
    let audited = 0;

    for (const { method, url } of routes) {
      const routeCase = storeRoutes[`${method === 'HEAD' ? 'GET' : method} ${url}`]!;
      const mutates = method === 'POST' || method === 'DELETE';
      const open = routeCase.kind === 'public' || routeCase.kind === 'preflight';
      for (const [index, target] of targetsOf(url).entries()) {
        const uids = uidsFor(target);
        const attempt = async (label: string, authorization: string | undefined, expected: Expectation) => {
          const before = mutates ? await instanceCount() : 0;
          const call = await routeCase.call(uids, target);
          const answer = await send(`${origin}${call.path}`, method, { ...call.headers, ...(authorization !== undefined && { Authorization: authorization }) }, call.body);
          calls += 1;
          if (call.path.startsWith('/dicom-web') && method !== 'OPTIONS') audited += 1;
          await checkAnswer(`${method} ${url} (${target}) ${label}`, answer, expected, method);
          if (mutates && (answer.status >= 300 || routeCase.kind.startsWith('share'))) {
            assert.equal(await instanceCount(), before, `${method} ${url} (${target}) ${label}: a refused request changed the store`);
          }
          if (mutates) await restore();
        };
        // The token states other than valid do not depend on the target: tried once per route.
        if (index === 0) {
          const refused = (challenge: string) => (open ? { status: routeCase.ok } : { status: 401, challenge });
          await attempt('without a token', undefined, refused(realm));
          await attempt('with Basic credentials', 'Basic YWRtaW46YWRtaW4=', refused(realm));
          await attempt('with a malformed bearer token', 'Bearer not a token!', refused(invalidChallenge));
          await attempt('with an unknown token', 'Bearer unknown-opaque-token-0123456789', refused(invalidChallenge));
          for (const [name, states] of Object.entries(invalidTokens)) {
            for (const { state, token } of states) await attempt(`as ${name}, ${state}`, `Bearer ${token}`, refused(invalidChallenge));
          }
        }
        for (const name of Object.keys(principals) as PrincipalName[]) {
          await attempt(`as ${name}`, `Bearer ${validTokens[name]}`, expectedFor(method, url, routeCase, name, target));
        }
      }
    }
    assert.ok(calls > 1000, `${calls} calls`);
    // The trail is appended after each answer: waits for the last lines.
    const trailLines = async () => (await readFile(join(dir, 'audit.jsonl'), 'utf8')).split('\n').length - 1;
    for (let tries = 0; tries < 100 && (await trailLines()) < audited; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await trailLines(), audited, 'every request under /dicom-web is one line of the audit trail');
  });

  test('a limited principal learns nothing of other studies through search parameters, at any level', async () => {
    const [mine, theirs] = [uidsOf(own), uidsOf(other)];
    const probes = [
      `/dicom-web/studies?StudyInstanceUID=${theirs.study}`,
      `/dicom-web/studies?PatientID=${sampleStudy.patientId}`,
      `/dicom-web/studies?PatientName=*`,
      `/dicom-web/studies?includefield=all&limit=100`,
      `/dicom-web/studies?StudyInstanceUID=${theirs.study},${mine.study}`,
      `/dicom-web/series?StudyInstanceUID=${theirs.study}`,
      `/dicom-web/series?SeriesInstanceUID=${theirs.series}`,
      `/dicom-web/series?Modality=CT`,
      `/dicom-web/instances?SOPInstanceUID=${theirs.instance}`,
      `/dicom-web/instances?SeriesInstanceUID=${theirs.series}&includefield=all`,
      `/dicom-web/studies/${mine.study}/series?SeriesInstanceUID=${theirs.series}`,
      `/dicom-web/studies/${mine.study}/instances?SOPInstanceUID=${theirs.instance}`,
      `/dicom-web/studies/${theirs.study}/series?includefield=all`,
      `/dicom-web/studies?offset=1`,
    ];
    for (const name of ['patient', 'study', 'share'] as const) {
      const token = name === 'share' ? validShare : await jwtOf(name, 'valid');
      for (const path of probes) {
        const answer = await send(`${origin}${path}`, 'GET', { Authorization: `Bearer ${token}` });
        assert.equal(answer.status, 200, `${name} ${path}: ${answer.warning}`);
        const text = answer.body.toString('utf8');
        for (const hidden of [theirs.study, theirs.series, theirs.instance, sampleStudy.patientId]) {
          assert.ok(!text.includes(hidden), `${name} ${path}: the answer names ${hidden}, which it may not see`);
        }
      }
      // Its own study is found by the same parameters, so an empty answer above is the restriction, not a bad query.
      const found = await send(`${origin}/dicom-web/studies?StudyInstanceUID=${theirs.study},${mine.study}`, 'GET', { Authorization: `Bearer ${token}` });
      assert.deepEqual(studiesIn(found.body), new Set([mine.study]), name);
    }
  });
});

describe('every route of a gateway (in front of our own server) × principal × token state', () => {
  let upstream: ListeningServer;
  let gateway: ListeningServer;
  let origin: string;
  let shareToken: string;
  let routes: readonly ServedRoute[];

  /** A concrete request and the status a permitted one gets, by method, for the gateway's routes. */
  const gatewayRows: Record<string, Record<string, { ok: number; call: () => Call | Promise<Call> }>> = {
    '/dicom-web/*': {
      GET: { ok: 200, call: () => ({ path: '/dicom-web/studies' }) },
      HEAD: { ok: 200, call: () => ({ path: '/dicom-web/studies' }) },
      POST: { ok: 200, call: async () => ({ path: '/dicom-web/studies', ...(await stowBody(copyOf(other))) }) },
      DELETE: {
        ok: 204,
        call: async () => {
          const copy = copyOf(other);
          await store.ingest(copy);
          return { path: instancePath(uidsOf(copy)) };
        },
      },
      // Forwarded: the upstream (without CORS) has no OPTIONS route.
      OPTIONS: { ok: 404, call: () => ({ path: '/dicom-web/studies' }) },
      // Methods DICOMweb does not use are never forwarded.
      PUT: { ok: 405, call: () => ({ path: '/dicom-web/studies', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }) },
      PATCH: { ok: 405, call: () => ({ path: '/dicom-web/studies', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }) },
      TRACE: { ok: 405, call: () => ({ path: '/dicom-web/studies' }) },
      QUERY: { ok: 405, call: () => ({ path: '/dicom-web/studies', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }) },
    },
    // The root itself is forwarded too; the upstream serves nothing there.
    '/dicom-web': {
      GET: { ok: 404, call: () => ({ path: '/dicom-web' }) },
      HEAD: { ok: 404, call: () => ({ path: '/dicom-web' }) },
      POST: { ok: 404, call: async () => ({ path: '/dicom-web', ...(await stowBody(copyOf(other))) }) },
      DELETE: { ok: 404, call: () => ({ path: '/dicom-web' }) },
      OPTIONS: { ok: 404, call: () => ({ path: '/dicom-web' }) },
      PUT: { ok: 405, call: () => ({ path: '/dicom-web', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }) },
      PATCH: { ok: 405, call: () => ({ path: '/dicom-web', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }) },
      TRACE: { ok: 405, call: () => ({ path: '/dicom-web' }) },
      QUERY: { ok: 405, call: () => ({ path: '/dicom-web', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }) },
    },
  };

  before(async () => {
    // The upstream serves the same store without authentication, on loopback only.
    upstream = await startListeningServer({ store });
    gateway = await startListeningServer({
      upstream: upstream.root,
      auth: { tokens: tokenTableOf({ 'static-admin-token-0123456789': { name: 'static-admin', roles: ['admin'] } }), jwt: new JwtVerifier({ secret: jwtSecret, issuer }) },
      audit,
    });
    origin = gateway.root.replace(/\/dicom-web$/, '');
    routes = gateway.app.servedRoutes;
    // A share link this gateway never issued (it cannot issue any): a token like any other it cannot verify.
    shareToken = (await shareLinks.create(secondStudy.studyInstanceUid, 'matrix', 3600)).token;
  });

  after(async () => {
    await gateway.app.close();
    await upstream.app.close();
  });

  test('every route the gateway serves has a row, and every row a route', () => {
    const served = routes.map(({ method, url }) => `${method} ${url}`).sort();
    const rows = Object.entries(gatewayRows).flatMap(([url, methods]) => Object.keys(methods).map((method) => `${method} ${url}`)).sort();
    assert.deepEqual(served, rows);
  });

  test('each route × method × principal × token state answers as the rules say', async () => {
    let calls = 0;
    for (const { method, url } of routes) {
      const row = gatewayRows[url]![method]!;
      const attempt = async (label: string, authorization: string | undefined, expected: Expectation) => {
        const before = await instanceCount();
        const call = await row.call();
        const answer = await send(`${origin}${call.path}`, method, { ...call.headers, ...(authorization !== undefined && { Authorization: authorization }) }, call.body);
        calls += 1;
        await checkAnswer(`gateway ${method} ${url} ${label}`, answer, expected, method);
        if (answer.status >= 300 && method !== 'DELETE') assert.equal(await instanceCount(), before, `gateway ${method} ${url} ${label}: a refused request changed the store`);
        if (method === 'GET' && answer.status === 200) assert.deepEqual(studiesIn(answer.body), new Set([uidsOf(own).study, uidsOf(other).study]));
      };
      await attempt('without a token', undefined, { status: 401, challenge: realm });
      await attempt('with a malformed bearer token', 'Bearer not a token!', { status: 401, challenge: invalidChallenge });
      await attempt('with an unknown token', 'Bearer unknown-opaque-token-0123456789', { status: 401, challenge: invalidChallenge });
      await attempt('with a share link', `Bearer ${shareToken}`, { status: 401, challenge: invalidChallenge });
      for (const name of Object.keys(principals) as PrincipalName[]) {
        if (name === 'share') continue;
        for (const state of ['bad-signature', 'expired', 'not-yet-valid'] as const) {
          await attempt(`as ${name}, ${state}`, `Bearer ${await jwtOf(name, state)}`, { status: 401, challenge: invalidChallenge });
        }
        const role = roleFor(method, 'retrieve');
        // A limited token is refused outright: a gateway has no store to check studies against.
        const expected = !holds(name, role) ? 403 : isLimited(name) ? 403 : row.ok;
        await attempt(`as ${name}`, `Bearer ${await jwtOf(name, 'valid')}`, { status: expected });
      }
    }
    assert.ok(calls > 300, `${calls} calls`);
  });
});
