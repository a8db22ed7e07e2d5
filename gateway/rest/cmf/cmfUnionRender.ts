/**
 * Unified tasks rendered in CMF Server's listing shapes (pure). A pipeline is a task's project; a stage
 * is the CMF stage context for CMF executions and `<project>/<task type, else source name>` for the other
 * trackers' tasks. Rows of the mount's own CMF source keep CMF's ids (MLMD execution id, 4-char uuid
 * label); rows of any other source (another CMF instance included, whose MLMD ids would collide) carry
 * their global Switchyard id where CMF puts an execution id.
 */
import type { UnionTask } from './cmfUnionQuery.js';

export interface NameValue {
  readonly name: string;
  readonly value: string | null;
}

export interface ExecutionItem {
  readonly execution_id: number | string;
  readonly execution_properties: readonly NameValue[];
}

const own = (t: UnionTask, source: string): boolean => t.origin.kind === 'CMF' && t.origin.source === source;

/** Distinct projects in the order their first task was created (CMF lists pipelines in creation order). */
export function pipelineNames(tasks: readonly UnionTask[]): string[] {
  return [...new Set(tasks.flatMap((t) => (t.project ? [t.project] : [])))];
}

/** `<pipeline>/<stage>`, as CMF names stage contexts. */
export function stageOf(t: UnionTask): string {
  if (t.origin.kind === 'CMF' && t.stage) return t.stage;
  return `${t.project ?? ''}/${t.type ?? t.origin.source}`;
}

/**
 * CMF's `executions_list` label `<stage after the first '/'>_<uuid[:4]>`; other sources put their global id
 * after the `_`, and their stage part is what follows the project (whose name may itself hold a `/`).
 */
export function executionLabel(t: UnionTask, source: string): string {
  const stage = stageOf(t);
  const prefix = `${t.project ?? ''}/`;
  const short = t.origin.kind !== 'CMF' && stage.startsWith(prefix) ? stage.slice(prefix.length) : stage.includes('/') ? stage.slice(stage.indexOf('/') + 1) : stage;
  const id = own(t, source) ? (t.executionUuid ?? t.origin.nativeId).split('-')[0]?.slice(0, 4) ?? '' : t.id;
  return `${short}_${id}`;
}

/** PostgreSQL's text of a property value (`::text` in CMF's `json_agg`). */
function sqlText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

const createdMs = (t: UnionTask): number | undefined => {
  const ms = t.createdAt ? Date.parse(t.createdAt) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/** One `/executions-by-stage` item: CMF's own rows from the MLMD execution, the others' from their unified fields. */
export function executionItem(t: UnionTask, source: string): ExecutionItem {
  const raw = record(t.raw);
  const props = record(raw?.['properties']);
  const custom = record(raw?.['custom_properties']);
  if (own(t, source) && props && custom) {
    const id = t.mlmdId ?? (typeof raw?.['id'] === 'number' ? raw['id'] : undefined);
    return {
      execution_id: id ?? t.id,
      execution_properties: [...Object.entries(props), ...Object.entries(custom)].map(([name, v]) => ({ name, value: sqlText(v) })),
    };
  }
  const stage = stageOf(t);
  const created = createdMs(t);
  const rows: NameValue[] = [
    { name: 'Context_Type', value: stage },
    { name: 'Execution_type_name', value: stage },
    { name: 'Execution_uuid', value: t.id },
    { name: 'Pipeline_Type', value: t.project },
    // What CMF holds as custom properties: the user's parameters (section-qualified when the tracker has sections).
    ...(t.parameters ?? []).map((p) => ({ name: p.section ? `${p.section}/${p.name}` : p.name, value: p.value })),
    { name: 'name', value: t.name },
    { name: 'status', value: t.status?.toLowerCase() ?? null },
    { name: 'source', value: t.origin.source },
    ...(created !== undefined ? [{ name: 'original_create_time_since_epoch', value: String(created) }] : []),
  ];
  return { execution_id: t.id, execution_properties: rows };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** What CMF's `filter_value` ILIKE sees of a row: its id, its properties and its creation time (`YYYY-MM-DD HH24:MI:SS`). */
function searchText(t: UnionTask, item: ExecutionItem): string {
  const ms = createdMs(t);
  const d = ms === undefined ? undefined : new Date(ms);
  const date = d ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : '';
  return `${item.execution_id} ${item.execution_properties.map((p) => `${p.name} ${p.value ?? ''}`).join(' ')} ${date}`.toLowerCase();
}

export interface StagePage {
  readonly stageName: string;
  readonly activePage: number;
  readonly recordPerPage: number;
  readonly sortOrder: string;
  readonly filterValue: string;
}

/** `/executions-by-stage/{p}`: the stage's executions, filtered, sorted by creation time (DESC unless `asc`), one page. */
export function executionsByStage(tasks: readonly UnionTask[], source: string, q: StagePage): { total_items: number; items: ExecutionItem[] } {
  const needle = q.filterValue.toLowerCase();
  const rows = tasks
    .filter((t) => stageOf(t) === q.stageName)
    .map((t) => ({ t, item: executionItem(t, source), ms: createdMs(t) }))
    .filter((r) => needle === '' || searchText(r.t, r.item).includes(needle));
  const asc = q.sortOrder.toUpperCase() === 'ASC';
  // Rows without a creation time last, either way (PostgreSQL's NULLS LAST on DESC is what CMF shows).
  rows.sort((a, b) => (a.ms === undefined || b.ms === undefined ? (a.ms === undefined ? 1 : 0) - (b.ms === undefined ? 1 : 0) : asc ? a.ms - b.ms : b.ms - a.ms));
  const start = (q.activePage - 1) * q.recordPerPage;
  return { total_items: rows.length, items: rows.slice(start, start + q.recordPerPage).map((r) => r.item) };
}

/** `/pipeline-stages/{p}`: the distinct stages, sorted. */
export function pipelineStages(tasks: readonly UnionTask[]): { stages: string[]; total_stages: number } {
  const stages = [...new Set(tasks.map(stageOf))].sort();
  return { stages, total_stages: stages.length };
}
