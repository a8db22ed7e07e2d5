/**
 * The pipeline-wide listings Gen C commented out: `/executions/{p}` and `/artifacts/{p}/{type}`.
 * Gen A0 (pandas): `page`/`per_page` (≤ 100), `sort_field`/`filter_by` only on the cached id frame's columns (else
 * 200 `{"error": …}`), flattened rows with `custom_properties_<key>` columns unioned (absent = null, keys sorted).
 * Gen A1/B (SQL): `active_page`/`record_per_page`, `{execution_id, execution_properties, total_records}` (sorting
 * accepted, ignored) and `{artifact_id, name, execution, uri, create_time_since_epoch (formatted),
 * last_update_time_since_epoch, artifact_properties, total_records}` (an unknown `sort_field` is a plain 500).
 */
import { type EmulatorResponse, json } from '../../shared/index.js';
import type { CmfRequest } from '../context.js';
import { detail, QueryReader } from '../fastapi.js';
import { type Json, type JsonObject } from '../pyjson.js';
import { PyCrash } from '../plan.js';
import { ilikeContains, jsonAggText, page, propertyRows } from '../sql.js';
import { pipelineArtifacts, pipelineExecutions, stringProp } from '../state.js';
import type { ArtifactRec, ExecutionRec, PipelineRec, StoreState } from '../types.js';

/** Rows as `pd.concat(..., sort=True)` leaves them: union of keys, absent = null, keys in code-point order. */
function unionRows(rows: readonly JsonObject[], last: readonly string[] = []): JsonObject[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !last.includes(k)).sort();
  return rows.map((r) => Object.fromEntries([...keys, ...last].map((k) => [k, r[k] ?? null])) as JsonObject);
}

function flatten(props: Readonly<Record<string, Json>>, custom: Readonly<Record<string, Json>>): JsonObject {
  const out: JsonObject = { ...props };
  for (const [k, v] of Object.entries(custom)) out[`custom_properties_${k}`] = v;
  return out;
}

/** Stage names of the executions that used or produced an artifact, distinct and sorted. */
function stagesOf(state: StoreState, a: ArtifactRec): string[] {
  const names = (state.uses.get(a.id) ?? []).map((u) => state.executions.get(u.executionId)).filter((e): e is ExecutionRec => e !== undefined).map((e) => stringProp(e.properties, 'Context_Type'));
  return [...new Set(names)].sort();
}

/** One A0 listing: the records, the cached id frame's columns (the only ones `sort_field` / `filter_by` can use). */
interface A0Source<T extends { id: number }> {
  readonly records: readonly T[];
  readonly keyColumns: Readonly<Record<string, (t: T) => Json>>;
  /** Rows of one page (pandas unions the columns of that page only). */
  readonly rows: (page: readonly T[]) => JsonObject[];
}

/**
 * Gen A0: filter and sort the cached id frame, slice the page of ids, then fetch those records — which come back
 * in id order, whatever the sort (`get_all_executions_by_ids_list` / `get_artifacts`).
 */
function a0Listing<T extends { id: number }>(r: CmfRequest, what: 'executions' | 'artifacts', build: (p: PipelineRec) => A0Source<T>, defaultSort: string): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const pageNo = q.int('page', 1, { gt: 0 });
  const perPage = q.int('per_page', 5, { le: 100 });
  const sortField = q.str('sort_field', defaultSort);
  const sortOrder = q.str('sort_order', 'asc');
  const filterBy = q.optional('filter_by');
  const filterValue = q.optional('filter_value');
  const bad = q.failure();
  if (bad) return bad;
  const name = r.params['pipeline_name'] ?? '';
  const p = r.ctx.store.state.pipelines.get(name);
  if (!p) return detail(404, `Pipeline ${name} not found.`);
  const source = build(p);
  if (source.records.length === 0) return json(200, { total_items: 0, items: null });
  const failed = (why: string): EmulatorResponse => json(200, { error: `Failed to get ${what} available in mlmd: ${why}` });
  let list = [...source.records];
  if (filterBy && filterValue) {
    const col = source.keyColumns[filterBy];
    if (!col) return failed(`'${filterBy}'`);
    if (list.some((t) => typeof col(t) !== 'string')) return failed('Can only use .str accessor with string values!');
    const needle = filterValue.toLowerCase();
    list = list.filter((t) => String(col(t)).toLowerCase().includes(needle));
  }
  const sortCol = source.keyColumns[sortField];
  if (!sortCol) return failed(`'${sortField}'`);
  const dir = sortOrder === 'asc' ? 1 : -1;
  list.sort((x, y) => {
    const a = sortCol(x) ?? '';
    const b = sortCol(y) ?? '';
    return (a < b ? -1 : a > b ? 1 : 0) * dir;
  });
  const shown = list.slice((pageNo - 1) * perPage, pageNo * perPage).sort((x, y) => x.id - y.id);
  return json(200, { total_items: list.length, items: source.rows(shown) });
}

export function executions(r: CmfRequest): EmulatorResponse {
  const state = r.ctx.store.state;
  if (r.ctx.generation === 'A0') {
    return a0Listing<ExecutionRec>(r, 'executions', (p) => ({
      records: pipelineExecutions(state, p),
      keyColumns: {
        id: (e) => e.id,
        Context_Type: (e) => e.properties['Context_Type'] ?? null,
        Execution_uuid: (e) => e.properties['Execution_uuid'] ?? null,
        Context_ID: (e) => e.properties['Context_ID'] ?? null,
      },
      rows: (page) => unionRows(page.map((e) => flatten(e.properties, e.customProperties))),
    }), 'Context_Type');
  }
  const q = new QueryReader(r.req.query);
  const activePage = q.int('active_page', 1, { gt: 0 });
  const perPage = q.int('record_per_page', 5, { gt: 0 });
  q.str('sort_field', 'Context_Type');
  q.str('sort_order', 'asc');
  const filter = q.str('filter_value', '');
  const bad = q.failure();
  if (bad) return bad;
  const p = state.pipelines.get(r.params['pipeline_name'] ?? '');
  const match = ilikeContains(filter.toLowerCase());
  const rows = (p ? pipelineExecutions(state, p) : []).map((e) => ({ e, props: propertyRows(e.properties, e.customProperties) })).filter((x) => match(jsonAggText(x.props).toLowerCase()));
  const shown = page(rows, activePage, perPage);
  return json(200, { total_items: shown.total_items, items: shown.rows.map((x) => ({ execution_id: x.e.id, execution_properties: x.props, total_records: rows.length })) });
}

const SQL_SORTABLE = new Set(['artifact_id', 'name', 'uri', 'create_time_since_epoch', 'last_update_time_since_epoch']);

export function artifacts(r: CmfRequest): EmulatorResponse {
  const state = r.ctx.store.state;
  const type = r.params['artifact_type'] ?? '';
  const ofType = (p: PipelineRec): ArtifactRec[] => pipelineArtifacts(state, pipelineExecutions(state, p)).filter((a) => a.typeName === type);
  if (r.ctx.generation === 'A0') {
    return a0Listing<ArtifactRec>(r, 'artifacts', (p) => ({
      records: ofType(p),
      keyColumns: { id: (a) => a.id, name: (a) => a.name },
      rows: (page) =>
        unionRows(
          page.map((a) => ({
            ...flatten({ id: a.id, type: a.typeName, uri: a.uri, name: a.name.split(':')[0] ?? '', create_time_since_epoch: a.createTime, last_update_time_since_epoch: a.lastUpdate, ...a.properties }, a.customProperties),
            execution_type_name: stagesOf(state, a).join(',\n '),
          })),
          ['execution_type_name'],
        ),
    }), 'name');
  }
  const q = new QueryReader(r.req.query);
  const activePage = q.int('active_page', 1, { gt: 0 });
  const perPage = q.int('record_per_page', 5, { gt: 0 });
  const sortField = q.str('sort_field', 'name');
  const sortOrder = q.str('sort_order', 'asc');
  const filter = q.str('filter_value', '');
  const bad = q.failure();
  if (bad) return bad;
  const p = state.pipelines.get(r.params['pipeline_name'] ?? '');
  const all = p ? pipelineArtifacts(state, pipelineExecutions(state, p)) : [];
  if (all.length > 0 && !SQL_SORTABLE.has(sortField)) throw new PyCrash(`AttributeError: ${sortField}`);
  const match = ilikeContains(filter);
  const rows = all
    .filter((a) => a.typeName === type)
    .map((a) => {
      const props = propertyRows(a.properties, a.customProperties);
      const item = { artifact_id: a.id, name: a.name, execution: stagesOf(state, a).join(', '), uri: a.uri, create_time_since_epoch: new Date(a.createTime).toUTCString(), last_update_time_since_epoch: a.lastUpdate, artifact_properties: props };
      return { item, columns: [String(a.id), a.name, item.execution, a.uri, item.create_time_since_epoch, String(a.lastUpdate), jsonAggText(props)] };
    })
    .filter((x) => x.columns.some((c) => match(c)));
  const dir = sortOrder.toLowerCase() === 'desc' ? -1 : 1;
  rows.sort((x, y) => {
    const a = x.item[sortField as keyof typeof x.item] as Json;
    const b = y.item[sortField as keyof typeof y.item] as Json;
    return ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0) * dir;
  });
  const shown = page(rows, activePage, perPage);
  return json(200, { total_items: shown.total_items, items: shown.rows.map((x) => ({ ...x.item, total_records: rows.length })) });
}
