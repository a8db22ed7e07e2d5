/**
 * Prometheus metrics of this process (DESIGN §7), one registry per process: every component records
 * here and `/metrics` (gateway and each subgraph server) serves it. In the in-process stack all of them
 * share it; labels say which source or surface a sample belongs to. Label values are bounded: source
 * instance names, error codes, surfaces — never ids, principals or URLs.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Backend calls a connector made, by source instance and outcome (`ok` or an error code). */
export const sourceRequestDuration = new Histogram({
  name: 'switchyard_source_request_duration_seconds',
  help: 'Duration of calls from Switchyard to a tracker, by source instance and outcome.',
  labelNames: ['source', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
  registers: [metricsRegistry],
});

export const sourceErrors = new Counter({
  name: 'switchyard_source_errors_total',
  help: 'Failed calls to a tracker, by source instance and error code.',
  labelNames: ['source', 'code'] as const,
  registers: [metricsRegistry],
});

export const cacheHits = new Counter({
  name: 'switchyard_cache_hits_total',
  help: 'Source cache reads that found an entry, by source instance.',
  labelNames: ['source'] as const,
  registers: [metricsRegistry],
});

export const cacheMisses = new Counter({
  name: 'switchyard_cache_misses_total',
  help: 'Source cache reads that found nothing, by source instance.',
  labelNames: ['source'] as const,
  registers: [metricsRegistry],
});

/** Lookups in the gateway's full-response cache (docs/adr/0013), by outcome (hit or miss). */
export const responseCacheLookups = new Counter({
  name: 'switchyard_response_cache_lookups_total',
  help: 'GraphQL full-response cache lookups, by outcome (hit or miss).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** Circuit breaker state per source instance. */
export const BREAKER_STATE = { closed: 0, halfOpen: 1, open: 2 } as const;
export type BreakerStateName = keyof typeof BREAKER_STATE;

export const breakerState = new Gauge({
  name: 'switchyard_breaker_state',
  help: 'Circuit breaker state per source instance: 0 closed, 1 half-open, 2 open.',
  labelNames: ['source'] as const,
  registers: [metricsRegistry],
});

export const rateLimited = new Counter({
  name: 'switchyard_rate_limited_total',
  help: 'Requests refused by a rate limit, by surface (graphql or a REST mount).',
  labelNames: ['surface'] as const,
  registers: [metricsRegistry],
});

/** Requests the gateway answered, by surface and HTTP status class. */
export const gatewayRequests = new Counter({
  name: 'switchyard_gateway_requests_total',
  help: 'Requests the gateway answered, by surface (graphql, a REST mount, health) and status class.',
  labelNames: ['surface', 'status'] as const,
  registers: [metricsRegistry],
});

/** The metrics in Prometheus' text format, with the content type to send them with. */
export async function metricsText(): Promise<{ readonly contentType: string; readonly body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
