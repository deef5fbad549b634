// Bearer-token authentication and roles for everything under /dicom-web, the store's routes and the gateway alike:
// one onRequest hook checks the token (RFC 6750), the role the method needs, and for a token limited to some
// patients or studies, that the study in the URL is one it sees (404 otherwise, so existence is not revealed).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Principal } from '../auth/principal.js';
import { holdsRole, roleNeededFor } from '../auth/roles.js';
import type { TokenTable } from '../auth/tokens.js';
import { visibleStudiesOf } from '../auth/visible-studies.js';
import { forbidden, notFound, unauthorized } from '../http-error.js';
import { isSearch } from '../routes/search-route.js';
import type { Store } from '../store/store.js';

export interface AuthOptions {
  tokens: TokenTable;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts for; undefined when the server runs without authentication. */
    principal: Principal | undefined;
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
  const { tokens, store } = options;
  if (!store && tokens.hasRestrictions) {
    throw new Error('tokens limited to patientIds or studyUids need a store to check studies against; a gateway cannot limit them');
  }
  app.decorateRequest('principal', undefined);
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
    const principal = token === undefined ? undefined : tokens.principalOf(token);
    if (!principal) {
      throw unauthorized(token === undefined ? 'the Authorization header is not "Bearer <token>"' : 'the bearer token is not valid', {
        'WWW-Authenticate': `Bearer realm="${realm}", error="invalid_token"`,
      });
    }
    request.principal = principal;
    const needed = roleNeededFor(request.method);
    if (!holdsRole(principal.roles, needed)) {
      throw forbidden(`token "${principal.name}" may not ${verbs[needed]} here: that needs the ${needed} role (it has ${[...principal.roles].join(', ')})`, {
        'WWW-Authenticate': `Bearer realm="${realm}", error="insufficient_scope"`,
      });
    }
    if (!principal.restriction || !store) return;
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
