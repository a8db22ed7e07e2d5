/**
 * `POST /project/query` (reference §4, §5.6): experiments of a project matching every predicate. A predicate names a
 * source (`metrics`, `params`, `metadata`, `log_other`, `tag`, `env_details`) and an AND group of rules
 * `{id, field, type, operator, value}` (the jQuery QueryBuilder shape the Python SDK's `query.py` builds). Only AND
 * exists; anything malformed is a 400 `Invalid query: ...`. What a rule compares against (emulator choices, README):
 * metrics, parameters and others use their current (last logged) value; `tag` rules see the tag's own name when the
 * experiment has it (the SDK's `Tag("x")` sends `equal "x"`); metadata and environment fields are listed below.
 */
import { createHash } from 'node:crypto';
import { json } from '../../shared/index.js';
import type { RouteHandler } from '../context.js';
import { cometErrors } from '../errors.js';
import { isJsonObject, type JsonObject } from '../input.js';
import type { CometStore, ExperimentRecord } from '../store.js';
import { projectOf } from './read.js';

const SOURCES = ['metrics', 'params', 'metadata', 'log_other', 'tag', 'env_details'] as const;
type Source = (typeof SOURCES)[number];
const TYPES = ['string', 'double', 'boolean', 'datetime', 'timenumber'] as const;
type RuleType = (typeof TYPES)[number];
const NO_VALUE = new Set(['is_null', 'is_not_null', 'is_empty', 'is_not_empty']);
const TEXT_OPS = new Set(['contains', 'not_contains', 'begins_with', 'not_begins_with', 'ends_with', 'not_ends_with']);
const ORDER_OPS = new Set(['equal', 'not_equal', 'less', 'less_or_equal', 'greater', 'greater_or_equal']);
const RANGE_OPS = new Set(['between', 'not_between']);

/** One checked rule, its value already converted to the rule's type. */
interface Rule {
  readonly field: string;
  readonly type: RuleType;
  readonly operator: string;
  /** For ordering operators: one value; for ranges: two; for text operators: the text; otherwise null. */
  readonly values: readonly (number | string | boolean)[];
}

interface Predicate {
  readonly source: Source;
  readonly rules: readonly Rule[];
}

type Scalar = string | number | boolean;

/** `"2026-01-05 08:00:00"` (the SDK's `isoformat(" ")`), ISO 8601, or epoch milliseconds; UTC unless a zone is given. */
function parseDatetime(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const t = v.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  let iso = t.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseBoolean(v: unknown): boolean | undefined {
  if (v === true || v === 1 || v === '1' || v === 'true' || v === 'True') return true;
  if (v === false || v === 0 || v === '0' || v === 'false' || v === 'False') return false;
  return undefined;
}

/** Converts a rule value to the rule type, or explains why it cannot be. */
function convert(v: unknown, type: RuleType, where: string): Scalar {
  switch (type) {
    case 'string':
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw cometErrors.invalidQuery(`${where}: value must be a string`);
    case 'double':
    case 'timenumber': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) throw cometErrors.invalidQuery(`${where}: value must be a number, got ${JSON.stringify(v)}`);
      return n;
    }
    case 'boolean': {
      const b = parseBoolean(v);
      if (b === undefined) throw cometErrors.invalidQuery(`${where}: value must be a boolean (1/0), got ${JSON.stringify(v)}`);
      return b;
    }
    case 'datetime': {
      const ms = parseDatetime(v);
      if (ms === undefined) throw cometErrors.invalidQuery(`${where}: value must be a UTC datetime, got ${JSON.stringify(v)}`);
      return ms;
    }
  }
}

function parseRule(raw: unknown, where: string, out: Rule[]): void {
  if (!isJsonObject(raw)) throw cometErrors.invalidQuery(`${where} must be an object`);
  if ('rules' in raw || 'condition' in raw) {
    // A nested group (QueryBuilder allows them): accepted when it is an AND group.
    parseGroup(raw, where, out);
    return;
  }
  const field = raw['field'] ?? raw['id'];
  if (typeof field !== 'string' || field === '') throw cometErrors.invalidQuery(`${where}: field is required`);
  const type = raw['type'];
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    throw cometErrors.invalidQuery(`${where}: type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  }
  const t = type as RuleType;
  const operator = raw['operator'];
  if (typeof operator !== 'string' || !(NO_VALUE.has(operator) || TEXT_OPS.has(operator) || ORDER_OPS.has(operator) || RANGE_OPS.has(operator))) {
    throw cometErrors.invalidQuery(`${where}: unknown operator ${JSON.stringify(operator)}`);
  }
  const value = raw['value'];
  let values: Scalar[] = [];
  if (RANGE_OPS.has(operator)) {
    if (t === 'string' || t === 'boolean') throw cometErrors.invalidQuery(`${where}: ${operator} needs a numeric or datetime type, not ${t}`);
    if (!Array.isArray(value) || value.length !== 2) throw cometErrors.invalidQuery(`${where}: ${operator} needs a value of two elements [low, high]`);
    values = value.map((v) => convert(v, t, where));
  } else if (TEXT_OPS.has(operator)) {
    if (typeof value !== 'string') throw cometErrors.invalidQuery(`${where}: ${operator} needs a string value`);
    values = [value];
  } else if (ORDER_OPS.has(operator)) {
    if (value === undefined || value === null) throw cometErrors.invalidQuery(`${where}: ${operator} needs a value`);
    values = [convert(value, t, where)];
  }
  out.push({ field, type: t, operator, values });
}

function parseGroup(raw: JsonObject, where: string, out: Rule[]): void {
  const condition = raw['condition'] ?? 'AND';
  if (condition !== 'AND') throw cometErrors.invalidQuery(`${where}: only the AND condition is supported, got ${JSON.stringify(condition)}`);
  if (raw['valid'] === false) throw cometErrors.invalidQuery(`${where}: the query is marked invalid`);
  const rules = raw['rules'];
  if (!Array.isArray(rules)) throw cometErrors.invalidQuery(`${where}: rules must be an array`);
  rules.forEach((rule, i) => parseRule(rule, `${where}.rules[${i}]`, out));
}

/** Checks the whole `predicates` list; throws the 400 on the first problem. */
export function parsePredicates(raw: unknown): Predicate[] {
  if (!Array.isArray(raw)) throw cometErrors.invalidQuery('predicates must be an array');
  return raw.map((p, i) => {
    const where = `predicates[${i}]`;
    if (!isJsonObject(p)) throw cometErrors.invalidQuery(`${where} must be an object`);
    const source = p['source'];
    if (typeof source !== 'string' || !(SOURCES as readonly string[]).includes(source)) {
      throw cometErrors.invalidQuery(`${where}: source must be one of ${SOURCES.join(', ')}, got ${JSON.stringify(source)}`);
    }
    const query = p['query'];
    if (!isJsonObject(query)) throw cometErrors.invalidQuery(`${where}: query must be an object`);
    const rules: Rule[] = [];
    parseGroup(query, `${where}.query`, rules);
    return { source: source as Source, rules };
  });
}

/** Metadata fields a rule can name (the `metadata` columns of `/project/column-names`, plus a few aliases). */
function metadataValue(store: CometStore, e: ExperimentRecord, field: string): Scalar | null {
  const s = store.status(e);
  const code = e.log.code();
  const packages = e.log.systemDetails()['installedPackages'];
  switch (field) {
    case 'experimentKey':
    case 'runId':
      return e.key;
    case 'experimentName':
    case 'name':
      return e.name;
    case 'file_name':
    case 'fileName':
      return e.fileName;
    case 'file_path':
    case 'filePath':
      return e.filePath;
    case 'optimizationId':
      return e.optimizationId;
    case 'user_name':
      return e.ownerUserName;
    case 'start_server_timestamp':
      return s.startTimeMillis;
    case 'end_server_timestamp':
      return s.endTimeMillis;
    case 'last_message_time':
      return e.lastActivityMillis;
    case 'duration':
      return s.durationMillis / 1000;
    case 'runActive':
    case 'running':
      return s.running;
    case 'archived':
      return e.archived;
    case 'hasHtml':
      return e.log.html() !== null;
    case 'hasImages':
      return e.log.assets().some((a) => a.type === 'image');
    case 'hasNotes':
      return false;
    case 'codeSHA':
      return code === null ? null : createHash('sha1').update(code).digest('hex');
    case 'installed_packages':
      return Array.isArray(packages) ? packages.map(String).join(', ') : null;
    default:
      return null;
  }
}

/** The experiment's value for a rule, as a string / number / boolean, or null when it has none. */
function valueOf(store: CometStore, e: ExperimentRecord, source: Source, field: string): Scalar | null {
  switch (source) {
    case 'metrics':
      return e.log.metricSummaries().find((m) => m.name === field)?.current.value ?? null;
    case 'params':
      return e.log.parameterSummaries().find((p) => p.name === field)?.current.value ?? null;
    case 'log_other':
      return e.log.otherSummaries().find((o) => o.name === field)?.current.value ?? null;
    case 'tag':
      return e.log.tags().includes(field) ? field : null;
    case 'env_details': {
      const v = e.log.systemDetails()[field];
      if (v === undefined || v === null) return null;
      if (Array.isArray(v)) return v.map(String).join(', ');
      return typeof v === 'object' ? JSON.stringify(v) : (v as Scalar);
    }
    case 'metadata':
      return metadataValue(store, e, field);
  }
}

/** The experiment's value in the rule's type, or undefined when it does not convert (then only null checks match). */
function typed(v: Scalar, type: RuleType): Scalar | undefined {
  switch (type) {
    case 'string':
      return String(v);
    case 'double':
    case 'timenumber': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return parseBoolean(v);
    case 'datetime':
      return parseDatetime(v);
  }
}

function matches(rule: Rule, raw: Scalar | null): boolean {
  const empty = raw === null || raw === '';
  switch (rule.operator) {
    case 'is_null':
      return raw === null;
    case 'is_not_null':
      return raw !== null;
    case 'is_empty':
      return empty;
    case 'is_not_empty':
      return !empty;
  }
  if (raw === null) return false;
  if (TEXT_OPS.has(rule.operator)) {
    const text = String(raw);
    const needle = String(rule.values[0] ?? '');
    const positive = rule.operator.startsWith('not_') ? rule.operator.slice(4) : rule.operator;
    const hit = positive === 'contains' ? text.includes(needle) : positive === 'begins_with' ? text.startsWith(needle) : text.endsWith(needle);
    return rule.operator.startsWith('not_') ? !hit : hit;
  }
  const v = typed(raw, rule.type);
  if (v === undefined) return false;
  const cmp = (a: Scalar, b: Scalar): number => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  const [x, y] = rule.values;
  if (x === undefined) return false;
  switch (rule.operator) {
    case 'equal':
      return cmp(v, x) === 0;
    case 'not_equal':
      return cmp(v, x) !== 0;
    case 'less':
      return cmp(v, x) < 0;
    case 'less_or_equal':
      return cmp(v, x) <= 0;
    case 'greater':
      return cmp(v, x) > 0;
    case 'greater_or_equal':
      return cmp(v, x) >= 0;
    case 'between':
    case 'not_between': {
      if (y === undefined) return false;
      const inside = cmp(v, x) >= 0 && cmp(v, y) <= 0;
      return rule.operator === 'between' ? inside : !inside;
    }
    default:
      return false;
  }
}

/** `POST /project/query` → `{experimentKeys}` in `/experiments` order; `archived: true` searches archived runs. */
export const projectQuery: RouteHandler = (r) => {
  const input = r.input();
  const project = projectOf(r);
  const raw = input.raw('predicates');
  if (raw === undefined) throw cometErrors.invalidQuery('predicates is required');
  const predicates = parsePredicates(raw);
  const store = r.ctx.store;
  const keys = store
    .experimentsOf(project.id, input.boolean('archived') ?? false)
    .filter((e) => predicates.every((p) => p.rules.every((rule) => matches(rule, valueOf(store, e, p.source, rule.field)))))
    .map((e) => e.key);
  return json(200, { experimentKeys: keys });
};
