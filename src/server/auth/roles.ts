// Roles a token holds and the role each request needs: mapped by HTTP method, since every DICOMweb transaction that
// only reads is a GET or HEAD, every store a POST and every removal a DELETE.

export const roles = ['read', 'write', 'delete', 'admin'] as const;

export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/**
 * The role a request needs: read for GET and HEAD (QIDO, WADO, rendered, thumbnails, metadata), write for POST
 * (STOW), delete for DELETE. Any other method (PUT, PATCH: only a gateway's upstream could serve them) needs admin.
 */
export function roleNeededFor(method: string): Role {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'POST':
      return 'write';
    case 'DELETE':
      return 'delete';
    default:
      return 'admin';
  }
}

/** admin holds every role. */
export function holdsRole(held: ReadonlySet<Role>, needed: Role): boolean {
  return held.has(needed) || held.has('admin');
}
