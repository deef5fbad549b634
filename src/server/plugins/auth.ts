// Bearer-token authentication and roles for everything under /dicom-web, the store's routes and the gateway alike:
// one onRequest hook checks the token (RFC 6750) against each configured kind (static tokens, share links, an
// identity provider's JWTs), the role the method needs, and for a token limited to some patients or studies, that
// the study in the URL is one it sees (404 otherwise, so existence is not revealed).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Principal } from '../auth/principal.js';
import { InvalidToken, type TokenVerifier } from '../auth/invalid-token.js';
import { holdsRole, roleNeededFor, type Role } from '../auth/roles.js';
import type { ShareLinks } from '../auth/share-links.js';
import type { TokenTable } from '../auth/tokens.js';
import { visibleStudiesOf } from '../auth/visible-studies.js';
import { forbidden, HttpError, notFound, unauthorized } from '../http-error.js';
import { isSearch } from '../routes/search-route.js';
import type { Store } from '../store/store.js';

export interface AuthOptions {
  /** Static API tokens (`--tokens`). */
  tokens?: TokenTable;
  /** An identity provider's JWTs (auth/jwt.ts). */
  jwt?: TokenVerifier;
  /** Share links this server issued (auth/share-links.ts); they need a store. */
  shareLinks?: ShareLinks;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The role a route needs when its method does not say (a POST that only reads, a DELETE of a share link). */
    role?: Role;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts for; undefined when the server runs without authentication. */
    principal: Principal | undefined;
    /** Whom a refused token named, when its signature verified (an expired or revoked share link): for the audit trail. */
    refusedSubject: string | undefined;
    /** The studies the request may see; undefined for all of them. QIDO limits its answers to these. */
    visibleStudies: ReadonlySet<string> | undefined;
  }
}

const realm = 'dicom-lightbox';
const verbs = { read: 'read', write: 'store', delete: 'delete', admin: 'use this method' } as const;

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 2.1); undefined without one. */
function bearerTokenOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

async function auth(app: FastifyInstance, options: AuthOptions & { store?: Store }): Promise<void> {
  const { tokens, jwt, shareLinks, store } = options;
  if (!tokens && !jwt && !shareLinks) throw new Error('authentication needs tokens, a JWT verifier or share links');
  if (!store && shareLinks) throw new Error('share links limit a token to one study, which needs a store; a gateway cannot serve them');
  if (!store && tokens?.hasRestrictions) {
    throw new Error('tokens limited to patientIds or studyUids need a store to check studies against; a gateway cannot limit them');
  }
  /** The principal of a token: static tokens first (constant time), then a share link, then an identity provider's JWT. */
  async function principalOf(token: string): Promise<Principal | undefined> {
    const fromTable = tokens?.principalOf(token);
    if (fromTable) return fromTable;
    for (const verifier of [shareLinks, jwt]) {
      const principal = await verifier?.principalOf(token);
      if (principal) return principal;
    }
    return undefined;
  }

  app.decorateRequest('principal', undefined);
  app.decorateRequest('refusedSubject', undefined);
  app.decorateRequest('visibleStudies', undefined);

  app.addHook('onRequest', async (request) => {
    // A CORS preflight carries no credentials (Fetch standard): it is answered so the real request can follow. Any
    // other OPTIONS (a gateway would forward it) needs a token like every method.
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) return;
    const token = bearerTokenOf(request);
    // RFC 6750 3: a request with no bearer credentials at all gets the bare challenge; a bad token, invalid_token.
    if (!/^Bearer\b/i.test(request.headers.authorization ?? '')) {
      throw unauthorized('this server needs a bearer token: send Authorization: Bearer <token>', { 'WWW-Authenticate': `Bearer realm="${realm}"` });
    }
    const invalid = (reason: string) => unauthorized(reason, { 'WWW-Authenticate': `Bearer realm="${realm}", error="invalid_token"` });
    let principal: Principal | undefined;
    try {
      principal = token === undefined ? undefined : await principalOf(token);
    } catch (error) {
      if (error instanceof InvalidToken) {
        request.refusedSubject = error.subject;
        throw invalid(error.message);
      }
      // The identity provider's keys cannot be fetched: not the client's fault, and not a pass either.
      request.log.error({ err: error }, 'a bearer token cannot be checked');
      throw new HttpError(503, 'the bearer token cannot be checked now (the identity provider\'s keys are unreachable); try again later');
    }
    if (!principal) throw invalid(token === undefined ? 'the Authorization header is not "Bearer <token>"' : 'the bearer token is not valid');
    request.principal = principal;
    const needed = request.routeOptions.config?.role ?? roleNeededFor(request.method);
    if (!holdsRole(principal.roles, needed)) {
      throw forbidden(`token "${principal.name}" may not ${verbs[needed]} here: that needs the ${needed} role (it has ${[...principal.roles].join(', ')})`, {
        'WWW-Authenticate': `Bearer realm="${realm}", error="insufficient_scope"`,
      });
    }
    if (!principal.restriction) return;
    if (!store) throw forbidden(`token "${principal.name}" sees some patients or studies only, which a gateway cannot check: use an unrestricted token`);
    const visible = await visibleStudiesOf(principal.restriction, store);
    request.visibleStudies = visible;
    const study = (request.params as { study?: string } | undefined)?.study;
    if (study !== undefined) {
      if (!visible.has(study) && !isSearch(request)) throw notFound(`no study ${study}`);
    } else if (request.method === 'POST') {
      throw forbidden(`token "${principal.name}" sees some studies only, so it stores into one of them: POST /studies/{StudyInstanceUID}`);
    }
  });
}

/** Registered in the scope that holds the DICOMweb routes; fastify-plugin lets its hook and decorations reach them. */
export const authPlugin = fastifyPlugin(auth, { name: 'dicom-lightbox-auth', fastify: '5.x' });
