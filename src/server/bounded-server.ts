// The limits of limits.ts that belong to the HTTP server rather than to a route: how long a client may take to send
// headers, how many connections one address may hold open, and how long a closing server waits for requests in
// progress (a stalled upload must not keep a process from stopping).
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServerLimits } from './limits.js';

/** Fastify's own options for the idle, keep-alive and whole-request timeouts. */
export function fastifyTimeouts(limits: ServerLimits): { connectionTimeout: number; keepAliveTimeout: number; requestTimeout: number } {
  return { connectionTimeout: limits.idleTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, requestTimeout: limits.requestTimeoutMs };
}

/** Applies the header timeout, the per-client connection cap and the shutdown grace to the app's server. */
export function boundServer(app: FastifyInstance, limits: ServerLimits): void {
  const server = app.server;
  // Node insists that the header timeout not exceed the request timeout.
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);

  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? '';
    const count = (open.get(client) ?? 0) + 1;
    if (count > limits.maxConnectionsPerClient) {
      // Refused before a byte is read: the client sees its connection closed, the others are served.
      socket.destroy();
      return;
    }
    open.set(client, count);
    socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left === 0) open.delete(client);
      else open.set(client, left);
    });
  });

  app.addHook('preClose', (done) => {
    // close() waits for requests in progress; after the grace period their connections are cut.
    const timer = setTimeout(() => server.closeAllConnections(), limits.shutdownGraceMs);
    timer.unref();
    server.once('close', () => clearTimeout(timer));
    done();
  });
}
