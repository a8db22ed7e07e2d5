/**
 * Derives the endpoint catalog (versions, auth flags, top-level request validation) from the
 * verbatim-derived schema: `endpoints_index.json` + `resolved/<service>.json`
 * (copies in test/fixtures/clearml/). Used by `generateCatalog.ts` to write `catalog.generated.ts`
 * and by a unit test that fails when the generated file drifts from the fixtures.
 */
import { isObject, type Json, type JsonObject } from '../json.js';
import type { EndpointSpec } from '../catalogTypes.js';

function typeOf(prop: JsonObject, definitions: JsonObject): string | undefined {
  const t = prop['type'];
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string').join('|');
  const ref = prop['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const def = definitions[ref.slice('#/definitions/'.length)];
    if (isObject(def)) return typeOf(def, definitions);
  }
  return undefined;
}

function requestSchema(versionSpec: JsonObject): JsonObject | undefined {
  const req = versionSpec['request'];
  return isObject(req) ? req : undefined;
}

/** Build the catalog entry of every endpoint in the index. */
export function buildCatalog(index: JsonObject, resolved: Readonly<Record<string, JsonObject>>): Record<string, EndpointSpec> {
  const endpoints = index['endpoints'];
  if (!isObject(endpoints)) throw new Error('endpoints_index.json: no endpoints');
  const out: Record<string, EndpointSpec> = {};
  for (const name of Object.keys(endpoints).sort()) {
    const entry = endpoints[name];
    if (!isObject(entry)) continue;
    const [service = '', action = ''] = name.split('.');
    const serviceSchema = resolved[service] ?? {};
    const definitions = isObject(serviceSchema['_definitions']) ? serviceSchema['_definitions'] : {};
    const actionSchema = isObject(serviceSchema[action]) ? serviceSchema[action] : {};
    const versions = asStrings(entry['versions']);
    const required: Record<string, string[]> = {};
    const types: Record<string, string> = {};
    for (const v of versions) {
      const vs = actionSchema[v];
      const req = isObject(vs) ? requestSchema(vs) : undefined;
      if (!req) continue;
      const reqd = asStrings(req['required']);
      if (reqd.length > 0) required[v] = reqd;
      const props = isObject(req['properties']) ? req['properties'] : {};
      for (const [p, ps] of Object.entries(props)) {
        if (!isObject(ps)) continue;
        const t = typeOf(ps, definitions);
        if (t !== undefined) types[p] = t; // later versions win: versions are ascending
      }
    }
    const authorize = entry['authorize'];
    out[name] = {
      versions,
      authorize: authorize === null ? null : authorize !== false,
      roles: asStrings(entry['allow_roles']),
      batch: entry['batch'] === true,
      required,
      types,
    };
  }
  return out;
}

function asStrings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Keywords whose value is a map of names to schemas (the names are data, never stripped). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is a schema (or, for `items`, a list of schemas). */
const SCHEMA_VALUED = new Set(['items', 'additionalProperties', 'not', 'additionalItems']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);
/** Annotations that do not take part in validation. */
const ANNOTATIONS = new Set(['description', 'default', 'title', 'examples']);

/** A schema without its annotations, keyword order kept (the order decides which error is reported first). */
export function stripSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (ANNOTATIONS.has(k)) continue;
    if (SCHEMA_MAPS.has(k) && isObject(v)) {
      const m: JsonObject = {};
      for (const [name, sub] of Object.entries(v)) m[name] = stripSchema(sub);
      out[k] = m;
    } else if (SCHEMA_VALUED.has(k) || SCHEMA_LISTS.has(k)) {
      out[k] = stripSchema(v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, into);
    return;
  }
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) into.add(v.slice('#/definitions/'.length));
    else collectRefs(v, into);
  }
}

export interface RequestSchemas {
  /** Per service: the `_definitions` the request schemas reference (transitively). */
  readonly definitions: Record<string, Record<string, Json>>;
  /** Per endpoint and min version: the request schema (annotations stripped). */
  readonly requests: Record<string, Record<string, Json>>;
}

/** The request schema of every endpoint version, plus the definitions they need. */
export function buildRequestSchemas(index: JsonObject, resolved: Readonly<Record<string, JsonObject>>): RequestSchemas {
  const endpoints = index['endpoints'];
  if (!isObject(endpoints)) throw new Error('endpoints_index.json: no endpoints');
  const requests: Record<string, Record<string, Json>> = {};
  const wanted = new Map<string, Set<string>>();
  for (const name of Object.keys(endpoints).sort()) {
    const entry = endpoints[name];
    if (!isObject(entry)) continue;
    const [service = '', action = ''] = name.split('.');
    const actionSchema = isObject(resolved[service]?.[action]) ? (resolved[service]?.[action] as JsonObject) : {};
    const perVersion: Record<string, Json> = {};
    for (const v of asStrings(entry['versions'])) {
      const vs = actionSchema[v];
      const req = isObject(vs) ? requestSchema(vs) : undefined;
      if (!req) continue;
      const stripped = stripSchema(req);
      perVersion[v] = stripped;
      const refs = wanted.get(service) ?? new Set<string>();
      collectRefs(stripped, refs);
      wanted.set(service, refs);
    }
    requests[name] = perVersion;
  }
  const definitions: Record<string, Record<string, Json>> = {};
  for (const [service, refs] of [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const all = resolved[service]?.['_definitions'];
    const defs: Record<string, Json> = {};
    const queue = [...refs];
    while (queue.length > 0) {
      const ref = queue.shift() ?? '';
      if (ref in defs) continue;
      const def = isObject(all) ? all[ref] : undefined;
      if (def === undefined) throw new Error(`${service}: unresolved $ref #/definitions/${ref}`);
      const stripped = stripSchema(def);
      defs[ref] = stripped;
      const more = new Set<string>();
      collectRefs(stripped, more);
      queue.push(...more);
    }
    if (Object.keys(defs).length > 0) {
      definitions[service] = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
  }
  return { definitions, requests };
}
