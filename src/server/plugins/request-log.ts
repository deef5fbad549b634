// Operator request logging through Fastify's pino logger: one JSON line a request, after its answer, with method,
// route, path, status, time and who (a token's name, never the token). No query string: a search's query holds
// patient names and birth dates; the path holds UIDs only. Credentials are redacted wherever pino meets them.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

export interface RequestLogOptions {
  /** pino's level: fatal, error, warn (default), info (one line a request), debug, trace, or silent. */
  level?: string;
  /** Where lines go; default standard error, so standard output keeps the lines scripts read. */
  stream?: NodeJS.WritableStream;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Paths pino replaces by [Redacted], at any depth a header object is logged. */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'token',
  '*.token',
];

/** The `logger` option of Fastify for these settings. */
export function loggerOptions(options: RequestLogOptions): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: options.level ?? 'warn',
    stream: options.stream ?? process.stderr,
    redact: { paths: redactedPaths, censor: '[Redacted]' },
  };
}

/** The path of a URL without its query string (and without a fragment, which no client should send). */
export function pathOf(url: string): string {
  return url.replace(/[?#].*$/s, '');
}

/** The levels at which each request gets its line. */
const linesPerRequest: ReadonlySet<string> = new Set(['info', 'debug', 'trace']);

/** Logs each answered request once (Fastify's own two lines a request are turned off in app.ts). */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    // At the default level (warn) only failures are logged: the line is not even built for the rest.
    if (reply.statusCode < 500 && !linesPerRequest.has(request.log.level)) return;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? null,
      path: pathOf(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      user: request.principal?.name ?? null,
      address: request.ip,
    };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.info(line, 'request');
  });
}
