/**
 * Loads switchyard.yaml (or the embedded default when there is none), applies environment overrides
 * and resolves secrets. Fails once, at start, with a ConfigError naming the path and the bad value.
 */
import { type JsonWebKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { configSchema, limitsSchema, type ParsedConfig, type secretSchema } from './schema.js';
import { OPEN_ACCESS } from '../../subgraphs/shared/access.js';
import type { JwtPolicy } from '../http/jwtBearer.js';
import type { BackendCredential, PrincipalSettings, SourceSettings, SwitchyardConfig } from './types.js';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export interface LoadConfigOptions {
  /** Path of switchyard.yaml; default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present. */
  readonly path?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Placeholder URLs of the embedded sources, replaced by the emulators' real addresses at start. */
export const EMBEDDED_URL = 'http://embedded.invalid';

/** The owner of the demo's seeded MLConnector deployment (emulators/mlconnector/seed.ts), whose operations the demo reads. */
const DEMO_MLCONNECTOR_OWNER = 'agent-1';

export function loadConfig(options: LoadConfigOptions = {}): SwitchyardConfig {
  const env = options.env ?? process.env;
  const path = options.path ?? env['SWITCHYARD_CONFIG'] ?? (existsSync('switchyard.yaml') ? 'switchyard.yaml' : undefined);
  if (!path) return withEnv(embeddedConfig(env), env);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read config ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Invalid config ${path}:\n${formatIssues(parsed.error)}`);
  return withEnv(resolve(parsed.data, env, false), env);
}

/** Validate an in-memory config object (tests, programmatic use). */
export function parseConfig(raw: unknown, env: Readonly<Record<string, string | undefined>> = process.env): SwitchyardConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Invalid config:\n${formatIssues(parsed.error)}`);
  return resolve(parsed.data, env, false);
}

/**
 * No config: the embedded emulators, anonymous GraphQL, and the demo credential policy (DESIGN §7).
 * Secrets are random per start unless given in the environment (several processes of one stack get
 * them from their parent).
 */
export function embeddedConfig(env: Readonly<Record<string, string | undefined>> = process.env): SwitchyardConfig {
  const secret = (name: string) => env[name] ?? randomBytes(32).toString('base64url');
  return {
    gateway: { host: '127.0.0.1', port: 4000, apiKeys: [], anonymous: true, limits: limitsSchema.parse({}) },
    secrets: { cursor: secret('SWITCHYARD_CURSOR_SECRET'), principal: secret('SWITCHYARD_PRINCIPAL_SECRET'), clearmlJwt: secret('SWITCHYARD_CLEARML_JWT_SECRET') },
    subgraphs: { host: '127.0.0.1', ports: { catalog: 4101, clearml: 4102, comet: 4103, cmf: 4104, mlconnector: 4105 } },
    cache: { maxEntries: 5_000, ...(env['SWITCHYARD_REDIS_URL'] ? { redisUrl: env['SWITCHYARD_REDIS_URL'] } : {}) },
    sources: [
      { kind: 'clearml', name: 'clearml', url: EMBEDDED_URL, timeoutMs: 10_000, credentials: { accessKey: '', secretKey: '' }, emulated: true },
      { kind: 'comet', name: 'comet', url: EMBEDDED_URL, timeoutMs: 10_000, apiKey: '', emulated: true },
      { kind: 'cmf', name: 'cmf', url: EMBEDDED_URL, timeoutMs: 120_000, emulated: true },
      { kind: 'mlconnector', name: 'mlconnector', url: EMBEDDED_URL, timeoutMs: 10_000, fidelity: 'real', ownerId: 'switchyard', owners: [DEMO_MLCONNECTOR_OWNER], emulated: true },
    ],
    rest: { clearml: { source: 'clearml', keys: [] }, comet: { source: 'comet', keys: [] }, cmf: { source: 'cmf', principal: 'demo' }, mlconnector: { source: 'mlconnector', principal: 'demo' }, acceptAnyCredential: true },
    // The demo policy (DESIGN §7): everyone may read and write everything with the emulators' credentials.
    principals: [],
    defaultAccess: OPEN_ACCESS,
    embedded: true,
  };
}

/** Environment overrides: PORT, and SWITCHYARD_RESPONSE_CACHE_TTL_MS (0 turns the response cache off). */
function withEnv(config: SwitchyardConfig, env: Readonly<Record<string, string | undefined>>): SwitchyardConfig {
  let out = config;
  const port = env['PORT'];
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new ConfigError(`PORT must be a port number; got "${port}".`);
    out = { ...out, gateway: { ...out.gateway, port: n } };
  }
  const ttl = env['SWITCHYARD_RESPONSE_CACHE_TTL_MS'];
  if (ttl !== undefined) {
    const n = Number(ttl);
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`SWITCHYARD_RESPONSE_CACHE_TTL_MS must be a whole number of milliseconds; got "${ttl}".`);
    const { responseTtlMs: _off, ...cache } = out.cache;
    out = { ...out, cache: n > 0 ? { ...cache, responseTtlMs: n } : cache };
  }
  return out;
}

type Secret = z.infer<typeof secretSchema>;

function resolve(c: ParsedConfig, env: Readonly<Record<string, string | undefined>>, embedded: boolean): SwitchyardConfig {
  const secret = (value: Secret, path: string): string => {
    if (typeof value === 'string') return value;
    const found = env[value.env];
    if (found === undefined || found === '') throw new ConfigError(`${path}: environment variable ${value.env} is not set.`);
    return found;
  };
  const names = new Set<string>();
  const sources: SourceSettings[] = c.sources.map((s, i) => {
    if (names.has(s.name)) throw new ConfigError(`sources[${i}].name: "${s.name}" is used twice.`);
    names.add(s.name);
    switch (s.kind) {
      case 'clearml':
        return { kind: 'clearml', name: s.name, url: s.url, webUrl: s.webUrl, timeoutMs: s.timeoutMs, emulated: false, linkAliases: s.linkAliases, breaker: s.breaker, timeouts: s.timeouts, credentials: { accessKey: secret(s.credentials.accessKey, `sources[${i}].credentials.accessKey`), secretKey: secret(s.credentials.secretKey, `sources[${i}].credentials.secretKey`) } };
      case 'comet':
        return { kind: 'comet', name: s.name, url: s.url, webUrl: s.webUrl, timeoutMs: s.timeoutMs, emulated: false, linkAliases: s.linkAliases, breaker: s.breaker, timeouts: s.timeouts, apiKey: secret(s.apiKey, `sources[${i}].apiKey`), workspaces: s.workspaces };
      case 'cmf':
        return { kind: 'cmf', name: s.name, url: s.url, webUrl: s.webUrl, timeoutMs: s.timeoutMs, emulated: false, linkAliases: s.linkAliases, breaker: s.breaker, timeouts: s.timeouts };
      case 'mlconnector':
        return { kind: 'mlconnector', name: s.name, url: s.url, webUrl: s.webUrl, timeoutMs: s.timeoutMs, fidelity: s.fidelity, ownerId: s.ownerId, owners: s.owners, emulated: false, linkAliases: s.linkAliases, breaker: s.breaker, timeouts: s.timeouts };
    }
  });
  // A link tag's first part must name exactly one source, whether by its name or by an alias.
  const linkNames = new Map(sources.map((s) => [s.name, s.name]));
  c.sources.forEach((s, i) =>
    s.linkAliases.forEach((alias, k) => {
      const taken = linkNames.get(alias);
      if (taken !== undefined) throw new ConfigError(`sources[${i}].linkAliases[${k}]: "${alias}" already names source "${taken}".`);
      linkNames.set(alias, s.name);
    }),
  );
  for (const [mount, kind] of [['clearml', 'clearml'], ['comet', 'comet'], ['cmf', 'cmf'], ['mlconnector', 'mlconnector']] as const) {
    const m = c.rest[mount];
    if (m && !sources.some((s) => s.name === m.source && s.kind === kind)) throw new ConfigError(`rest.${mount}.source: no ${kind} source named "${m.source}".`);
  }
  // Routed writes (DESIGN §6): ClearML and Comet ids are both 32 hex, so these two directions need no id map.
  for (const [mount, target] of [['clearml', 'comet'], ['comet', 'clearml']] as const) {
    const route = c.rest[mount]?.routeWritesTo;
    if (route !== undefined && !sources.some((s) => s.name === route && s.kind === target)) throw new ConfigError(`rest.${mount}.routeWritesTo: no ${target} source named "${route}" (the ${mount} mount's writes can be routed to a ${target} source).`);
  }
  const principalIds = new Set<string>();
  const principals: PrincipalSettings[] = c.principals.map((p, i) => {
    if (principalIds.has(p.id)) throw new ConfigError(`principals[${i}].id: "${p.id}" is used twice.`);
    principalIds.add(p.id);
    for (const [k, name] of (p.access.sources ?? []).entries()) {
      if (!names.has(name)) throw new ConfigError(`principals[${i}].access.sources[${k}]: no source named "${name}".`);
    }
    const credentials: Record<string, BackendCredential> = {};
    for (const [name, cred] of Object.entries(p.credentials)) {
      const where = `principals[${i}].credentials.${name}`;
      const src = sources.find((s) => s.name === name);
      if (!src) throw new ConfigError(`${where}: no source named "${name}".`);
      if ('apiKey' in cred) {
        if (src.kind !== 'comet') throw new ConfigError(`${where}: an apiKey is a Comet credential; "${name}" is a ${src.kind} source.`);
        credentials[name] = { apiKey: secret(cred.apiKey, `${where}.apiKey`) };
      } else {
        if (src.kind !== 'clearml') throw new ConfigError(`${where}: an accessKey/secretKey pair is a ClearML credential; "${name}" is a ${src.kind} source.`);
        credentials[name] = { accessKey: secret(cred.accessKey, `${where}.accessKey`), secretKey: secret(cred.secretKey, `${where}.secretKey`) };
      }
    }
    return { id: p.id, access: p.access, credentials };
  });
  return {
    gateway: { ...c.gateway, jwt: c.gateway.jwt ? jwtPolicy(c.gateway.jwt, secret) : undefined },
    secrets: { cursor: secret(c.secrets.cursor, 'secrets.cursor'), principal: secret(c.secrets.principal, 'secrets.principal'), clearmlJwt: secret(c.secrets.clearmlJwt, 'secrets.clearmlJwt') },
    subgraphs: c.subgraphs,
    cache: c.cache,
    sources,
    principals,
    defaultAccess: c.defaultAccess,
    rest: c.rest,
    embedded,
  };
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `- ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/** `gateway.jwt` with its secret resolved and its JWKS file read (a bad file stops the start, naming it). */
function jwtPolicy(j: NonNullable<ParsedConfig['gateway']['jwt']>, secret: (value: Secret, path: string) => string): JwtPolicy {
  let jwks: JsonWebKey[] | undefined;
  if (j.jwksFile !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(j.jwksFile, 'utf8'));
    } catch (err) {
      throw new ConfigError(`gateway.jwt.jwksFile: cannot read ${j.jwksFile} as JSON (${err instanceof Error ? err.message : String(err)}).`);
    }
    const keys = typeof doc === 'object' && doc !== null ? (doc as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'object' && k !== null)) throw new ConfigError(`gateway.jwt.jwksFile: ${j.jwksFile} has no "keys" list.`);
    jwks = keys as JsonWebKey[];
  }
  return {
    hs256Secret: j.hs256Secret !== undefined ? secret(j.hs256Secret, 'gateway.jwt.hs256Secret') : undefined,
    jwks,
    issuer: j.issuer,
    audience: j.audience,
    principalClaim: j.principalClaim,
    rolesClaim: j.rolesClaim,
    leewaySeconds: j.leewaySeconds,
  };
}
