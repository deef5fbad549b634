// Authentication as the command line configures it: static tokens (--tokens), an identity provider's JWTs (a secret,
// a public key or a JWKS URL), and share links once any of these is on and a store is served.
import { readFile } from 'node:fs/promises';
import type { AuthOptions } from '../plugins/auth.js';
import { JwtVerifier } from './jwt.js';
import { ShareLinks } from './share-links.js';
import { loadTokenFile } from './tokens.js';

export interface AuthArguments {
  tokens?: string | undefined;
  jwtSecretFile?: string | undefined;
  jwtPublicKey?: string | undefined;
  jwksUrl?: string | undefined;
  jwtIssuer?: string | undefined;
  jwtAudience?: string | undefined;
  jwtRolesClaim?: string | undefined;
  /** A file holding the share-link secret; default one generated in the share-link folder. */
  shareSecretFile?: string | undefined;
}

/** Whether any way of authenticating is configured (a server off loopback needs one). */
export function isAuthConfigured(args: AuthArguments): boolean {
  return [args.tokens, args.jwtSecretFile, args.jwtPublicKey, args.jwksUrl].some((value) => value !== undefined);
}

async function readConfigFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

/**
 * The auth options for these arguments, or undefined when none is configured. `shareLinksDir`: where share links
 * live (the data directory's `share-links`), undefined in gateway mode, which cannot serve them; `soleWriter`: no
 * other process writes their ledger while this one runs (see ShareLinksOptions). Throws a reason an operator can act
 * on, never quoting a secret.
 */
export async function loadAuthOptions(args: AuthArguments, shareLinksDir: string | undefined, shareLinkOptions: { soleWriter?: boolean } = {}): Promise<AuthOptions | undefined> {
  if (!isAuthConfigured(args)) return undefined;
  const options: AuthOptions = {};
  if (args.tokens !== undefined) options.tokens = await loadTokenFile(args.tokens);
  const keys = [args.jwtSecretFile, args.jwtPublicKey, args.jwksUrl].filter((value) => value !== undefined).length;
  if (keys > 1) throw new Error('give one of --jwt-secret-file, --jwt-public-key and --jwks-url');
  if (keys === 1) {
    const claims = {
      ...(args.jwtIssuer !== undefined && { issuer: args.jwtIssuer }),
      ...(args.jwtAudience !== undefined && { audience: args.jwtAudience }),
      ...(args.jwtRolesClaim !== undefined && { rolesClaim: args.jwtRolesClaim }),
    };
    try {
      if (args.jwtSecretFile !== undefined) {
        options.jwt = new JwtVerifier({ secret: Buffer.from((await readConfigFile(args.jwtSecretFile, 'JWT secret file')).trim(), 'utf8'), ...claims });
      } else if (args.jwtPublicKey !== undefined) {
        options.jwt = new JwtVerifier({ publicKeyPem: await readConfigFile(args.jwtPublicKey, 'JWT public key'), ...claims });
      } else {
        options.jwt = new JwtVerifier({ jwksUrl: args.jwksUrl!, ...claims });
      }
    } catch (error) {
      throw new Error(`JWT verification: ${(error as Error).message}`);
    }
  } else if (args.jwtIssuer !== undefined || args.jwtAudience !== undefined || args.jwtRolesClaim !== undefined) {
    throw new Error('--jwt-issuer, --jwt-audience and --jwt-roles-claim need --jwt-secret-file, --jwt-public-key or --jwks-url');
  }
  if (shareLinksDir !== undefined) {
    const secret = args.shareSecretFile === undefined ? undefined : Buffer.from((await readConfigFile(args.shareSecretFile, 'share-link secret file')).trim(), 'utf8');
    options.shareLinks = await ShareLinks.open(shareLinksDir, { ...shareLinkOptions, ...(secret !== undefined && { secret }) });
  }
  return options;
}
