// Gateway mode: /dicom-web/* forwarded to another DICOMweb server, so a browser reaches a backend without CORS
// (Orthanc) on the page's own origin. Bodies stream both ways, statuses and the headers DICOMweb needs pass through.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.js';
import { dicomwebBaseUrl } from './base-url.js';

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

/** JSON bodies name resources by absolute URL (RetrieveURL, BulkDataURI): those are rewritten. */
function isJson(contentType: string | undefined): boolean {
  return /^application\/(dicom\+)?json\b/i.test(contentType ?? '');
}

export async function gatewayRoutes(app: FastifyInstance, options: { upstream: string; forwardAuthorization?: boolean }): Promise<void> {
  const upstream = new URL(options.upstream.replace(/\/+$/, ''));
  const upstreamRoot = upstream.href.replace(/\/+$/, '');
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;

  // Every body, whatever its type, stays the raw request stream: the gateway never parses or buffers it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    const path = request.url.slice(request.url.indexOf('/dicom-web') + '/dicom-web'.length);
    const target = new URL(upstream.pathname.replace(/\/+$/, '') + path, upstream);
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
