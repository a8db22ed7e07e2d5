/**
 * Comet's min/max summaries (reference/comet.md §5.5) → unified metric summaries, parameters and
 * Comet's log-other values. Every value arrives as a string (clients `float()` them, §7 "Value typing");
 * strings are kept as written for parameters and others and parsed for metrics. Pure: no I/O.
 */
import type { MetricSummary, Parameter } from '../../shared/model.js';
import type { CometValueSummaryWire } from '../connector/wire.js';
import { mapTime } from './mapTime.js';

/** A log-other value (`CometOther` in the SDL). */
export interface CometOther {
  readonly name: string;
  readonly value: string | null;
}

/** A plain decimal number as Python and Java print them: `0.91`, `-3`, `1e-05`, `.5`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A summary value as a finite number, or null. Non-finite values (`nan`, `inf`, `Infinity`) and
 * anything that is not a plain decimal (`''`, `0x10`, ` 1`) are null, not 0: `Number('')` would lie.
 */
export function parseMetricValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * `/experiment/metrics/summary` values → MetricSummary[], ordered by name then variant. Comet keeps one
 * summary per metric name; its run context (`train`, `validate`, …) is the closest thing to a variant,
 * so `variant` is the context of the current value. `last` is `valueCurrent`.
 */
export function mapMetricSummaries(values: readonly CometValueSummaryWire[]): MetricSummary[] {
  return values
    .map((v) => ({
      name: v.name,
      variant: typeof v.runContextCurrent === 'string' && v.runContextCurrent !== '' ? v.runContextCurrent : null,
      last: parseMetricValue(v.valueCurrent),
      min: parseMetricValue(v.valueMin),
      max: parseMetricValue(v.valueMax),
      step: typeof v.stepCurrent === 'number' && Number.isSafeInteger(v.stepCurrent) ? v.stepCurrent : null,
      updatedAt: mapTime(v.timestampCurrent),
    }))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.variant ?? '', b.variant ?? ''));
}

/** `/experiment/parameters` values → Parameter[] (Comet has no sections), ordered by name. */
export function mapParameters(values: readonly CometValueSummaryWire[]): Parameter[] {
  return values.map((v) => ({ section: null, name: v.name, value: valueText(v.valueCurrent) })).sort((a, b) => cmp(a.name, b.name));
}

/** `/experiment/log-other` values → CometOther[] (system keys such as `Name` included), ordered by name. */
export function mapOthers(values: readonly CometValueSummaryWire[]): CometOther[] {
  return values.map((v) => ({ name: v.name, value: valueText(v.valueCurrent) })).sort((a, b) => cmp(a.name, b.name));
}

/** A value as text: strings as written; numbers and booleans (older backends, R clients) printed. */
function valueText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
