#!/usr/bin/env node
// The `dicom-lightbox` command: parses arguments, opens the store, imports, listens. Nothing else lives here.
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server as TlsServer } from 'node:tls';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { generateSampleInstancesWithCompressed } from '../sample-data/compressed.js';
import { buildApp, type BuildAppOptions } from './app.js';
import { openProcessAuditLog, runAuditCommand } from './audit/audit-directory.js';
import type { JsonLinesAuditLog } from './audit/json-lines-audit-log.js';
import { isAuthConfigured, loadAuthOptions, type AuthArguments } from './auth/auth-config.js';
import type { AuthOptions } from './plugins/auth.js';
import { logLevels } from './plugins/request-log.js';
import { isFrameAncestor } from './plugins/security-headers.js';
import { hostnameOf, isLoopbackHost } from './plugins/allowed-hosts.js';
import { ingestFolders } from './ingest-folder.js';
import { openFileStore } from './store/store.js';
import { isWorker, runAsWorker, superviseWorkers } from './workers.js';
import { runCheckCommand } from './check/check-command.js';
import { limitsUsage, parseLimits, type ServerLimits } from './limits.js';

const usage = `usage:
  dicom-lightbox serve [folder…] [--data DIR] [--host 127.0.0.1] [--port 8042] [--cors ORIGIN]… [--sample] [--workers N]
                       [--allowed-hosts NAME]… [--tokens FILE] [JWT options] [--insecure-no-auth]
                       [--tls-key FILE --tls-cert FILE] [--frame-ancestors SOURCE]… [--log-level LEVEL]
  dicom-lightbox serve --upstream DICOMWEB-ROOT [--host …] [--port …] [--cors …] [--allowed-hosts …] [--tokens FILE] [JWT, TLS, log options]
  dicom-lightbox import folder… [--data DIR]
  dicom-lightbox audit [--verify] [--study UID] [--audit DIR] [--audit-anchors DIR]
  dicom-lightbox check [--repair] [--data DIR]

  --data DIR     where the store lives (default ./.data)
  --host HOST    address to listen on (default 127.0.0.1: loopback only). Without --tokens the server has no
                 authentication, so an address other than loopback needs --tokens or --insecure-no-auth
  --tokens FILE  bearer tokens, a JSON object of token (or "sha256:<hex digest>") → { "name", "roles": [read, write,
                 delete, admin], "patientIds"?: […], "studyUids"?: […] }; every /dicom-web request then needs one
  --jwt-secret-file FILE | --jwt-public-key PEM-FILE | --jwks-url URL
                 also accept JWTs (an OpenID Connect provider's access tokens) verified with an HMAC secret, a public
                 key or the provider's JWKS; claims: sub, exp (required), roles, patient_ids, study_uids
  --jwt-issuer ISS, --jwt-audience AUD
                 the iss a JWT must have and the aud it must contain
  --jwt-roles-claim PATH
                 the claim holding the roles, a dotted path (default roles; Keycloak: realm_access.roles)
  --share-secret-file FILE
                 the secret share links are signed with (default: generated once in DATA/share-links, mode 600)
  --tls-key FILE, --tls-cert FILE
                 serve HTTPS with this private key and certificate chain (PEM); answers then carry HSTS
  --frame-ancestors SOURCE
                 an origin (https://ehr.example) or 'self' that may frame the demo page (repeatable; default none)
  --log-level LEVEL
                 operator log on standard error: fatal, error, warn (default: warnings and errors only), info (also
                 one line a request), debug, trace or silent
  --audit DIR    serve: record every /dicom-web request in DIR, one hash-chained JSON-lines file per process;
                 audit: the trail to print or --verify (default DATA/audit)
  --audit-anchors DIR
                 serve, audit: where each chain's anchor (its entry count and last hash, rewritten each second it
                 grows) is kept; default the --audit folder. Another disk or machine's mount keeps it out of reach of
                 whoever can rewrite the trail
  --verify       audit: check every chain and its anchor; exit 1 when a line was altered, removed or cut from the end
  --study UID    audit: only events about this study
  --insecure-no-auth
                 listen on a --host other than loopback although anyone who reaches it can read, store and delete
  --allowed-hosts NAME
                 a host name (or address) clients reach the server by, besides loopback and --host (repeatable, or
                 comma-separated); requests naming any other host in their Host header are refused (421)
  --port PORT    port to listen on (default 8042)
  --cors ORIGIN  allow browser calls from ORIGIN (repeatable; '*' for any, which may read only: storing and deleting
                 from a browser need the origin listed)
  --sample       when the store is empty, store the generated sample studies
  --workers N    processes serving the store on the one port (default: the number of CPUs); 1 serves from this
                 process alone. Importing and --sample run once, before the workers start
  --repair       check: drop index rows whose file is gone, re-index (or remove) files the index does not name
  --limit NAME=VALUE
                 serve, import: change a bound on work (repeatable; units KiB MiB GiB ms s min). Defaults:
                 ${limitsUsage('                 ')}
  --upstream URL gateway mode: serve the demo and forward /dicom-web/* to this DICOMweb root
                 (e.g. http://127.0.0.1:8042/dicom-web for Orthanc, which has no CORS); no store is opened
`;

/** The package root: the nearest folder above this file with package.json (src/server/ under tsx, dist/server/ when built). */
function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  return directory;
}

/** On SIGINT or SIGTERM: closes what this process serves, in the order given (the app before its store), and exits. */
function closeOnSignal(...resources: Array<{ close(): Promise<unknown> }>): void {
  const stop = async (signal: NodeJS.Signals) => {
    process.stderr.write(`${signal}: closing\n`);
    for (const resource of resources) await resource.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Closes an audit trail and prints where its chain ends: an operator's journal that keeps these lines holds one more
 * anchor, out of reach of whoever can rewrite the audit folder.
 */
function closingAudit(audit: JsonLinesAuditLog): { close(): Promise<void> } {
  return {
    async close() {
      await audit.close();
      const { entries, lastHash } = audit.anchor;
      process.stderr.write(`audit trail ${audit.path}: ${entries} entries, the last with hash ${lastHash}\n`);
    },
  };
}

/** The URL of the address the server is bound to (0.0.0.0 stays 0.0.0.0, where Fastify would answer 127.0.0.1). */
function boundUrl(app: FastifyInstance): string {
  const { address, family, port } = app.server.address() as AddressInfo;
  const scheme = (app.server as unknown) instanceof TlsServer ? 'https' : 'http';
  return `${scheme}://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}

const options = {
  data: { type: 'string', default: './.data' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8042' },
  cors: { type: 'string', multiple: true },
  sample: { type: 'boolean', default: false },
  upstream: { type: 'string' },
  workers: { type: 'string' },
  'allowed-hosts': { type: 'string', multiple: true },
  'insecure-no-auth': { type: 'boolean', default: false },
  tokens: { type: 'string' },
  audit: { type: 'string' },
  'audit-anchors': { type: 'string' },
  verify: { type: 'boolean', default: false },
  study: { type: 'string' },
  // Trust at the edge: JWTs, share links, TLS, framing, operator logging.
  'jwt-secret-file': { type: 'string' },
  'jwt-public-key': { type: 'string' },
  'jwks-url': { type: 'string' },
  'jwt-issuer': { type: 'string' },
  'jwt-audience': { type: 'string' },
  'jwt-roles-claim': { type: 'string' },
  'share-secret-file': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-cert': { type: 'string' },
  'frame-ancestors': { type: 'string', multiple: true },
  'log-level': { type: 'string', default: 'warn' },
  help: { type: 'boolean', short: 'h', default: false },
  repair: { type: 'boolean', default: false },
  limit: { type: 'string', multiple: true },
} as const;

function parseArguments(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options });
}

/** TLS, framing and logging options for buildApp, or the reason they are wrong. */
function edgeOptions(values: ReturnType<typeof parseArguments>['values']): Pick<BuildAppOptions, 'https' | 'frameAncestors' | 'logger'> | string {
  const level = values['log-level'];
  if (!(logLevels as readonly string[]).includes(level)) return `--log-level is one of ${logLevels.join(', ')}, not "${level}"`;
  const frameAncestors = (values['frame-ancestors'] ?? []).flatMap((sources) => sources.split(',')).map((source) => source.trim()).filter(Boolean);
  const wrong = frameAncestors.find((source) => !isFrameAncestor(source));
  if (wrong !== undefined) return `--frame-ancestors takes origins (https://ehr.example) or 'self', not "${wrong}"`;
  const [keyFile, certFile] = [values['tls-key'], values['tls-cert']];
  if ((keyFile === undefined) !== (certFile === undefined)) return '--tls-key and --tls-cert go together';
  let https: BuildAppOptions['https'];
  if (keyFile !== undefined && certFile !== undefined) {
    try {
      https = { key: readFileSync(keyFile), cert: readFileSync(certFile) };
    } catch (error) {
      return `cannot read the TLS key or certificate: ${(error as Error).message}`;
    }
  }
  return { logger: { level }, ...(frameAncestors.length > 0 && { frameAncestors }), ...(https && { https }) };
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    // An unknown or malformed option: say which, then how the command is used.
    process.stderr.write(`dicom-lightbox: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...folders] = positionals;
  if (command === 'audit' && !values.help) {
    const anchors = values['audit-anchors'];
    return runAuditCommand(
      resolve(values.audit ?? join(values.data, 'audit')),
      { verify: values.verify, ...(values.study !== undefined && { study: values.study }), ...(anchors !== undefined && { anchorDir: resolve(anchors) }) },
      process.stdout,
    );
  }
  if (command === 'check' && !values.help) return runCheckCommand(resolve(values.data), { repair: values.repair }, process.stdout);
  let limits: ServerLimits;
  try {
    limits = parseLimits(values.limit);
  } catch (error) {
    process.stderr.write(`dicom-lightbox: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help || (command !== 'serve' && command !== 'import') || (command === 'import' && folders.length === 0)) {
    if (!values.help) process.stderr.write(command === undefined ? 'dicom-lightbox: no command given\n' : command === 'import' ? 'dicom-lightbox: import needs a folder\n' : `dicom-lightbox: unknown command "${command}"\n`);
    process.stderr.write(usage);
    return values.help ? 0 : 2;
  }
  const host = hostnameOf(values.host);
  if (host === undefined) {
    process.stderr.write(`--host must be a host name or address, not "${values.host}"\n`);
    return 2;
  }
  const authArguments: AuthArguments = {
    tokens: values.tokens,
    jwtSecretFile: values['jwt-secret-file'],
    jwtPublicKey: values['jwt-public-key'],
    jwksUrl: values['jwks-url'],
    jwtIssuer: values['jwt-issuer'],
    jwtAudience: values['jwt-audience'],
    jwtRolesClaim: values['jwt-roles-claim'],
    shareSecretFile: values['share-secret-file'],
  };
  if (command === 'serve' && !isLoopbackHost(host) && !values['insecure-no-auth'] && !isAuthConfigured(authArguments)) {
    process.stderr.write(
      `dicom-lightbox: refusing to listen on ${values.host}: without --tokens this server has no authentication (nor without a JWT option), so anyone who can reach ${values.host} could read, store and delete every study. ` +
        'Give it tokens with --tokens FILE or JWT verification with --jwks-url URL, or listen on loopback (the default, 127.0.0.1) behind an authenticating proxy, or pass --insecure-no-auth to listen there anyway.\n',
    );
    return 2;
  }
  // Transport and logging (plugins/security-headers.ts, plugins/request-log.ts).
  const edge = edgeOptions(values);
  if (typeof edge === 'string') {
    process.stderr.write(`dicom-lightbox: ${edge}\n`);
    return 2;
  }
  // Each serving process opens its own chain, once it knows it will serve.
  const anchorDir = values['audit-anchors'] === undefined ? {} : { anchorDir: resolve(values['audit-anchors']) };
  const openAudit = () => (command === 'serve' && values.audit !== undefined ? openProcessAuditLog(resolve(values.audit), anchorDir) : Promise.resolve(undefined));
  let auth: AuthOptions | undefined;
  if (isAuthConfigured(authArguments)) {
    try {
      // Worker processes share the share-link ledger; the primary opens it before forking them, alone.
      auth = await loadAuthOptions(authArguments, values.upstream === undefined ? join(resolve(values.data), 'share-links') : undefined, { soleWriter: !isWorker });
    } catch (error) {
      process.stderr.write(`dicom-lightbox: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const allowedHosts = [values.host, ...(values['allowed-hosts'] ?? []).flatMap((names) => names.split(',')).map((name) => name.trim()).filter(Boolean)];
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number, not "${values.port}"\n`);
    return 2;
  }

  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    process.stderr.write(`--workers must be a whole number from 1 to 256, not "${values.workers}"\n`);
    return 2;
  }

  const root = packageRoot();
  const cors = values.cors?.includes('*') ? '*' : values.cors;
  const demo = { pageDir: join(root, 'demo'), bundleDir: join(root, 'dist', 'browser') };
  if (values.upstream !== undefined) {
    if (command !== 'serve' || folders.length > 0 || values.sample || (values.workers !== undefined && workers !== 1)) {
      process.stderr.write('--upstream serves another server\'s data: it takes no folders, no --sample, no --workers and no import\n');
      return 2;
    }
    try {
      new URL(values.upstream);
    } catch {
      process.stderr.write(`--upstream must be an absolute http(s) URL, not "${values.upstream}"\n`);
      return 2;
    }
    const audit = await openAudit();
    const app = await buildApp({ upstream: values.upstream, limits, allowedHosts, ...(auth && { auth }), ...(audit && { audit }), ...(cors && { cors }), demo, ...edge });
    await app.listen({ host: values.host, port });
    const address = boundUrl(app);
    closeOnSignal(app, ...(audit ? [closingAudit(audit)] : []));
    process.stdout.write(`dicom-lightbox serving ${address}/ (DICOMweb at ${address}/dicom-web, forwarded to ${values.upstream})\n`);
    return -1;
  }

  if (isWorker) {
    // A worker of `serve --workers N`: the primary has recovered, imported and stored the samples already.
    const store = await openFileStore(resolve(values.data), { recover: false, limits });
    try {
      const audit = await openAudit();
      const app = await buildApp({ store, limits, allowedHosts, ...(auth && { auth }), ...(audit && { audit }), ...(cors && { cors }), demo, ...edge });
      await app.listen({ host: values.host, port });
      runAsWorker(app, store, boundUrl(app), audit ? [closingAudit(audit)] : []);
    } catch (error) {
      process.stderr.write(`dicom-lightbox worker: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
    return -1;
  }

  const store = await openFileStore(resolve(values.data), { limits });
  if (folders.length > 0) {
    const report = await ingestFolders(store, folders, { progress: process.stderr });
    if (command === 'import') {
      await store.close();
      return report.failed.length > 0 ? 1 : 0;
    }
  } else if (command === 'import') {
    return 2;
  }

  if (values.sample && (await store.isEmpty())) {
    process.stderr.write('storing the sample studies…\n');
    let count = 0;
    for (const instance of await generateSampleInstancesWithCompressed()) {
      await store.ingest(instance.bytes);
      count += 1;
    }
    process.stderr.write(`stored ${count} sample instances\n`);
  }

  if (workers > 1) {
    // Each worker opens the store on its own; the primary keeps nothing open while they run.
    await store.close();
    const address = await superviseWorkers(workers, process.stderr);
    process.stdout.write(`dicom-lightbox serving ${address}/ (DICOMweb at ${address}/dicom-web; ${workers} worker processes)\n`);
    return -1;
  }

  const audit = await openAudit();
  const app = await buildApp({ store, limits, allowedHosts, ...(auth && { auth }), ...(audit && { audit }), ...(cors && { cors }), demo, ...edge });
  await app.listen({ host: values.host, port });
  const address = boundUrl(app);
  // Ready to stop before saying it serves: whoever waits for that line may signal at once.
  closeOnSignal(app, ...(audit ? [closingAudit(audit)] : []), store);
  process.stdout.write(`dicom-lightbox serving ${address}/ (DICOMweb at ${address}/dicom-web)\n`);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dicom-lightbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

