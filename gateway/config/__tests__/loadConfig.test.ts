import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig, parseConfig } from '../index.js';
import { configErrorOf } from './configError.js';

const valid = {
  secrets: { cursor: { env: 'CURSOR' }, principal: 'p-secret', clearmlJwt: 'j-secret' },
  sources: [
    { name: 'clearml-prod', kind: 'clearml', url: 'http://clearml:8008', credentials: { accessKey: { env: 'CK' }, secretKey: { env: 'CS' } } },
    { name: 'comet', kind: 'comet', url: 'https://www.comet.com', apiKey: { env: 'COMET_KEY' }, workspaces: ['team'] },
  ],
  rest: { clearml: { source: 'clearml-prod' } },
};
const env = { CURSOR: 'c', CK: 'AK', CS: 'SK', COMET_KEY: 'ck' };

const message = configErrorOf;

describe('loadConfig', () => {
  it('resolves secrets from the environment and applies defaults', () => {
    const c = parseConfig(valid, env);
    expect(c.secrets).toEqual({ cursor: 'c', principal: 'p-secret', clearmlJwt: 'j-secret' });
    expect(c.sources[0]).toMatchObject({ kind: 'clearml', name: 'clearml-prod', credentials: { accessKey: 'AK', secretKey: 'SK' }, timeoutMs: 10_000, emulated: false });
    expect(c.gateway).toEqual({ host: '127.0.0.1', port: 4000, apiKeys: [], anonymous: false, limits: { maxDepth: 12, maxCost: 50_000, defaultListSize: 10, graphqlBodyBytes: 1024 * 1024 } });
    expect(c.subgraphs.ports).toEqual({ catalog: 4101, clearml: 4102, comet: 4103, cmf: 4104, mlconnector: 4105 });
    expect(c.rest.acceptAnyCredential).toBe(false);
    expect(c.embedded).toBe(false);
  });

  it('takes limits: depth, cost, body sizes and per-principal rates, refusing nonsense', () => {
    const c = parseConfig(
      {
        ...valid,
        gateway: { limits: { maxDepth: 8, maxCost: 1_000, rate: { perMinute: 60, burst: 10, principals: { 'api-key:ci': { perMinute: 5 } } } } },
        rest: { clearml: { source: 'clearml-prod', bodyLimitBytes: 1_024 } },
      },
      env,
    );
    expect(c.gateway.limits).toEqual({ maxDepth: 8, maxCost: 1_000, defaultListSize: 10, graphqlBodyBytes: 1024 * 1024, rate: { perMinute: 60, burst: 10, principals: { 'api-key:ci': { perMinute: 5 } }, keyPrefix: 'switchyard' } });
    expect(c.rest.clearml?.bodyLimitBytes).toBe(1_024);
    expect(message(() => parseConfig({ ...valid, gateway: { limits: { maxCost: 0 } } }, env))).toMatch(/gateway\.limits\.maxCost/);
    expect(message(() => parseConfig({ ...valid, gateway: { limits: { rate: { perMinute: 5, perHour: 1 } } } }, env))).toMatch(/Unrecognized key/);
    expect(message(() => parseConfig({ ...valid, rest: { clearml: { source: 'clearml-prod', bodyLimitBytes: -1 } } }, env))).toMatch(/rest\.clearml\.bodyLimitBytes/);
  });

  it('names the path of a missing environment secret', () => {
    expect(message(() => parseConfig(valid, { ...env, CS: undefined }))).toContain('sources[0].credentials.secretKey: environment variable CS is not set');
  });

  it('names the path and the problem of an invalid value', () => {
    expect(message(() => parseConfig({ ...valid, sources: [{ ...valid.sources[1], name: 'Comet!' }] }, env))).toMatch(/sources\.0\.name: lowercase letters/);
    expect(message(() => parseConfig({ ...valid, sources: [{ ...valid.sources[1], kind: 'mlflow' }] }, env))).toMatch(/sources\.0\.kind/);
    expect(message(() => parseConfig({ ...valid, extra: 1 }, env))).toMatch(/Unrecognized key/);
  });

  it('takes link aliases that name one source each, and refuses one naming a source or another alias', () => {
    const aliased = { ...valid, sources: [{ ...valid.sources[0], linkAliases: ['clearml'] }, valid.sources[1]] };
    expect(parseConfig(aliased, env).sources[0]?.linkAliases).toEqual(['clearml']);
    expect(message(() => parseConfig({ ...valid, sources: [{ ...valid.sources[0], linkAliases: ['comet'] }, valid.sources[1]] }, env))).toContain('sources[0].linkAliases[0]: "comet" already names source "comet"');
    expect(message(() => parseConfig({ ...valid, sources: [{ ...valid.sources[0], linkAliases: ['old'] }, { ...valid.sources[1], linkAliases: ['old'] }] }, env))).toContain('sources[1].linkAliases[0]: "old" already names source "clearml-prod"');
    expect(message(() => parseConfig({ ...valid, sources: [{ ...valid.sources[0], linkAliases: ['Bad Name'] }, valid.sources[1]] }, env))).toMatch(/linkAliases\.0: an instance name/);
  });

  it('reads gateway.jwt: its secret from the environment and the JWKS file, refusing a file without keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-jwt-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'a' }] }));
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ keys: [] }));
    const jwt = parseConfig({ ...valid, gateway: { jwt: { hs256Secret: { env: 'JWT_SECRET' }, jwksFile: join(dir, 'good.json'), issuer: 'https://idp' } } }, { ...env, JWT_SECRET: 'shh' }).gateway.jwt;
    expect(jwt).toMatchObject({ hs256Secret: 'shh', jwks: [{ kid: 'a' }], issuer: 'https://idp', principalClaim: 'sub', leewaySeconds: 30 });
    expect(message(() => parseConfig({ ...valid, gateway: { jwt: { jwksFile: join(dir, 'empty.json') } } }, env))).toContain('has no "keys" list');
    expect(message(() => parseConfig({ ...valid, gateway: { jwt: { jwksFile: join(dir, 'missing.json') } } }, env))).toContain('gateway.jwt.jwksFile: cannot read');
    expect(message(() => parseConfig({ ...valid, gateway: { jwt: { issuer: 'x' } } }, env))).toContain('needs hs256Secret or jwksFile');
  });

  it('rejects a source name used twice and a REST mount without its source', () => {
    expect(message(() => parseConfig({ ...valid, sources: [valid.sources[1], valid.sources[1]] }, env))).toContain('"comet" is used twice');
    expect(message(() => parseConfig({ ...valid, rest: { comet: { source: 'nope' } } }, env))).toContain('rest.comet.source: no comet source named "nope"');
  });

  it('reads switchyard.yaml from a path, with PORT overriding the gateway port', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-'));
    const path = join(dir, 'switchyard.yaml');
    writeFileSync(path, `secrets: { cursor: a, principal: b, clearmlJwt: c }\nsources:\n  - { name: comet, kind: comet, url: "https://www.comet.com", apiKey: k }\n`);
    const c = loadConfig({ path, env: { PORT: '8080' } });
    expect(c.gateway.port).toBe(8080);
    expect(c.sources.map((s) => s.name)).toEqual(['comet']);
    expect(message(() => loadConfig({ path, env: { PORT: 'x' } }))).toContain('PORT');
    expect(message(() => loadConfig({ path: join(dir, 'missing.yaml'), env: {} }))).toContain('Cannot read config');
  });

  it('falls back to the embedded demo (anonymous GraphQL, any tracker credential) without a config file', () => {
    const c = loadConfig({ env: { SWITCHYARD_CURSOR_SECRET: 's' } });
    expect(c.embedded).toBe(true);
    expect(c.gateway.anonymous).toBe(true);
    expect(c.rest.acceptAnyCredential).toBe(true);
    expect(c.secrets.cursor).toBe('s');
    expect(c.sources.every((s) => s.emulated)).toBe(true);
  });
});
