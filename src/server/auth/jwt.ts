// JSON Web Tokens of an identity provider (an OpenID Connect provider's access tokens), verified with jose against
// one configured key: an HMAC secret, a public key in PEM, or the provider's JWKS URL. The claims name the roles and
// any restriction:
//   sub          who (the audit trail names the principal "jwt:<sub>")
//   exp          required: a token that never expires is refused
//   roles        read, write, delete, admin: a list, or one space-separated string (the claim's name is configurable,
//                a dotted path such as realm_access.roles for Keycloak); other values are ignored
//   patient_ids  optional list: the token sees only these patients' studies
//   study_uids   optional list: … and these studies
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { InvalidToken, looksLikeJwt, type TokenVerifier } from './invalid-token.js';
import type { AccessRestriction, Principal } from './principal.js';
import { isRole, type Role } from './roles.js';
import { defaultVerifiedTokens, VerifiedTokenCache } from './verified-token-cache.js';

export interface JwtOptions {
  /** An HMAC secret (HS256/384/512), at least 32 bytes. */
  secret?: Uint8Array;
  /** A public key in PEM (SPKI or an X.509 certificate): RS*, PS*, ES*, EdDSA. */
  publicKeyPem?: string;
  /** The provider's JSON Web Key Set (`jwks_uri` of its OpenID configuration); keys are fetched and cached by jose. */
  jwksUrl?: string;
  /** When given, the `iss` claim must equal it. */
  issuer?: string;
  /** When given, the `aud` claim must contain it. */
  audience?: string;
  /** The claim holding the roles, a dotted path; default `roles`. */
  rolesClaim?: string;
  /**
   * Accepted tokens remembered until their `exp` (verified-token-cache.ts); default 1000, 0 for none. A remembered
   * token stays accepted until it expires even if the provider drops its key meanwhile, as any JWT does wherever its
   * verification is cached: keep `exp` short.
   */
  verifiedTokens?: number;
  /** The clock tokens are checked against, in milliseconds; Date.now unless a test moves time. */
  now?: () => number;
}

/** Shortest HMAC secret accepted: RFC 7518 3.2 asks for a key at least as long as the hash (HS256: 32 bytes). */
export const minimumSecretBytes = 32;

const hmacAlgorithms = ['HS256', 'HS384', 'HS512'];
const publicKeyAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Clocks of the provider and this server may differ a little. */
const clockTolerance = 30;

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function stringListClaim(payload: JWTPayload, name: string): string[] | undefined {
  const value = claimAt(payload, name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw new InvalidToken(`the token's ${name} claim is neither a list of strings nor a space-separated string`);
}

/** What a jose failure means to the client: the reason of the 401. Anything else (the JWKS unreachable) is the server's. */
function refusalOf(error: unknown): InvalidToken | undefined {
  if (error instanceof errors.JWTExpired) return new InvalidToken('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidToken(`the token's ${error.claim} claim is not accepted (${error.reason})`);
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidToken('the token\'s signature does not verify');
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidToken('the token is signed with an algorithm this server does not accept');
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidToken('no key of the identity provider matches the token');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) return new InvalidToken('the token is not a valid JWT');
  return undefined;
}

export class JwtVerifier implements TokenVerifier {
  readonly #key: Uint8Array | KeyObject | JWTVerifyGetKey;
  readonly #algorithms: string[];
  readonly #options: JwtOptions;
  readonly #now: () => number;
  readonly #verified: VerifiedTokenCache<Principal>;

  constructor(options: JwtOptions) {
    const given = [options.secret, options.publicKeyPem, options.jwksUrl].filter((value) => value !== undefined).length;
    if (given !== 1) throw new Error('a JWT verifier needs exactly one of a secret, a public key or a JWKS URL');
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#verified = new VerifiedTokenCache(options.verifiedTokens ?? defaultVerifiedTokens, this.#now);
    if (options.secret) {
      if (options.secret.byteLength < minimumSecretBytes) throw new Error(`a JWT secret must be at least ${minimumSecretBytes} bytes long`);
      this.#key = options.secret;
      this.#algorithms = hmacAlgorithms;
    } else if (options.publicKeyPem) {
      this.#key = createPublicKey(options.publicKeyPem);
      if (this.#key.type !== 'public') throw new Error('the JWT public key is not a public key');
      this.#algorithms = publicKeyAlgorithms;
    } else {
      const url = new URL(options.jwksUrl!);
      if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
        throw new Error(`the JWKS URL must be https (or on loopback), not ${url.href}`);
      }
      this.#key = createRemoteJWKSet(url);
      this.#algorithms = publicKeyAlgorithms;
    }
  }

  /** How many accepted tokens are remembered now. */
  get rememberedTokens(): number {
    return this.#verified.size;
  }

  async principalOf(token: string): Promise<Principal | undefined> {
    if (!looksLikeJwt(token)) return undefined;
    const remembered = this.#verified.get(token);
    if (remembered) return remembered;
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.#key, {
        algorithms: this.#algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance,
        currentDate: new Date(this.#now()),
        ...(this.#options.issuer !== undefined && { issuer: this.#options.issuer }),
        ...(this.#options.audience !== undefined && { audience: this.#options.audience }),
      });
      payload = verified.payload;
    } catch (error) {
      throw refusalOf(error) ?? new Error(`the token cannot be checked: ${(error as Error).message}`);
    }
    const roles = new Set((stringListClaim(payload, this.#options.rolesClaim ?? 'roles') ?? []).filter(isRole) as Role[]);
    const patientIds = stringListClaim(payload, 'patient_ids');
    const studyInstanceUids = stringListClaim(payload, 'study_uids');
    const restriction: AccessRestriction | undefined = patientIds || studyInstanceUids ? { patientIds: patientIds ?? [], studyInstanceUids: studyInstanceUids ?? [] } : undefined;
    if (restriction && roles.has('admin')) throw new InvalidToken('an admin token cannot be limited to patients or studies');
    const principal: Principal = { name: `jwt:${payload.sub}`, roles, ...(restriction && { restriction }) };
    // Remembered until `exp` itself, not `exp` plus the clock tolerance: a remembered token never outlives jose's verdict.
    this.#verified.set(token, principal, payload.exp! * 1000);
    return principal;
  }
}
