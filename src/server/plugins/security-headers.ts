// Security headers on every answer. DICOMweb answers carry PHI: never stored by a cache (no-store), never rendered as
// a page (CSP default-src 'none'). The demo page and its bundle get the Content-Security-Policy the viewer needs and
// no more: its scripts from this origin, WebAssembly codecs compiled ('wasm-unsafe-eval'), decode workers from this
// origin or blob:, images from blob:/data: (thumbnails, canvases), inline styles (Cornerstone's canvases), requests to
// this origin only; framed only by the origins given (frame-ancestors). Answers over TLS add HSTS.
import type { FastifyInstance } from 'fastify';
import { dicomwebPrefix } from '../routes/base-url.js';

export interface SecurityHeaderOptions {
  /** The server speaks HTTPS: browsers are told to keep to it (HSTS). */
  tls?: boolean;
  /**
   * Who may frame the demo page (CSP frame-ancestors): origins such as `https://ehr.example`, or `'self'`; default
   * none.
   */
  frameAncestors?: readonly string[];
}

/** A year, the value HSTS preload lists ask for; subdomains are left alone (they may be other services). */
const hstsMaxAge = 31_536_000;

/** A CSP frame-ancestors source this server accepts: 'self', 'none', or an http(s) origin (a host wildcard allowed). */
export function isFrameAncestor(source: string): boolean {
  return source === "'self'" || source === "'none'" || /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(source);
}

/** The Content-Security-Policy of the demo page and everything served beside it (its bundle, workers, codecs). */
export function demoContentSecurityPolicy(frameAncestors: readonly string[] = []): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "img-src 'self' blob: data:",
    // Cornerstone sizes its canvases and the elements position overlays through inline styles; inline scripts stay
    // refused, and with connect-src and img-src kept to this origin injected CSS has nowhere to send what it reads.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** The CSP of DICOMweb answers: nothing in them is ever run or shown as a page. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  for (const source of options.frameAncestors ?? []) {
    if (!isFrameAncestor(source)) throw new Error(`frame-ancestors takes origins (https://ehr.example) or 'self', not "${source}"`);
  }
  const demoPolicy = demoContentSecurityPolicy(options.frameAncestors);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (options.tls) reply.header('Strict-Transport-Security', `max-age=${hstsMaxAge}`);
    const path = request.url;
    if (path === dicomwebPrefix || path.startsWith(`${dicomwebPrefix}/`) || path.startsWith(`${dicomwebPrefix}?`)) {
      reply.header('Cache-Control', 'no-store');
      reply.header('Content-Security-Policy', apiContentSecurityPolicy);
    } else {
      reply.header('Content-Security-Policy', demoPolicy);
    }
    return payload;
  });
}
