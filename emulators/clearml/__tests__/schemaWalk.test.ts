/**
 * Walks the resolved schema (test/fixtures/clearml/resolved, read here independently of the generated
 * `schemas.generated.ts`) for every implemented endpoint: at its latest version a minimal well-formed
 * request passes validation, and the same request without any one required field gets the server's
 * 400/12 "'<field>' is a required property" (jsonschema's attributes as error_data). A version below
 * the endpoint's first implementation gets the 404 the server answers.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject, type Json, type JsonObject } from '../json.js';
import { IMPLEMENTED_ENDPOINTS } from '../routes.js';
import { schemaErrors, validateRequest } from '../validate.js';
import { asObject, testEmulator } from './callHelper.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/clearml');
const readJson = (p: string): JsonObject => {
  const v: unknown = JSON.parse(readFileSync(join(FIXTURES, p), 'utf8'));
  if (!isObject(v)) throw new Error(`${p}: not an object`);
  return v;
};
const INDEX = asObject(readJson('endpoints_index.json')['endpoints']);

/** The latest min version of an endpoint and its request schema plus the service definitions. */
function latest(name: string): { version: string; first: string; schema: JsonObject; defs: JsonObject } {
  const [service = '', action = ''] = name.split('.');
  const versions = asObject(INDEX[name])['versions'];
  if (!Array.isArray(versions) || versions.length === 0) throw new Error(`${name}: no versions`);
  const version = String(versions[versions.length - 1]);
  const resolved = readJson(`resolved/${service}.json`);
  const request = asObject(asObject(asObject(resolved[action])[version])['request'] ?? {});
  return { version, first: String(versions[0]), schema: request, defs: isObject(resolved['_definitions']) ? resolved['_definitions'] : {} };
}

function deref(schema: Json, defs: JsonObject): JsonObject {
  let cur = schema;
  while (isObject(cur) && typeof cur['$ref'] === 'string') cur = defs[cur['$ref'].replace('#/definitions/', '')] ?? {};
  return isObject(cur) ? cur : {};
}

/** The smallest value the schema accepts: required properties only, first enum value, lower bounds. */
function minimal(schema: Json, defs: JsonObject): Json {
  const s = deref(schema, defs);
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][0] ?? null;
  const types = Array.isArray(s['type']) ? s['type'].filter((t) => t !== 'null') : [s['type']];
  const type = types[0];
  if (type === 'object' || (type === undefined && isObject(s['properties']))) {
    const props = isObject(s['properties']) ? s['properties'] : {};
    const out: JsonObject = {};
    for (const field of Array.isArray(s['required']) ? s['required'] : []) {
      if (typeof field === 'string') out[field] = minimal(props[field] ?? { type: 'string' }, defs);
    }
    return out;
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return typeof s['minimum'] === 'number' ? Math.max(1, s['minimum']) : 1;
  if (type === 'boolean') return false;
  if (s['format'] === 'date-time') return '2026-01-01T00:00:00';
  return 'xyz';
}

/** Endpoints whose body is json-lines (not schema-validated). */
const BATCH = new Set(['events.add_batch']);
const WALKED = IMPLEMENTED_ENDPOINTS.filter((n) => !BATCH.has(n));

describe('request validation walks the resolved schema of every implemented endpoint', () => {
  it('covers every implemented endpoint but the json-lines one', () => {
    expect(WALKED.length).toBe(IMPLEMENTED_ENDPOINTS.length - 1);
    expect(WALKED).toEqual(expect.arrayContaining(['tasks.enqueue', 'models.update_for_task', 'events.scalar_metrics_iter_raw', 'serving.get_endpoints']));
  });

  it.each(WALKED)('%s: a minimal well-formed request passes validation', async (name) => {
    const { version, schema, defs } = latest(name);
    const body = asObject(minimal(schema, defs));
    expect(schemaErrors(name, version, body)).toEqual([]);
    expect(() => validateRequest(name, version, body)).not.toThrow();
    const em = testEmulator();
    const res = await em.call(`/v${version}/${name}`, body);
    const schemaRejected = res.status === 400 && res.meta['result_subcode'] === 12 && isObject(res.meta['error_data']) && 'validator' in res.meta['error_data'];
    expect(schemaRejected).toBe(false);
    expect(res.status).not.toBe(501);
  });

  it.each(WALKED)('%s: each missing required field gets 400/12 "<field> is a required property"', async (name) => {
    const { version, schema, defs } = latest(name);
    const body = asObject(minimal(schema, defs));
    const required = Array.isArray(schema['required']) ? schema['required'].filter((f): f is string => typeof f === 'string') : [];
    const em = testEmulator();
    for (const field of required) {
      const rest: JsonObject = { ...body };
      delete rest[field];
      const res = await em.call(`/v${version}/${name}`, rest);
      expect([res.status, res.meta['result_code'], res.meta['result_subcode']]).toEqual([400, 400, 12]);
      expect(res.meta['error_data']).toMatchObject({ message: `'${field}' is a required property`, validator: 'required', path: [], validator_value: required });
      expect(String(res.meta['result_msg'])).toMatch(new RegExp(`^Validation error: message='${field}' is a required property, path=\\(\\), context=\\(\\), cause=None, validator=required`));
      // A null counts as missing (the server drops nulls before validating).
      const nulled = await em.call(`/v${version}/${name}`, { ...body, [field]: null });
      expect(nulled.meta['result_subcode']).toBe(12);
    }
  });

  it.each(WALKED)('%s: below its first implementation the server answers 404', async (name) => {
    const { first } = latest(name);
    const [major = 0, minor = 0] = first.split('.').map(Number);
    if (major === 1 && minor === 0) return;
    const older = minor > 0 ? `${major}.${minor - 1}` : `${major - 1}.99`;
    const em = testEmulator();
    const res = await em.call(`/v${older}/${name}`, {});
    expect([res.status, res.meta['result_msg']]).toEqual([404, `Unable to find endpoint for name ${name} and version ${older}`]);
  });
});

describe('validation errors as jsonschema reports them', () => {
  const call = async (path: string, body: unknown): Promise<{ subcode: unknown; data: JsonObject; msg: string }> => {
    const res = await testEmulator().call(path, body);
    return { subcode: res.meta['result_subcode'], data: isObject(res.meta['error_data']) ? res.meta['error_data'] : {}, msg: String(res.meta['result_msg']) };
  };

  it('reports types, enums, bounds and unexpected properties with their path', async () => {
    const type = await call('/v2.23/tasks.get_all', { id: 'abc' });
    expect(type).toMatchObject({ subcode: 12, data: { message: "'abc' is not of type 'array'", path: ['id'], validator: 'type', validator_value: 'array', instance: 'abc' } });
    const enumErr = await call('/v2.23/tasks.create', { name: 'train', type: 'bogus' });
    expect(enumErr.data['message']).toBe(
      "'bogus' is not one of ['training', 'testing', 'inference', 'data_processing', 'application', 'monitor', 'controller', 'optimizer', 'service', 'qc', 'custom']",
    );
    expect(enumErr.data['path']).toEqual(['type']);
    const bound = await call('/v2.23/tasks.get_all', { page: -1, page_size: 10 });
    expect(bound.data).toMatchObject({ message: '-1 is less than the minimum of 0', path: ['page'], validator: 'minimum' });
    const extra = await call('/v2.31/serving.get_endpoints', { foo: 1, bar: 2 });
    expect(extra.data).toMatchObject({ message: "Additional properties are not allowed ('bar', 'foo' were unexpected)", validator: 'additionalProperties', validator_value: false });
    const nested = await call('/v2.23/events.scalar_metrics_iter_raw', { task: 't', metric: { metric: 1 } });
    expect(nested.data).toMatchObject({ message: "1 is not of type 'string'", path: ['metric', 'metric'] });
    const item = await call('/v2.23/tasks.get_all', { status: ['done'] });
    expect(item.data).toMatchObject({ path: ['status', 0], validator: 'enum' });
  });

  it('prefers the shallowest error (best_match) and drops nulls first', async () => {
    const both = await call('/v2.23/events.scalar_metrics_iter_raw', { metric: { metric: 1 } });
    expect(both.data['message']).toBe("'task' is a required property");
    const nulls = await call('/v2.23/tasks.get_all', { id: null, status: [null], only_fields: ['id'] });
    expect(nulls.subcode).toBe(0);
  });

  it('answers a format only fastjsonschema checks with its own message', async () => {
    const res = await call('/v2.23/tasks.update', { task: 'abc', created: 'yesterday' });
    expect([res.subcode, res.msg, res.data]).toEqual([12, 'Validation error (data.created must be date-time)', {}]);
  });
});
