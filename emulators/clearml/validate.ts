/**
 * Request validation against the endpoint's JSON schema (`schemas.generated.ts`, from the resolved
 * schema files), the way `SchemaValidator.detailed_validate` does it: null values are dropped first
 * (`remap(... value is not None)`), the data is checked with draft-07 semantics (fastjsonschema decides
 * pass/fail), and on failure `jsonschema`'s best-matching error becomes 400/12 with the error's
 * attributes (`message`, `path`, `context`, `cause`, `validator`, `validator_value`, `instance`,
 * `parent`) as keyword arguments. A value that only fastjsonschema rejects (a `format`, which
 * `jsonschema.validate` does not check) raises fastjsonschema's own message ("data.created must be
 * date-time"), as `detailed_validate` re-raises it.
 *
 * Supported keywords: `$ref` (draft-07: siblings ignored), `type`, `properties`, `required`,
 * `additionalProperties`, `patternProperties`, `items`, `enum`, `const`, `minimum`/`maximum` (and
 * exclusive forms), `minLength`/`maxLength`, `minItems`/`maxItems`, `pattern`, `anyOf`/`oneOf`/
 * `allOf`/`not`, `format: date-time`.
 */
import { errors, pyRepr } from './errors.js';
import { isObject, type Json, type JsonObject } from './json.js';
import { compilePythonRegex, jsonEqual } from './query/values.js';
import { REQUEST_DEFINITIONS, REQUEST_SCHEMAS } from './schemas.generated.js';

/** One `jsonschema.ValidationError`, reduced to what the server reports. */
export interface SchemaError {
  readonly message: string;
  /** Absolute path of the failing value (`error.path`). */
  readonly path: readonly (string | number)[];
  readonly validator: string;
  readonly validatorValue: Json;
  readonly instance: Json;
}

/** `remap(data, lambda p, k, v: v is not None)`: nulls removed from objects and lists, recursively. */
export function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

function typeMatches(value: Json, type: string): boolean {
  switch (type) {
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
}

const WEAK = new Set(['anyOf', 'oneOf']);

/** `jsonschema.exceptions.relevance`: shallower errors first, then non-weak validators. */
function relevance(e: SchemaError): [number, number] {
  return [-e.path.length, WEAK.has(e.validator) ? 0 : 1];
}

/** `best_match`: the most relevant error; the first one among equals (Python's `max`). */
export function bestMatch(errs: readonly SchemaError[]): SchemaError | undefined {
  let best: SchemaError | undefined;
  for (const e of errs) {
    if (!best) {
      best = e;
      continue;
    }
    const [a1, a2] = relevance(e);
    const [b1, b2] = relevance(best);
    if (a1 > b1 || (a1 === b1 && a2 > b2)) best = e;
  }
  return best;
}

/** Python `%r` of a list of strings, as jsonschema formats `enum` values and types. */
function reprList(values: readonly Json[]): string {
  return pyRepr([...values]);
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = compilePythonRegex(pattern, false);
    regexCache.set(pattern, re);
  }
  return re;
}

/** A validator over one service's definitions. */
class Validator {
  readonly #definitions: Readonly<Record<string, Json>>;

  constructor(definitions: Readonly<Record<string, Json>>) {
    this.#definitions = definitions;
  }

  isValid(schema: Json, instance: Json): boolean {
    return this.errors(schema, instance, []).length === 0;
  }

  /** Every error in `jsonschema.iter_errors` order (schema keywords in their written order). */
  errors(schema: Json, instance: Json, path: readonly (string | number)[]): SchemaError[] {
    if (schema === true || !isObject(schema)) return [];
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      const target = ref.startsWith('#/definitions/') ? this.#definitions[ref.slice('#/definitions/'.length)] : undefined;
      return target === undefined ? [] : this.errors(target, instance, path);
    }
    const out: SchemaError[] = [];
    const fail = (message: string, validator: string, validatorValue: Json): void => {
      out.push({ message, path, validator, validatorValue, instance });
    };
    for (const [keyword, value] of Object.entries(schema)) {
      switch (keyword) {
        case 'type': {
          const types = Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : typeof value === 'string' ? [value] : [];
          if (types.length > 0 && !types.some((t) => typeMatches(instance, t))) {
            fail(`${pyRepr(instance)} is not of type ${types.map((t) => pyRepr(t)).join(', ')}`, 'type', value);
          }
          break;
        }
        case 'properties':
          if (isObject(value) && isObject(instance)) {
            for (const [name, sub] of Object.entries(value)) {
              const v = instance[name];
              if (v !== undefined) out.push(...this.errors(sub, v, [...path, name]));
            }
          }
          break;
        case 'patternProperties':
          if (isObject(value) && isObject(instance)) {
            for (const [pattern, sub] of Object.entries(value)) {
              for (const [name, v] of Object.entries(instance)) if (regex(pattern).test(name)) out.push(...this.errors(sub, v, [...path, name]));
            }
          }
          break;
        case 'required':
          if (Array.isArray(value) && isObject(instance)) {
            for (const field of value) if (typeof field === 'string' && !(field in instance)) fail(`${pyRepr(field)} is a required property`, 'required', value);
          }
          break;
        case 'additionalProperties': {
          if (!isObject(instance)) break;
          const props = isObject(schema['properties']) ? Object.keys(schema['properties']) : [];
          const patterns = isObject(schema['patternProperties']) ? Object.keys(schema['patternProperties']) : [];
          const extras = Object.keys(instance).filter((k) => !props.includes(k) && !patterns.some((p) => regex(p).test(k)));
          if (isObject(value)) {
            for (const extra of [...extras].sort()) {
              const v = instance[extra];
              if (v !== undefined) out.push(...this.errors(value, v, [...path, extra]));
            }
          } else if (value === false && extras.length > 0) {
            const sorted = [...extras].sort();
            fail(`Additional properties are not allowed (${sorted.map((e) => pyRepr(e)).join(', ')} ${sorted.length === 1 ? 'was' : 'were'} unexpected)`, 'additionalProperties', value);
          }
          break;
        }
        case 'items':
          if (Array.isArray(instance)) {
            if (Array.isArray(value)) value.forEach((sub, i) => i < instance.length && out.push(...this.errors(sub, instance[i] ?? null, [...path, i])));
            else instance.forEach((item, i) => out.push(...this.errors(value, item, [...path, i])));
          }
          break;
        case 'enum':
          if (Array.isArray(value) && !value.some((v) => jsonEqual(v, instance))) fail(`${pyRepr(instance)} is not one of ${reprList(value)}`, 'enum', value);
          break;
        case 'const':
          if (!jsonEqual(value, instance)) fail(`${pyRepr(value)} was expected`, 'const', value);
          break;
        case 'minimum':
          if (typeof value === 'number' && typeof instance === 'number' && instance < value) fail(`${pyRepr(instance)} is less than the minimum of ${pyRepr(value)}`, 'minimum', value);
          break;
        case 'maximum':
          if (typeof value === 'number' && typeof instance === 'number' && instance > value) fail(`${pyRepr(instance)} is greater than the maximum of ${pyRepr(value)}`, 'maximum', value);
          break;
        case 'exclusiveMinimum':
          if (typeof value === 'number' && typeof instance === 'number' && instance <= value) fail(`${pyRepr(instance)} is less than or equal to the minimum of ${pyRepr(value)}`, 'exclusiveMinimum', value);
          break;
        case 'exclusiveMaximum':
          if (typeof value === 'number' && typeof instance === 'number' && instance >= value) fail(`${pyRepr(instance)} is greater than or equal to the maximum of ${pyRepr(value)}`, 'exclusiveMaximum', value);
          break;
        case 'minLength':
          if (typeof value === 'number' && typeof instance === 'string' && [...instance].length < value) fail(`${pyRepr(instance)} is too short`, 'minLength', value);
          break;
        case 'maxLength':
          if (typeof value === 'number' && typeof instance === 'string' && [...instance].length > value) fail(`${pyRepr(instance)} is too long`, 'maxLength', value);
          break;
        case 'minItems':
          if (typeof value === 'number' && Array.isArray(instance) && instance.length < value) fail(`${pyRepr(instance)} is too short`, 'minItems', value);
          break;
        case 'maxItems':
          if (typeof value === 'number' && Array.isArray(instance) && instance.length > value) fail(`${pyRepr(instance)} is too long`, 'maxItems', value);
          break;
        case 'pattern':
          if (typeof value === 'string' && typeof instance === 'string' && !regex(value).test(instance)) fail(`${pyRepr(instance)} does not match ${pyRepr(value)}`, 'pattern', value);
          break;
        case 'anyOf':
          if (Array.isArray(value) && !value.some((sub) => this.isValid(sub, instance))) fail(`${pyRepr(instance)} is not valid under any of the given schemas`, 'anyOf', value);
          break;
        case 'oneOf':
          if (Array.isArray(value)) {
            const valid = value.filter((sub) => this.isValid(sub, instance)).length;
            if (valid === 0) fail(`${pyRepr(instance)} is not valid under any of the given schemas`, 'oneOf', value);
            else if (valid > 1) fail(`${pyRepr(instance)} is valid under each of ${pyRepr(value)}`, 'oneOf', value);
          }
          break;
        case 'allOf':
          if (Array.isArray(value)) for (const sub of value) out.push(...this.errors(sub, instance, path));
          break;
        case 'not':
          if (this.isValid(value, instance)) fail(`${pyRepr(value)} is not allowed for ${pyRepr(instance)}`, 'not', value);
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** fastjsonschema's `format` checks (jsonschema skips them): the first failing value, as `data.a.b[0]`. */
  formatFailure(schema: Json, instance: Json, name: string): string | undefined {
    if (!isObject(schema)) return undefined;
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      const target = ref.startsWith('#/definitions/') ? this.#definitions[ref.slice('#/definitions/'.length)] : undefined;
      return target === undefined ? undefined : this.formatFailure(target, instance, name);
    }
    if (schema['format'] === 'date-time' && typeof instance === 'string' && !DATE_TIME.test(instance)) return `${name} must be date-time`;
    const props = schema['properties'];
    if (isObject(props) && isObject(instance)) {
      for (const [k, sub] of Object.entries(props)) {
        const v = instance[k];
        const found = v === undefined ? undefined : this.formatFailure(sub, v, `${name}.${k}`);
        if (found) return found;
      }
    }
    const items = schema['items'];
    if (isObject(items) && Array.isArray(instance)) {
      for (const [i, v] of instance.entries()) {
        const found = this.formatFailure(items, v, `${name}[${i}]`);
        if (found) return found;
      }
    }
    return undefined;
  }
}

/** fastjsonschema's `date-time` format (RFC 3339 with optional fraction and offset). */
const DATE_TIME = /^\d{4}-[01]\d-[0-3]\d[tT\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:[zZ]|[+-]\d\d(?::?\d\d)?)?$/;

const validators = new Map<string, Validator>();
function validatorFor(service: string): Validator {
  let v = validators.get(service);
  if (!v) {
    v = new Validator(REQUEST_DEFINITIONS[service] ?? {});
    validators.set(service, v);
  }
  return v;
}

/** The request schema of an endpoint's implementation `version` (undefined when the schema has none). */
export function requestSchemaOf(endpoint: string, version: string): Json | undefined {
  return REQUEST_SCHEMAS[endpoint]?.[version];
}

/** All schema errors of `data` for an endpoint version (empty = valid), in jsonschema's order. */
export function schemaErrors(endpoint: string, version: string, data: JsonObject): SchemaError[] {
  const schema = requestSchemaOf(endpoint, version);
  if (schema === undefined) return [];
  return validatorFor(endpoint.split('.')[0] ?? '').errors(schema, withoutNulls(data), []);
}

/** Validate a call's data for the implementation `actualVersion` of an endpoint; throws 400/12. */
export function validateRequest(endpoint: string, actualVersion: string, data: JsonObject): void {
  const schema = requestSchemaOf(endpoint, actualVersion);
  if (schema === undefined) return;
  const validator = validatorFor(endpoint.split('.')[0] ?? '');
  const cleaned = withoutNulls(data);
  const best = bestMatch(validator.errors(schema, cleaned, []));
  if (best) {
    throw errors.validation(undefined, {
      message: best.message,
      path: [...best.path],
      context: [],
      cause: null,
      validator: best.validator,
      validator_value: best.validatorValue,
      instance: best.instance,
      parent: null,
    });
  }
  const format = validator.formatFailure(schema, cleaned, 'data');
  if (format) throw errors.validation(format);
}
