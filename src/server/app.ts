// Builds the reference server's Fastify app (DICOMweb under /dicom-web, optional demo page and bundle); never listens.
import { existsSync } from 'node:fs';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { HttpError } from './http-error.js';
import { allowHosts } from './plugins/allowed-hosts.js';
import { auditPlugin } from './plugins/audit.js';
import { authPlugin, type AuthOptions } from './plugins/auth.js';
import { logRequests, loggerOptions, type RequestLogOptions } from './plugins/request-log.js';
import { securityHeaders } from './plugins/security-headers.js';
import type { AuditLog } from './audit/audit-log.js';
import { dicomwebPrefix, warningHeader } from './routes/base-url.js';
import { deleteRoutes } from './routes/delete.js';
import { gatewayRoutes } from './routes/gateway.js';
import { qidoRoutes } from './routes/qido.js';
import { renderedRoutes } from './routes/rendered.js';
import { shareLinkRoutes } from './routes/share-links.js';
import { retrieveRoutes } from './routes/retrieve.js';
import { stowRoutes } from './routes/stow.js';
import { wadoRoutes } from './routes/wado.js';
import type { Store } from './store/store.js';
import { boundServer, fastifyTimeouts } from './bounded-server.js';
import { DecodePool } from './imaging/decode-pool.js';
import { defaultLimits, type ServerLimits } from './limits.js';

export interface BuildAppOptions {
  /** Owned by the caller: closing the app leaves it open. Needed unless `upstream` is given. */
  store?: Store;
  /**
   * Gateway mode: the DICOMweb root of another server (`http://127.0.0.1:8042/dicom-web`) that /dicom-web/*
   * is forwarded to, instead of serving a store.
   */
  upstream?: string;
  /**
   * Host names or addresses, besides loopback, that clients reach this server by (the bound host, a DNS name); a
   * request whose Host header names any other host is refused with 421 (see plugins/allowed-hosts.ts).
   */
  allowedHosts?: readonly string[];
  /**
   * Bearer tokens and their roles for everything under /dicom-web (see plugins/auth.ts); absent: no authentication,
   * for a server on loopback.
   */
  auth?: AuthOptions;
  /** Where every request under /dicom-web is recorded once answered (see plugins/audit.ts). Owned by the caller. */
  audit?: AuditLog;
  /**
   * Origins allowed to call from a browser (`https://viewer.example`), or '*' for any; absent: same origin only.
   * With '*' a browser may only read (GET, HEAD): storing and deleting need a listed origin.
   */
  cors?: string[] | '*';
  /** HTTPS with this key and certificate (PEM); answers then carry HSTS. */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Who may frame the demo page (CSP frame-ancestors): origins or 'self'; default none (plugins/security-headers.ts). */
  frameAncestors?: readonly string[];
  /** The demo viewer: `pageDir` served at `/`, the browser bundle (`bundleDir`) at `/lib/`. */
  demo?: { pageDir: string; bundleDir: string };
  /** Operator logging (plugins/request-log.ts): one pino line a request, errors with their stack; absent or false: none. */
  logger?: boolean | RequestLogOptions;
  /** Bounds on work, time and connections (see limits.ts); the defaults when absent. */
  limits?: ServerLimits;
}

/** One method and URL the app answers, as Fastify registered it (`/dicom-web/studies/:study`). */
export interface ServedRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves, in registration order: what a test of every route enumerates. */
    readonly servedRoutes: readonly ServedRoute[];
  }
}

/** Response headers a cross-origin script must be able to read (multipart boundary, paging warnings, lengths, auth challenges). */
const exposedHeaders = ['Content-Type', 'Content-Length', 'Content-Location', 'Warning', 'WWW-Authenticate'];

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const limits = options.limits ?? defaultLimits;
  // Logging: pino with credentials redacted, one line a request (ours) in place of Fastify's two.
  const logging = options.logger === true ? {} : options.logger || undefined;
  // Fastify types an HTTPS instance apart; everything here uses what both have.
  const app = Fastify({
    logger: logging ? loggerOptions(logging) : false,
    // Fastify's own two lines a request are off: logRequests writes one line, with who asked.
    logController: new LogController({ disableRequestLogging: true }),
    ...fastifyTimeouts(limits),
    ...(options.https && { https: options.https }),
  }) as unknown as FastifyInstance;
  boundServer(app, limits);
  // Added before any plugin, so the routes of every scope pass through it (HEAD twins included).
  const servedRoutes: ServedRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) servedRoutes.push({ method, url: route.url });
  });
  app.decorate('servedRoutes', { getter: () => servedRoutes });
  if (logging) logRequests(app);
  securityHeaders(app, { tls: options.https !== undefined, ...(options.frameAncestors && { frameAncestors: options.frameAncestors }) });
  // First of all hooks: a request for another host is refused before CORS or any route sees it.
  allowHosts(app, options.allowedHosts ?? []);

  if (options.cors) {
    await app.register(cors, {
      origin: options.cors === '*' ? '*' : options.cors,
      // Any origin may read; only origins named one by one may store (POST) or delete, since those need a preflight.
      methods: options.cors === '*' ? ['GET', 'HEAD', 'OPTIONS'] : ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
      exposedHeaders,
      // Preflights cached for 10 minutes: a viewer sends many requests with an Authorization header.
      maxAge: 600,
    });
  }

  // Every error answers with its reason twice: in the body (Fastify's JSON error shape) for people and
  // in a Warning header, where PS3.18 clients look for it.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) request.log.error(error);
    // An HttpError's reason was written for the client (501, 502, 504: what this server cannot do or reach; 500:
    // a stored frame that cannot be decoded); other 5xx are bugs whose details stay in the log.
    const reason = statusCode >= 500 && !(error instanceof HttpError) ? 'internal error; see the server log' : error.message;
    if (error instanceof HttpError) reply.headers(error.headers);
    reply.header('Warning', warningHeader(request, reason));
    return reply.status(statusCode).type('application/json').send({ statusCode, error: httpReason(statusCode), message: reason });
  });

  const { store, upstream, auth, audit } = options;
  if (!upstream && !store) throw new Error('buildApp needs a store to serve or an upstream DICOMweb server to forward to');
  // One scope for everything under /dicom-web, so authentication covers the store's routes and the gateway alike.
  await app.register(
    async (dicomweb) => {
      if (auth) await dicomweb.register(authPlugin, { ...auth, ...(!upstream && { store }) });
      if (audit) await dicomweb.register(auditPlugin, { log: audit, ...(!upstream && { store }) });
      if (upstream) {
        // With authentication here, the client's bearer token is for this server, not for the upstream.
        await dicomweb.register(gatewayRoutes, { upstream, forwardAuthorization: !auth });
        return;
      }
      // Decoding for rendered, thumbnail and decoded frames runs on worker threads, a bounded number at once.
      const decoder = new DecodePool(limits);
      dicomweb.addHook('onClose', () => decoder.close());
      const routes = { store: store!, limits, decoder };
      await dicomweb.register(qidoRoutes, routes);
      await dicomweb.register(wadoRoutes, routes);
      await dicomweb.register(retrieveRoutes, routes);
      await dicomweb.register(stowRoutes, routes);
      await dicomweb.register(deleteRoutes, routes);
      await dicomweb.register(renderedRoutes, routes);
      // Share links: created and revoked under the study they share (routes/share-links.ts).
      if (auth?.shareLinks) await dicomweb.register(shareLinkRoutes, { store: store!, shareLinks: auth.shareLinks });
    },
    { prefix: dicomwebPrefix },
  );

  if (options.demo) {
    const { pageDir, bundleDir } = options.demo;
    if (existsSync(pageDir)) await app.register(fastifyStatic, { root: pageDir, prefix: '/' });
    else app.log.warn(`demo page folder ${pageDir} does not exist; / is not served`);
    if (existsSync(bundleDir)) {
      await app.register(fastifyStatic, {
        root: bundleDir,
        prefix: '/lib/',
        decorateReply: false,
        // Streaming compilation (WebAssembly.instantiateStreaming) refuses any other type.
        setHeaders: (reply, path) => {
          if (path.endsWith('.wasm')) reply.header('Content-Type', 'application/wasm');
        },
      });
    } else {
      app.log.warn(`browser bundle folder ${bundleDir} does not exist (build it first); /lib/ is not served`);
    }
  }

  return app;
}

function httpReason(statusCode: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    409: 'Conflict',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    421: 'Misdirected Request',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
    500: 'Internal Server Error',
    501: 'Not Implemented',
    507: 'Insufficient Storage',
  };
  return reasons[statusCode] ?? 'Error';
}
