/**
 * Everything logged to one experiment: metric points with their running summaries, parameters, "others", tags,
 * stdout lines, code, system details and assets. Pure data + semantics; wire shapes live in views.ts.
 */
import { valueToString, type JsonObject } from './input.js';

/** One stored metric value (reference §5.4). `value` is the string the read side returns. */
export interface MetricPoint {
  readonly metricName: string;
  readonly value: string;
  /** The value as a number when it is numeric: used for min/max. */
  readonly numeric: number | null;
  readonly timestamp: number;
  readonly step: number | null;
  readonly epoch: number | null;
  readonly runContext: string | null;
  /** Server-side sequence number, shared by all messages of the experiment (as in the recorded points). */
  readonly offset: number;
}

/** Running min/max/current of one metric name across every context (reference §5.5). */
export interface MetricSummary {
  readonly name: string;
  max: MetricPoint;
  min: MetricPoint;
  current: MetricPoint;
}

/** One logged parameter or "other" value. `raw` keeps what the client sent (numbers stay numbers). */
export interface LoggedValue {
  readonly value: string;
  readonly raw: unknown;
  readonly numeric: number | null;
  readonly timestamp: number;
  readonly step: number | null;
}

/** Min/max/current of a parameter or other (same shape on the wire, `editable` added). */
export interface ValueSummary {
  readonly name: string;
  max: LoggedValue;
  min: LoggedValue;
  current: LoggedValue;
  readonly editable: boolean;
}

/** One stdout/stderr line as posted to `write/experiment/output`. */
export interface OutputLine {
  readonly output: string;
  readonly stderr: boolean;
  readonly localTimestamp: number;
  readonly offset: number;
  readonly runContext: string | null;
  /** Arrival order, to keep equal offsets stable. */
  readonly seq: number;
}

/** A line as received: the offset is optional (a missing one gets the next server sequence number). */
export interface OutputLineInput {
  readonly output: string;
  readonly stderr: boolean;
  readonly localTimestamp: number;
  readonly offset?: number | undefined;
  readonly runContext: string | null;
}

/** An uploaded (or remote) asset. */
export interface AssetRecord {
  readonly assetId: string;
  readonly fileName: string;
  readonly type: string;
  readonly step: number | null;
  readonly epoch: number | null;
  readonly runContext: string | null;
  readonly metadata: string | null;
  /** Query `groupingName`: with type `model-element` it names the experiment model the file belongs to. */
  readonly groupingName: string | null;
  readonly createdAt: number;
  /** File bytes; null for a remote asset. */
  readonly content: Buffer | null;
  /** Remote URI for `isRemote=true` uploads. */
  readonly remoteLink: string | null;
}

function numericOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * An experiment model (reference §4 `/experiment/model`): the files an experiment uploaded with type `model-element`
 * under one `groupingName` (what the SDKs' `log_model(name, ...)` sends).
 */
export interface ExperimentModelRecord {
  readonly name: string;
  readonly createdAt: number;
  /** Ids of its `model-element` assets, in upload order. */
  readonly assetIds: string[];
}

/** Git metadata as `write/experiment/git/metadata` sends it (reference §3.3). */
export interface GitMetadata {
  user: string | null;
  root: string | null;
  branch: string | null;
  parent: string | null;
  origin: string | null;
}

/** The asset type whose uploads form experiment models. */
export const MODEL_ELEMENT_TYPE = 'model-element';

/** Orders two values numerically when both are numbers, otherwise as strings (non-numeric metrics exist). */
function compare(a: { numeric: number | null; value: string }, b: { numeric: number | null; value: string }): number {
  if (a.numeric !== null && b.numeric !== null) return a.numeric - b.numeric;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Input of `logMetric`. */
export interface MetricInput {
  readonly name: string;
  readonly value: unknown;
  readonly timestamp: number;
  readonly step?: number | undefined;
  readonly epoch?: number | undefined;
  readonly context?: string | undefined;
}

/** The data logged to one experiment. */
export class ExperimentLog {
  #offset = 0;
  #outputSeq = 0;
  readonly #points = new Map<string, MetricPoint[]>();
  readonly #metricSummaries = new Map<string, MetricSummary>();
  readonly #params = new Map<string, ValueSummary>();
  readonly #others = new Map<string, ValueSummary>();
  readonly #tags: string[] = [];
  readonly #output: OutputLine[] = [];
  readonly #assets: AssetRecord[] = [];
  readonly #models = new Map<string, ExperimentModelRecord>();
  #code: string | null = null;
  #html: string | null = null;
  #graph: string | null = null;
  #git: GitMetadata | null = null;
  #systemDetails: JsonObject = {};

  /** The next server-side sequence number. */
  nextOffset(): number {
    this.#offset += 1;
    return this.#offset;
  }

  /** Stores a point and updates the summary: ties keep the earlier extreme, `current` is the last logged. */
  logMetric(input: MetricInput): MetricPoint {
    const value = valueToString(input.value);
    const point: MetricPoint = {
      metricName: input.name,
      value,
      numeric: numericOf(input.value),
      timestamp: input.timestamp,
      step: input.step ?? null,
      epoch: input.epoch ?? null,
      runContext: input.context ?? null,
      offset: this.nextOffset(),
    };
    const list = this.#points.get(input.name);
    if (list) list.push(point);
    else this.#points.set(input.name, [point]);
    const s = this.#metricSummaries.get(input.name);
    if (!s) {
      this.#metricSummaries.set(input.name, { name: input.name, max: point, min: point, current: point });
    } else {
      // Non-finite values ("NaN", "Infinity") never displace a numeric extreme; a numeric one displaces them.
      const better = (extreme: MetricPoint, sign: 1 | -1): boolean =>
        point.numeric !== null && extreme.numeric === null ? true : point.numeric === null && extreme.numeric !== null ? false : sign * compare(point, extreme) > 0;
      if (better(s.max, 1)) s.max = point;
      if (better(s.min, -1)) s.min = point;
      s.current = point;
    }
    return point;
  }

  /** Metric names in first-logged order. */
  metricNames(): string[] {
    return [...this.#points.keys()];
  }

  /** Every stored point of one metric, in logging order. */
  pointsOf(name: string): readonly MetricPoint[] {
    return this.#points.get(name) ?? [];
  }

  metricSummaries(): MetricSummary[] {
    return [...this.#metricSummaries.values()];
  }

  logParameter(name: string, value: unknown, timestamp: number, step?: number): void {
    this.#logValue(this.#params, name, value, timestamp, step);
  }

  logOther(key: string, value: unknown, timestamp: number): void {
    this.#logValue(this.#others, key, value, timestamp, undefined);
  }

  parameterSummaries(): ValueSummary[] {
    return [...this.#params.values()];
  }

  otherSummaries(): ValueSummary[] {
    return [...this.#others.values()];
  }

  #logValue(into: Map<string, ValueSummary>, name: string, raw: unknown, timestamp: number, step: number | undefined): void {
    this.nextOffset();
    const v: LoggedValue = { value: valueToString(raw), raw, numeric: numericOf(raw), timestamp, step: step ?? null };
    const s = into.get(name);
    if (!s) {
      // SDK-logged values are not editable in the UI (all recorded summaries say `editable: false`).
      into.set(name, { name, max: v, min: v, current: v, editable: false });
      return;
    }
    if (compare(v, s.max) > 0) s.max = v;
    if (compare(v, s.min) < 0) s.min = v;
    s.current = v;
  }

  /** Adds tags, keeping first-added order and dropping duplicates. */
  addTags(tags: readonly string[]): void {
    for (const t of tags) if (!this.#tags.includes(t)) this.#tags.push(t);
  }

  tags(): string[] {
    return [...this.#tags];
  }

  /** Appends stdout lines; a line without `offset` gets the next server sequence number. */
  addOutput(lines: readonly OutputLineInput[]): void {
    for (const l of lines) {
      this.#outputSeq += 1;
      this.#output.push({ ...l, offset: l.offset ?? this.nextOffset(), seq: this.#outputSeq });
    }
  }

  /** Lines ordered by client offset (then arrival), as the output tab shows them. */
  outputLines(): OutputLine[] {
    return [...this.#output].sort((a, b) => a.offset - b.offset || a.seq - b.seq);
  }

  setCode(code: string): void {
    this.#code = code;
  }

  code(): string | null {
    return this.#code;
  }

  /** Partial update: the Python SDK sends one system-details field at a time. */
  mergeSystemDetails(fields: JsonObject): void {
    this.#systemDetails = { ...this.#systemDetails, ...fields };
  }

  systemDetails(): JsonObject {
    return { ...this.#systemDetails };
  }

  /**
   * Adds an asset; with `overwrite`, an asset of the same file name, type and grouping is replaced. A `model-element`
   * asset with a `groupingName` also creates (or extends) the experiment model of that name.
   */
  addAsset(asset: AssetRecord, overwrite: boolean): void {
    const i = overwrite
      ? this.#assets.findIndex((a) => a.fileName === asset.fileName && a.type === asset.type && a.groupingName === asset.groupingName)
      : -1;
    const replaced = i >= 0 ? this.#assets[i] : undefined;
    if (i >= 0) this.#assets.splice(i, 1, asset);
    else this.#assets.push(asset);
    if (asset.type !== MODEL_ELEMENT_TYPE || asset.groupingName === null || asset.groupingName === '') return;
    let model = this.#models.get(asset.groupingName);
    if (!model) {
      model = { name: asset.groupingName, createdAt: asset.createdAt, assetIds: [] };
      this.#models.set(model.name, model);
    }
    const j = replaced ? model.assetIds.indexOf(replaced.assetId) : -1;
    if (j >= 0) model.assetIds.splice(j, 1, asset.assetId);
    else model.assetIds.push(asset.assetId);
  }

  /** Experiment models in creation order. */
  models(): ExperimentModelRecord[] {
    return [...this.#models.values()];
  }

  model(name: string): ExperimentModelRecord | undefined {
    return this.#models.get(name);
  }

  /** The assets of one experiment model, in upload order. */
  modelAssets(name: string): AssetRecord[] {
    const ids = this.#models.get(name)?.assetIds ?? [];
    return ids.flatMap((id) => this.#assets.filter((a) => a.assetId === id));
  }

  /** `override` replaces the HTML; otherwise the new HTML is appended (reference §3.3). */
  setHtml(html: string, override: boolean): void {
    this.#html = override || this.#html === null ? html : this.#html + html;
  }

  html(): string | null {
    return this.#html;
  }

  setGraph(graph: string): void {
    this.#graph = graph;
  }

  graph(): string | null {
    return this.#graph;
  }

  /** Fields not sent keep their earlier value. */
  mergeGit(fields: Partial<GitMetadata>): void {
    const base: GitMetadata = this.#git ?? { user: null, root: null, branch: null, parent: null, origin: null };
    this.#git = { ...base, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  }

  git(): GitMetadata | null {
    return this.#git === null ? null : { ...this.#git };
  }

  assets(): readonly AssetRecord[] {
    return this.#assets;
  }
}
