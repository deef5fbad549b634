// Which requests are searches (QIDO-RS): what auth and audit treat apart from retrieves.
import type { FastifyRequest } from 'fastify';

/**
 * A search is a GET (or its HEAD) of a route whose path ends in `/studies`, `/series` or `/instances` (at the root, or under a
 * study or series); retrieves end in a UID or a resource (`/metadata`, `/frames/…`, `/rendered`). Behind the
 * gateway's wildcard route, the path requested is judged instead.
 */
export function isSearch(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  const path = route === undefined || route.includes('*') ? request.url.split('?')[0]! : route;
  return (request.method === 'GET' || request.method === 'HEAD') && /\/(studies|series|instances)\/?$/.test(path);
}
