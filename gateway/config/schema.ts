/**
 * switchyard.yaml, validated once at start (STYLE "Config"): one zod schema with the defaults in it;
 * the types are inferred from it. Secrets are written as `{ env: NAME }` and resolved at load time.
 */
import { z } from 'zod';
import { DEFAULT_BREAKER } from '../../subgraphs/shared/resilience/SourceBreaker.js';

const INSTANCE = /^[a-z][a-z0-9-]{0,31}$/;

/** A secret: a literal (tests, demos) or a reference to an environment variable. */
export const secretSchema = z.union([z.string().min(1), z.object({ env: z.string().min(1) }).strict()]);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest');

/** A token bucket: `perMinute` tokens flow in per minute, up to `burst` (default: `perMinute`). */
const rateSchema = z.object({ perMinute: z.number().int().positive(), burst: z.number().int().positive().optional() }).strict();

/** Largest request body of a REST mount, in bytes (defaults in each mount: 10 MiB, 64 MiB for CMF and MLConnector). */
const bodyLimitBytes = z.number().int().positive().max(1024 * 1024 * 1024).optional();

/** GraphQL depth and cost limits, the GraphQL body limit and per-principal rate limits (gateway/limits, README "Limits"). */
export const limitsSchema = z
  .object({
    /** Deepest field nesting an operation may have (introspection fields are not counted). */
    maxDepth: z.number().int().positive().default(12),
    /** Highest cost an operation may have (IBM cost spec, with merged lists multiplied by their sources). */
    maxCost: z.number().int().positive().default(50_000),
    /** Size assumed for a list field without `@listSize` or a slicing argument. */
    defaultListSize: z.number().int().nonnegative().default(10),
    /** Largest GraphQL request body, in bytes. */
    graphqlBodyBytes: z.number().int().positive().max(1024 * 1024 * 1024).default(1024 * 1024),
    /** Per-principal rate limits per surface (graphql, each mount); off when absent. Redis-backed when cache.redisUrl is set. */
    rate: z
      .object({
        ...rateSchema.shape,
        /** Per-principal overrides, by principal id (`api-key:<id>`, a REST key's principal, a mount's principal, `anonymous`). */
        principals: z.record(z.string().min(1), rateSchema).default({}),
        /** Prefix of the Redis keys, so several deployments can share one Redis. */
        keyPrefix: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, colons, dashes, underscores').default('switchyard'),
      })
      .strict()
      .optional(),
  })
  .strict();

const commonSource = {
  name: z.string().regex(INSTANCE, 'lowercase letters, digits and dashes, starting with a letter, at most 32'),
  url: z.string().url(),
  webUrl: z.string().url().optional(),
  timeoutMs: z.number().int().positive().max(600_000).default(10_000),
  /** Names link tags may use for this source besides `name` (e.g. its name before a rename), docs/stitching.md. */
  linkAliases: z.array(z.string().regex(INSTANCE, 'an instance name')).default([]),
  /** The instance's circuit breaker (DESIGN §7); absent: the defaults. */
  breaker: z
    .object({
      failures: z.number().int().min(1).max(1_000).default(DEFAULT_BREAKER.failures),
      coolDownMs: z.number().int().positive().max(3_600_000).default(DEFAULT_BREAKER.coolDownMs),
    })
    .strict()
    .optional(),
  /** Per-operation timeouts in ms, over `timeoutMs` (operation names: README "Configuration"). */
  timeouts: z.record(z.string().min(1), z.number().int().positive().max(3_600_000)).optional(),
};

export const clearmlSourceSchema = z
  .object({
    ...commonSource,
    kind: z.literal('clearml'),
    credentials: z.object({ accessKey: secretSchema, secretKey: secretSchema }).strict(),
  })
  .strict();

export const cometSourceSchema = z
  .object({
    ...commonSource,
    kind: z.literal('comet'),
    apiKey: secretSchema,
    workspaces: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const cmfSourceSchema = z
  .object({
    ...commonSource,
    kind: z.literal('cmf'),
    /** CMF pushes of whole pipelines take minutes on real servers (DESIGN §7). */
    timeoutMs: z.number().int().positive().max(600_000).default(120_000),
  })
  .strict();

export const mlconnectorSourceSchema = z
  .object({
    ...commonSource,
    kind: z.literal('mlconnector'),
    /** `real`: the shipped server; `documented`: what its documentation promises (predict with explain, trainings). */
    fidelity: z.enum(['real', 'documented']).default('real'),
    /** The `ownerid` Switchyard deploys as. */
    ownerId: z.string().min(1).default('switchyard'),
    /** Further owners whose inference operations are read: MLConnector lists operations only by owner. */
    owners: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('kind', [clearmlSourceSchema, cometSourceSchema, cmfSourceSchema, mlconnectorSourceSchema]);

/** What a principal may do (subgraphs/shared/access.ts); absent lists mean "all". */
export const accessSchema = z
  .object({
    /** Source instance names the principal may use; absent: all. */
    sources: z.array(z.string().regex(INSTANCE, 'an instance name')).optional(),
    /** Globs over project names (`*`, `**`, `?`); absent: all projects. */
    projects: z.array(z.string().min(1)).optional(),
    /** May write (GraphQL mutations, REST writes). */
    write: z.boolean().default(false),
  })
  .strict();

/** A principal's own backend credential on one source instance: a ClearML key pair or a Comet API key. */
const backendCredentialSchema = z.union([z.object({ accessKey: secretSchema, secretKey: secretSchema }).strict(), z.object({ apiKey: secretSchema }).strict()]);

/** Principals (README "Identity and access"): API keys, REST keys, mount principals and JWT subjects name these ids. */
export const principalSchema = z
  .object({
    id: z.string().min(1),
    access: accessSchema.default({}),
    /** Source instance name → this principal's backend credential there (else the instance's own). */
    credentials: z.record(z.string().regex(INSTANCE, 'an instance name'), backendCredentialSchema).default({}),
  })
  .strict();

export const configSchema = z
  .object({
    gateway: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(4000),
        /** GraphQL API keys, stored as sha256 of the key. */
        apiKeys: z.array(z.object({ id: z.string().min(1), sha256: sha256Hex, /** The principal the key acts as; absent: `api-key:<id>`. */ principal: z.string().min(1).optional() }).strict()).default([]),
        /** Accept GraphQL requests without a key (the embedded demo does). */
        anonymous: z.boolean().default(false),
        /** JWT bearer tokens for GraphQL: HS256 with a secret and/or RS256 with a JWKS file's public keys. */
        jwt: z
          .object({
            hs256Secret: secretSchema.optional(),
            /** A JWKS document (`{ "keys": [ … ] }`) read at start. */
            jwksFile: z.string().min(1).optional(),
            issuer: z.string().min(1).optional(),
            audience: z.string().min(1).optional(),
            principalClaim: z.string().min(1).default('sub'),
            rolesClaim: z.string().min(1).optional(),
            leewaySeconds: z.number().int().min(0).max(600).default(30),
          })
          .strict()
          .refine((j) => j.hs256Secret !== undefined || j.jwksFile !== undefined, 'needs hs256Secret or jwksFile')
          .optional(),
        limits: limitsSchema.default({}),
      })
      .strict()
      .default({}),
    secrets: z
      .object({
        cursor: secretSchema,
        principal: secretSchema,
        clearmlJwt: secretSchema,
      })
      .strict(),
    subgraphs: z
      .object({
        host: z.string().default('127.0.0.1'),
        ports: z.object({ catalog: z.number().int().default(4101), clearml: z.number().int().default(4102), comet: z.number().int().default(4103), cmf: z.number().int().default(4104), mlconnector: z.number().int().default(4105) }).strict().default({}),
      })
      .strict()
      .default({}),
    cache: z
      .object({
        redisUrl: z.string().url().optional(),
        maxEntries: z.number().int().positive().default(5_000),
        /** The GraphQL full-response cache (docs/adr/0013): how long an answer is served; off when absent. */
        responseTtlMs: z.number().int().positive().optional(),
        /** Prefix of the response cache's Redis keys, so several deployments can share one Redis. */
        namespace: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, colons, dashes, underscores').default('switchyard'),
      })
      .strict()
      .default({}),
    sources: z.array(sourceSchema).min(1),
    principals: z.array(principalSchema).default([]),
    /** The rule of a principal not listed in `principals`: every source and project, read only, unless set here. */
    defaultAccess: accessSchema.default({}),
    rest: z
      .object({
        clearml: z
          .object({
            source: z.string(),
            /** Switchyard-issued ClearML key pairs (the secret stored as sha256). */
            keys: z.array(z.object({ accessKey: z.string().min(1), secretSha256: sha256Hex, principal: z.string().min(1) }).strict()).default([]),
            /** Forward the caller's own ClearML credential to the tracker instead of issuing and mapping keys. */
            passthroughCredentials: z.boolean().default(false),
            /** Migration: send this mount's writes to another tracker's source instance (a Comet one), README "Routed writes". */
            routeWritesTo: z.string().min(1).optional(),
            bodyLimitBytes,
          })
          .strict()
          .optional(),
        comet: z
          .object({
            source: z.string(),
            keys: z.array(z.object({ sha256: sha256Hex, principal: z.string().min(1) }).strict()).default([]),
            /** Forward the caller's own Comet API key to the tracker instead of issuing and mapping keys. */
            passthroughCredentials: z.boolean().default(false),
            /** Migration: send this mount's writes to another tracker's source instance (a ClearML one), README "Routed writes". */
            routeWritesTo: z.string().min(1).optional(),
            bodyLimitBytes,
          })
          .strict()
          .optional(),
        /** CMF clients send no credential: the mount is off unless configured, and acts as this principal. */
        cmf: z.object({ source: z.string(), principal: z.string().min(1), bodyLimitBytes }).strict().optional(),
        /** MLConnector clients send no credential either. */
        mlconnector: z.object({ source: z.string(), principal: z.string().min(1), bodyLimitBytes }).strict().optional(),
        /** Accept any ClearML key pair and any non-empty Comet key (the embedded demo's policy). */
        acceptAnyCredential: z.boolean().default(false),
      })
      .strict()
      .default({}),
  })
  .strict();

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
