/**
 * `serving.*` (API 2.31+; `apiserver/services/serving.py`, `apiserver/bll/serving/__init__.py`):
 * clearml-serving containers register and report; the endpoints are their summaries grouped by URL.
 * Containers live in Redis in the real server and expire `timeout` seconds (default 600) after their
 * last registration or report; here the store keeps them with an expiry on the emulator clock.
 */
import { type CallContext, type EndpointHandler } from '../context.js';
import { apiError, errors } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import type { ServingContainer } from '../store.js';
import { formatDateTime } from '../time.js';
import { requiredString, stringParam } from './common.js';

/** `services.serving.default_container_timeout_sec`. */
const DEFAULT_TIMEOUT_SEC = 600;

/** `ServingModel` fields a registration carries. */
const MODEL_FIELDS = ['container_id', 'endpoint_name', 'endpoint_url', 'model_name', 'model_source', 'model_version', 'preprocess_artifact', 'input_type', 'input_size', 'tags', 'system_tags', 'reference'];
/** `StatusReportRequest` adds the statistics. */
const REPORT_FIELDS = [...MODEL_FIELDS, 'uptime_sec', 'requests_num', 'requests_min', 'latency_ms', 'machine_stats'];

function pick(data: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) {
    const v = data[f];
    if (v !== undefined && v !== null) out[f] = v;
  }
  return out;
}

function save(ctx: CallContext, entry: JsonObject, timeoutSec: number, keepAlive: boolean): void {
  const container: ServingContainer = { entry, expiresAt: keepAlive ? undefined : ctx.env.clock.now() + timeoutSec * 1000 };
  ctx.env.store.containers.set(String(entry['container_id']), container);
}

function live(ctx: CallContext): JsonObject[] {
  return ctx.env.store.liveContainers(ctx.env.clock.now()).map((c) => c.entry);
}

const num = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const time = (v: Json | undefined): string | null => (typeof v === 'number' ? formatDateTime(v) : null);

/** Python's `round(x)`: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `serving.register_container`: a new registration (a container without `endpoint_url` is "loading"). */
const registerContainer: EndpointHandler = (ctx) => {
  requiredString(ctx.data, 'container_id');
  const timeout = num(ctx.data['timeout']) ?? DEFAULT_TIMEOUT_SEC;
  const now = ctx.env.clock.now();
  save(ctx, { ...pick(ctx.data, MODEL_FIELDS), register_time: now, register_timeout: timeout, last_activity_time: now }, timeout, false);
  return {};
};

/** `serving.unregister_container`: unknown containers are fine (`container_auto_unregister`). */
const unregisterContainer: EndpointHandler = (ctx) => {
  ctx.env.store.containers.delete(requiredString(ctx.data, 'container_id'));
  return {};
};

/**
 * `serving.container_status_report`: needs `endpoint_url` (400/12); the report replaces the stored
 * entry (registration time and timeout kept; an unknown container is registered on the fly with the
 * default timeout, `container_auto_register`).
 */
const containerStatusReport: EndpointHandler = (ctx) => {
  if (!stringParam(ctx.data, 'endpoint_url')) throw errors.validation("Missing required field 'endpoint_url'");
  const id = requiredString(ctx.data, 'container_id');
  const now = ctx.env.clock.now();
  const previous = ctx.env.store.liveContainers(now).find((c) => c.entry['container_id'] === id);
  const registerTime = num(previous?.entry['register_time']) ?? now;
  const timeout = num(previous?.entry['register_timeout']) ?? DEFAULT_TIMEOUT_SEC;
  // The demo's seeded containers keep reporting: they stay alive.
  const keepAlive = previous !== undefined && previous.expiresAt === undefined;
  save(ctx, { ...pick(ctx.data, REPORT_FIELDS), register_time: registerTime, register_timeout: timeout, last_activity_time: now }, timeout, keepAlive);
  return {};
};

/** `ServingBLL._get_summary` of the containers behind one URL. */
function summary(entries: readonly JsonObject[]): JsonObject {
  const values = (field: string): number[] => entries.map((e) => num(e[field])).filter((v): v is number => v !== undefined);
  const uptimes = values('uptime_sec');
  const requests = values('requests_num');
  const perMin = values('requests_min');
  const latency = values('latency_ms');
  const updates = values('last_activity_time');
  const first = entries[0] ?? {};
  return {
    endpoint: first['endpoint_name'] ?? null,
    model: first['model_name'] ?? null,
    url: first['endpoint_url'] ?? null,
    instances: entries.length,
    uptime_sec: uptimes.length > 0 ? Math.max(...uptimes) : null,
    requests: requests.reduce((a, b) => a + b, 0),
    requests_min: perMin.length > 0 ? Math.round((perMin.reduce((a, b) => a + b, 0) / perMin.length) * 100) / 100 : null,
    latency_ms: latency.length > 0 ? roundHalfEven(latency.reduce((a, b) => a + b, 0) / latency.length) : null,
    last_update: updates.length > 0 ? formatDateTime(Math.max(...updates)) : null,
  };
}

/** `serving.get_endpoints`: one summary per endpoint URL; containers without a URL are left out. */
const getEndpoints: EndpointHandler = (ctx) => {
  const byUrl = new Map<string, JsonObject[]>();
  for (const e of live(ctx)) {
    const url = e['endpoint_url'];
    if (typeof url !== 'string') continue;
    byUrl.set(url, [...(byUrl.get(url) ?? []), e]);
  }
  return { endpoints: [...byUrl.values()].map(summary) };
};

/** `serving.get_loading_instances`: containers registered without a URL yet. */
const getLoadingInstances: EndpointHandler = (ctx) => {
  const now = ctx.env.clock.now();
  const instances = live(ctx)
    .filter((e) => typeof e['endpoint_url'] !== 'string')
    .map((e) => ({
      id: e['container_id'] ?? null,
      endpoint: e['endpoint_name'] ?? null,
      url: null,
      model: e['model_name'] ?? null,
      model_source: e['model_source'] ?? null,
      model_version: e['model_version'] ?? null,
      preprocess_artifact: e['preprocess_artifact'] ?? null,
      input_type: e['input_type'] ?? null,
      input_size: e['input_size'] ?? null,
      uptime_sec: e['uptime_sec'] ?? null,
      age_sec: Math.floor((now - (num(e['register_time']) ?? now)) / 1000),
      last_update: time(e['last_activity_time']),
    }));
  return { instances };
};

/** `cpu_count`/`gpu_count` of an instance: the length of the usage lists of its last machine stats. */
function machineCounts(stats: Json | undefined): JsonObject {
  const out: JsonObject = { cpu_count: 0, gpu_count: 0 };
  if (!isObject(stats)) return out;
  for (const [field, key] of [['cpu_usage', 'cpu_count'], ['gpu_usage', 'gpu_count']] as const) {
    const v = stats[field];
    if (v === undefined || v === null) continue;
    out[key] = Array.isArray(v) ? v.length : 1;
  }
  return out;
}

/** `serving.get_endpoint_details`: the URL's instances with their statistics; 400/1052 for an unknown URL. */
const getEndpointDetails: EndpointHandler = (ctx) => {
  const url = requiredString(ctx.data, 'endpoint_url');
  const entries = live(ctx).filter((e) => e['endpoint_url'] === url);
  const first = entries[0];
  if (!first) throw apiError(400, 1052, undefined, { url });
  const uptimes = entries.map((e) => num(e['uptime_sec'])).filter((v): v is number => v !== undefined);
  const updates = entries.map((e) => num(e['last_activity_time'])).filter((v): v is number => v !== undefined);
  return {
    endpoint: first['endpoint_name'] ?? null,
    model: first['model_name'] ?? null,
    url,
    preprocess_artifact: first['preprocess_artifact'] ?? null,
    input_type: first['input_type'] ?? null,
    input_size: first['input_size'] ?? null,
    model_source: first['model_source'] ?? null,
    model_version: first['model_version'] ?? null,
    uptime_sec: uptimes.length > 0 ? Math.max(...uptimes) : null,
    last_update: updates.length > 0 ? formatDateTime(Math.max(...updates)) : null,
    instances: entries.map((e) => ({
      id: e['container_id'] ?? null,
      uptime_sec: e['uptime_sec'] ?? null,
      requests: e['requests_num'] ?? null,
      requests_min: e['requests_min'] ?? null,
      latency_ms: e['latency_ms'] ?? null,
      last_update: time(e['last_activity_time']),
      reference: Array.isArray(e['reference']) ? e['reference'] : null,
      ...machineCounts(e['machine_stats']),
    })),
  };
};

export const servingHandlers: Readonly<Record<string, EndpointHandler>> = {
  'serving.register_container': registerContainer,
  'serving.unregister_container': unregisterContainer,
  'serving.container_status_report': containerStatusReport,
  'serving.get_endpoints': getEndpoints,
  'serving.get_loading_instances': getLoadingInstances,
  'serving.get_endpoint_details': getEndpointDetails,
};
