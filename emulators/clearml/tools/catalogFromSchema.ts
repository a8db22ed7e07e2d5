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
