/**
 * Generated bad input for the REST mounts (issue 8 item 5): requests that look like each tracker's
 * (real routes from the emulators' route tables, real parameter names) with wrong methods, types,
 * encodings, headers and bodies, plus plain garbage. fast-check arbitraries, seeded by the caller.
 */
import fc from 'fast-check';
import { ENDPOINT_CATALOG } from '../../emulators/clearml/catalog.generated.js';
import { CMF_ROUTES } from '../../emulators/cmf/index.js';
import { COMET_API_PREFIX, COMET_ROUTES } from '../../emulators/comet/routes.js';
import { MLCONNECTOR_ROUTES } from '../../emulators/mlconnector/index.js';

export type MountName = 'clearml' | 'comet' | 'cmf' | 'mlconnector';

export interface FuzzRequest {
  readonly method: string;
  /** Path under the gateway, mount prefix included, query string included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/** JSON values of every type, with the awkward ones over-represented. */
const awkwardJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e-308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000', '%', '../..', 'null', '🙂', 'a'.repeat(5000)),
    fc.string(),
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A parameter object using the route's real parameter names with values of any type. */
const paramsFor = (names: readonly string[]) =>
  fc.dictionary(names.length > 0 ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 }), awkwardJson, { maxKeys: 6 });

/** A body: JSON of the params, a raw JSON value, malformed JSON, or binary noise. */
const bodyFor = (names: readonly string[]) =>
  fc.oneof(
    paramsFor(names).map((p) => JSON.stringify(p)),
    awkwardJson.map((v) => JSON.stringify(v) ?? 'null'),
    fc.constantFrom('{', '{"a":', '[1,2', 'not json', '\u0000\u0001', '{"a":1}{"b":2}', '{"__proto__":{"polluted":true}}', ''),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
  );

const contentType = fc.constantFrom('application/json', 'application/json-lines', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '');
const queryString = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 }), { maxKeys: 3 }).map((q) => {
  const s = new URLSearchParams(q).toString();
  return s ? `?${s}` : '';
});
/** Path segments for `{param}` placeholders: real-looking ids and traversal attempts. */
const segment = fc.oneof(fc.constantFrom('x', '0', '-1', '..', '%2e%2e', 'ed89a9a8ef2949e6765eea7cbe0311ba', 'Test-env', 'fraud-detection', '%ZZ', '%00'), fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent));

function fillPath(template: string): fc.Arbitrary<string> {
  const parts = template.split(/(\{[^}]+\})/).filter((p) => p !== '');
  return fc.tuple(...parts.map((p) => (p.startsWith('{') ? segment : fc.constant(p)))).map((xs) => xs.join(''));
}

const garbagePath = fc.oneof(fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`), fc.constantFrom('/', '//', '/..%2f..%2fetc/passwd', '/%', '/a?b=%zz'));

/** Credentials that are missing, malformed, or plausible (the demo accepts any pair for ClearML, any key for Comet). */
const clearmlAuth = fc.oneof(
  fc.constant<Record<string, string>>({}),
  fc.constant({ authorization: `Basic ${Buffer.from('FUZZACCESS:FUZZSECRET').toString('base64')}` }),
  fc.string({ maxLength: 40 }).map((s) => ({ authorization: `Bearer ${s}` })),
  fc.string({ maxLength: 40 }).map((s) => ({ authorization: s })),
);
const cometAuth = fc.oneof(fc.constant<Record<string, string>>({}), fc.constant({ authorization: 'FuzzCometKey' }), fc.string({ maxLength: 40 }).map((s) => ({ 'comet-sdk-api': s })));

const unionView = fc.oneof(fc.constant<Record<string, string>>({}), fc.constant({ 'x-switchyard-sources': 'all' }), fc.string({ maxLength: 10 }).map((s) => ({ 'x-switchyard-sources': s })));

function request(prefix: string, path: fc.Arbitrary<string>, names: readonly string[], auth: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<FuzzRequest> {
  return fc.record({ method: fc.constantFrom(...METHODS), path, query: queryString, ct: contentType, auth, view: unionView, body: fc.option(bodyFor(names), { nil: undefined }) }).map((r) => ({
    method: r.method,
    path: `${prefix}${r.path}${r.query}`,
    headers: { ...(r.ct ? { 'content-type': r.ct } : {}), ...r.auth, ...r.view },
    body: r.method === 'GET' || r.method === 'HEAD' ? (r.method === 'GET' ? r.body : undefined) : r.body,
  }));
}

/** Requests for one mount: mostly its real routes, some garbage paths. */
export function fuzzRequests(mount: MountName): fc.Arbitrary<FuzzRequest> {
  switch (mount) {
    case 'clearml': {
      const endpoints = Object.keys(ENDPOINT_CATALOG);
      const path = fc.oneof(
        { weight: 8, arbitrary: fc.tuple(fc.constantFrom('', '/v2.23', '/v2.1', '/v9.9', '/vx'), fc.constantFrom(...endpoints)).map(([v, e]) => `${v}/${e}`) },
        { weight: 1, arbitrary: garbagePath },
      );
      const names = [...new Set(Object.values(ENDPOINT_CATALOG).flatMap((e) => Object.keys(e.types)))];
      return request('/clearml', path, names, clearmlAuth);
    }
    case 'comet': {
      const path = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...COMET_ROUTES.map((r) => `${COMET_API_PREFIX}/${r.path.replace(/^\//, '')}`)) }, { weight: 1, arbitrary: garbagePath });
      return request('/comet', path, ['workspaceName', 'projectName', 'projectId', 'experimentKey', 'metricName', 'name', 'value', 'step', 'tags'], cometAuth);
    }
    case 'cmf': {
      const path = fc.oneof(
        { weight: 8, arbitrary: fc.tuple(fc.constantFrom('', '/api'), fc.constantFrom(...CMF_ROUTES.map((r) => r.path))).chain(([p, t]) => fillPath(t).map((x) => `${p}${x}`)) },
        { weight: 1, arbitrary: garbagePath },
      );
      return request('/cmf', path, ['pipeline_name', 'json_payload', 'exec_uuid', 'last_sync_time', 'page', 'per_page', 'sort_field', 'sort_order', 'filter_by', 'filter_value'], fc.constant({}));
    }
    case 'mlconnector': {
      const path = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...MLCONNECTOR_ROUTES.map((r) => r.pattern)).chain(fillPath) }, { weight: 1, arbitrary: garbagePath });
      return request('/mlconnector', path, ['modelname', 'modelkind', 'hyperparameter', 'modelid', 'deployment_id', 'placement', 'ownerid', 'data', 'file_kind', 'tags'], fc.constant({}));
    }
  }
}
