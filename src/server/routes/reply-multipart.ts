// Answering with parts as one multipart/related body (PS3.18 8.6.1.2), streamed, with its exact Content-Length.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { createBoundary, multipartBody, multipartLength, multipartRelatedContentType, type MultipartWritePart } from '../multipart.js';

/** Sends `parts`, each of `partMediaType` (the multipart `type` parameter); a part's body is read only when written. */
export function replyMultipart(reply: FastifyReply, partMediaType: string, parts: MultipartWritePart[]): FastifyReply {
  const boundary = createBoundary();
  reply.type(multipartRelatedContentType(boundary, partMediaType));
  reply.header('Content-Length', multipartLength(boundary, parts));
  return reply.send(Readable.from(multipartBody(boundary, parts)));
}
