// Gateway mode: /dicom-web/* forwarded to another DICOMweb server, so a browser reaches a backend without CORS
// (Orthanc) on the page's own origin. Bodies stream both ways, statuses and the headers DICOMweb needs pass through.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, HttpError } from '../http-error.js';
import { dicomwebBaseUrl, dicomwebPrefix } from './base-url.js';

/** Request headers a DICOMweb client sends that the upstream must see (hop-by-hop and Host are not among them). */
const forwardedRequestHeaders = ['accept', 'content-type', 'content-length', 'transfer-encoding', 'authorization', 'if-none-match', 'if-modified-since', 'range', 'cache-control', 'user-agent'];
/** Response headers passed back: the multipart boundary lives in Content-Type, reasons in Warning. */
const forwardedResponseHeaders = ['content-type', 'content-length', 'warning', 'content-location', 'location', 'cache-control', 'etag', 'last-modified', 'content-range', 'accept-ranges', 'retry-after', 'www-authenticate'];
/** How long the upstream may take to start answering. */
const upstreamTimeout = 60_000;

/**
 * Replaces every occurrence of `from` by `to` in a byte stream, holding back only the last `from.length - 1`
 * bytes of each chunk (a match may straddle two chunks), so the body still streams.
 */
export class StreamingReplace extends Transform {
  readonly #from: Buffer;
  readonly #to: Buffer;
  #tail: Buffer = Buffer.alloc(0);

  constructor(from: string, to: string) {
    super();
    this.#from = Buffer.from(from);
    this.#to = Buffer.from(to);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.#tail.length > 0 ? Buffer.concat([this.#tail, chunk]) : chunk;
    const pieces: Buffer[] = [];
    let start = 0;
    let at = data.indexOf(this.#from);
    while (at >= 0) {
      pieces.push(data.subarray(start, at), this.#to);
      start = at + this.#from.length;
      at = data.indexOf(this.#from, start);
    }
    const keep = Math.max(start, data.length - (this.#from.length - 1));
    pieces.push(data.subarray(start, keep));
    this.#tail = Buffer.from(data.subarray(keep));
    done(null, Buffer.concat(pieces));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.#tail);
  }
}

/** The methods DICOMweb uses (QIDO/WADO, STOW, DELETE, CORS preflight); nothing else is forwarded. */
export const forwardedMethods = ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'];

/**
 * Path spellings that could leave the upstream's root once the upstream (or a proxy before it) normalizes them: dot
 * segments, raw or percent-encoded; an empty segment (`//host` reads as another host under a path-less root); a
 * backslash, which WHATWG URL parsing takes for a slash; encoded slashes and percent signs (decoded again
 * upstream). DICOMweb paths are UIDs and keywords, which need none of these.
 */
const escapingPath = /(^|\/)\.{1,2}(\/|$)|\/\/|\\|%(2e|2f|5c|25)/i;

/**
 * The upstream URL for a path and query under the gateway's root: the root's text with the path appended, parsed, and
 * checked to stay at the root's origin and under its path. Throws 400 for a path that could escape.
 */
export function upstreamUrlFor(upstreamRoot: URL, pathAndQuery: string): URL {
  const queryAt = pathAndQuery.indexOf('?');
  const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  if (path !== '' && !path.startsWith('/')) throw badRequest('the gateway forwards paths under /dicom-web/ only');
  if (escapingPath.test(path)) {
    throw badRequest('the gateway does not forward a path with dot segments, empty segments, backslashes or encoded slashes, dots or percent signs');
  }
  const rootPath = upstreamRoot.pathname.replace(/\/+$/, '');
  const target = new URL(`${upstreamRoot.origin}${rootPath}${pathAndQuery}`);
  if (target.origin !== upstreamRoot.origin || (target.pathname !== rootPath && !target.pathname.startsWith(`${rootPath}/`))) {
    throw badRequest('the gateway forwards to its upstream DICOMweb root only');
  }
  return target;
}

/** JSON bodies name resources by absolute URL (RetrieveURL, BulkDataURI): those are rewritten. */
function isJson(contentType: string | undefined): boolean {
  return /^application\/(dicom\+)?json\b/i.test(contentType ?? '');
}

export async function gatewayRoutes(app: FastifyInstance, options: { upstream: string; forwardAuthorization?: boolean }): Promise<void> {
  const upstream = new URL(options.upstream.replace(/\/+$/, ''));
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new Error(`the upstream must be an http(s) URL, not ${options.upstream}`);
  if (upstream.username || upstream.password || upstream.search || upstream.hash) throw new Error('the upstream is a DICOMweb root: no user, password, query or fragment');
  const upstreamRoot = upstream.href.replace(/\/+$/, '');
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;

  // Every body, whatever its type, stays the raw request stream: the gateway never parses or buffers it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    if (!forwardedMethods.includes(request.method)) {
      throw new HttpError(405, `the gateway forwards ${forwardedMethods.join(', ')} only, not ${request.method}`, { Allow: forwardedMethods.join(', ') });
    }
    const target = upstreamUrlFor(upstream, request.url.slice(dicomwebPrefix.length));
    const headers: Record<string, string | string[]> = {};
    for (const name of forwardedRequestHeaders) {
      if (name === 'authorization' && options.forwardAuthorization === false) continue;
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    // The body is rewritten below only when it is uncompressed.
    headers['accept-encoding'] = 'identity';
    const body = request.body as Readable | undefined;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(target, { method: request.method, headers, timeout: upstreamTimeout }, resolve);
      outgoing.on('timeout', () => outgoing.destroy(new HttpError(504, `the upstream DICOMweb server ${upstream.origin} did not answer within ${upstreamTimeout / 1000} s`)));
      outgoing.on('error', (error) =>
        reject(error instanceof HttpError ? error : new HttpError(502, `the upstream DICOMweb server ${upstream.origin} cannot be reached: ${error.message}`)),
      );
      if (body && typeof body.pipe === 'function') body.pipe(outgoing);
      else outgoing.end();
    });
    const gatewayRoot = dicomwebBaseUrl(request);
    const contentType = response.headers['content-type'];
    // The upstream writes its own absolute URLs (RetrieveURL, BulkDataURI, Content-Location). A browser following
    // them would leave this origin for one without CORS, or for an address only this machine can reach; pointed
    // at the gateway they stay same-origin. Only JSON is rewritten: multipart bodies hold pixel data, never URLs
    // but in their part headers, which clients do not follow.
    const rewrite = isJson(contentType) && upstreamRoot !== gatewayRoot;
    reply.status(response.statusCode ?? 502);
    for (const name of forwardedResponseHeaders) {
      const value = response.headers[name];
      if (value === undefined) continue;
      if (name === 'content-length' && rewrite) continue;
      reply.header(name, name === 'content-location' || name === 'location' ? String(value).replace(upstreamRoot, gatewayRoot) : value);
    }
    return reply.send(rewrite ? response.pipe(new StreamingReplace(upstreamRoot, gatewayRoot)) : response);
  }

  // ALL /dicom-web/* → <upstream>/*
  app.all('/*', forward);
  app.all('/', forward);
}
