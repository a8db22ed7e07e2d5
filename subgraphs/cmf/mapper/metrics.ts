/**
 * Metric summaries from Metrics artifacts (DESIGN §4: "Metrics artifact properties, last only"):
 * cmflib's `log_execution_metrics(name, {k: v})` writes one Metrics artifact
 * (`<name>:<uuid1>:<execution id>`) whose custom properties are the values. Each numeric property is a
 * metric named after the property, its variant the metrics name; `last` is its value and `updatedAt`
 * the artifact's creation. min, max and step are unknown (null). Step_Metrics keep their values in a
 * parquet file CMF does not serve, so they give no summaries. Pure.
 */
import type { MetricSummary } from '../../shared/model.js';
import { recordsOf } from '../connector/wire.js';
import { artifactDisplayName } from './names.js';
import { createdMs, field, isoTime, num, props, text } from './values.js';

/** MLMD event types that mean "read by" / "written by" the execution. */
export const INPUT_EVENTS: ReadonlySet<number> = new Set([3, 5]);
export const OUTPUT_EVENTS: ReadonlySet<number> = new Set([4, 6]);

/** The summaries of the Metrics artifacts among `artifacts`; a later artifact wins over an earlier one. */
export function metricsOf(artifacts: readonly unknown[]): MetricSummary[] {
  const latest = new Map<string, { at: number; summary: MetricSummary }>();
  for (const a of artifacts) {
    if (field(a, 'type') !== 'Metrics') continue;
    const name = text(field(a, 'name'));
    const variant = name ? artifactDisplayName(name) : null;
    const at = createdMs(a);
    for (const [key, value] of Object.entries(props(a, 'custom_properties'))) {
      const last = typeof value === 'number' ? num(value) : null;
      if (last === null || key === 'original_create_time_since_epoch') continue;
      const k = `${key}\u0000${variant ?? ''}`;
      const prev = latest.get(k);
      if (prev && prev.at > (at ?? 0)) continue;
      latest.set(k, { at: at ?? 0, summary: { name: key, variant, last, min: null, max: null, step: null, updatedAt: isoTime(at) } });
    }
  }
  return [...latest.values()].map((v) => v.summary).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : (a.variant ?? '') < (b.variant ?? '') ? -1 : 1));
}

/** The artifacts an execution's events point at, by direction. */
export function eventArtifacts(execution: unknown, types: ReadonlySet<number>): Record<string, unknown>[] {
  return recordsOf(execution, 'events')
    .filter((e) => typeof e['type'] === 'number' && types.has(e['type']))
    .map((e) => e['artifact'])
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a));
}

/** An execution's metrics: those of the Metrics artifacts it outputs. */
export function executionMetrics(execution: unknown): MetricSummary[] {
  return metricsOf(eventArtifacts(execution, OUTPUT_EVENTS));
}
