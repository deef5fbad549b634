// What a bearer-token verifier throws for a token it recognizes but does not accept (bad signature, expired,
// revoked, wrong issuer): the auth hook answers 401 with error="invalid_token" and this reason.

export class InvalidToken extends Error {
  /**
   * Who the token names, when its signature verified although it is refused (a share link expired or revoked: this
   * server signed it); the audit trail records the attempt under that name. Never set from unverified claims.
   */
  readonly subject: string | undefined;

  constructor(reason: string, subject?: string) {
    super(reason);
    this.name = 'InvalidToken';
    this.subject = subject;
  }
}

/**
 * A verifier of one kind of bearer token (static keys, JWTs of an identity provider, share links): the principal of
 * a token it accepts; undefined for a token that is not of its kind; throws InvalidToken for one of its kind it
 * refuses.
 */
export interface TokenVerifier {
  principalOf(token: string): Promise<import('./principal.js').Principal | undefined>;
}

/** A JWS in compact serialization: three base64url parts. Static tokens rarely look like this; those that do are looked up first. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
