/**
 * Request validation against the endpoint's JSON schema, reduced to what the catalog keeps: required
 * top-level fields and top-level types. The server validates with fastjsonschema and re-runs
 * `jsonschema` for the message (`SchemaValidator.detailed_validate`), raising 400/12 with the
 * jsonschema error's attributes as keyword arguments; null values are dropped before validating.
 */
import type { EndpointSpec } from './catalogTypes.js';
import { errors, pyRepr } from './errors.js';
import { isObject, type Json, type JsonObject } from './json.js';

function withoutNulls(data: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === null) continue;
    out[k] = isObject(v) ? withoutNulls(v) : Array.isArray(v) ? v.filter((x) => x !== null) : v;
  }
  return out;
}

function matchesType(value: Json, type: string): boolean {
  return type.split('|').some((t) => {
    switch (t) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isObject(value);
      case 'null':
        return value === null;
      default:
        return true;
    }
  });
}

function fail(message: string, path: Json[], validator: string, validatorValue: Json, instance: Json): never {
  throw errors.validation(undefined, {
    message,
    path,
    context: [],
    cause: null,
    validator,
    validator_value: validatorValue,
    instance,
    parent: null,
  });
}

/** Validate a call's data for the implementation `actualVersion` of an endpoint. */
export function validateRequest(spec: EndpointSpec, actualVersion: string, data: JsonObject): void {
  const cleaned = withoutNulls(data);
  const required = spec.required[actualVersion] ?? [];
  for (const field of required) {
    if (!(field in cleaned)) fail(`${pyRepr(field)} is a required property`, [], 'required', [...required], cleaned);
  }
  for (const [field, type] of Object.entries(spec.types)) {
    const value = cleaned[field];
    if (value === undefined || matchesType(value, type)) continue;
    const types = type.split('|');
    fail(`${pyRepr(value)} is not of type ${types.map((t) => pyRepr(t)).join(', ')}`, [field], 'type', type, value);
  }
}
