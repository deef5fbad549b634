// DNS-rebinding defence: a request whose Host header names neither loopback nor a host this server is told it is
// reached by is answered 421 Misdirected Request (RFC 9110 15.5.20) before any route runs. A page on an attacker's
// domain that re-points its name at 127.0.0.1 reaches the server with that domain in Host, and so is refused.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-error.js';

/** host[:port], the host a name or an address (IPv6 in brackets); anything else (user info, paths) is no Host. */
const hostHeaderPattern = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/**
 * The host a Host header (or a configured name) names, in one spelling: lower case, no port, no trailing dot, IPv6
 * without brackets and compressed, IPv4 in dotted decimal (WHATWG URL parsing); undefined when it is not a host.
 */
export function hostnameOf(host: string): string | undefined {
  // A bare IPv6 address (as --host takes it) is bracketed the way a Host header writes it.
  const bracketed = isIP(host) === 6 ? `[${host}]` : host;
  if (!hostHeaderPattern.test(bracketed)) return undefined;
  try {
    return new URL(`http://${bracketed}`).hostname.replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

/** Loopback: `localhost` and its subdomains (RFC 6761 6.3), 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (isIP(hostname) === 4) return hostname.startsWith('127.');
  return hostname === '::1';
}

/** Accepted Host headers remembered (only accepted ones: refused ones cost the parse each time, as they should). */
const rememberedHosts = 64;

/** Addresses that mean "every interface" when bound: no client names them, so they allow nothing. */
const unspecifiedAddresses = new Set(['0.0.0.0', '::']);

/**
 * Refuses, with 421 and the reason, every request whose Host is not loopback nor one of `allowedHosts` (names or
 * addresses, a port ignored). Added to the root instance, so it covers DICOMweb, the gateway and the demo alike.
 */
export function allowHosts(app: FastifyInstance, allowedHosts: readonly string[]): void {
  const allowed = new Set(allowedHosts.map(hostnameOf).filter((name): name is string => name !== undefined && !unspecifiedAddresses.has(name)));
  // Host headers accepted before, as sent: clients send a few spellings, so most requests skip the URL parser.
  const accepted = new Set<string>();
  app.addHook('onRequest', async (request) => {
    const header = request.headers.host;
    if (header !== undefined && accepted.has(header)) return;
    const hostname = header === undefined ? undefined : hostnameOf(header);
    if (hostname !== undefined && (isLoopbackHost(hostname) || allowed.has(hostname))) {
      if (accepted.size < rememberedHosts) accepted.add(header!);
      return;
    }
    const named = header === undefined ? 'no Host header' : `Host "${header}"`;
    const others = allowed.size > 0 ? `, nor ${[...allowed].join(', ')}` : '';
    throw new HttpError(
      421,
      `this server does not answer for ${named}: it answers for loopback (localhost, 127.0.0.1, ::1)${others}; start it with --allowed-hosts NAME to add the name it is reached by`,
    );
  });
}
