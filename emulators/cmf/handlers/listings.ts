/**
 * Name listings (`/`, `/pipelines`, `/artifact_types`, `/list-of-executions/{p}`) and Gen C's per-stage listings
 * (`/pipeline-stages`, `/executions-by-stage`, `/artifact-types-by-stage`, `/artifacts-by-stage`), with the paging,
 * sorting and `ILIKE` filtering of `fetch_*_by_stage` (`server/app/db/dbqueries.py`).
 */
import { type EmulatorResponse, json } from '../../shared/index.js';
import type { CmfRequest } from '../context.js';
import { detail, QueryReader } from '../fastapi.js';
import { PyCrash } from '../plan.js';
import { dateTokens, ilikeContains, jsonAggText, originalCreateTime, page, propertyRows } from '../sql.js';
import { artifactTypeNames, pipelineArtifacts, pipelineExecutions, stringProp } from '../state.js';
import type { ArtifactRec, ExecutionRec, StoreState } from '../types.js';

export const root = (): EmulatorResponse => json(200, ['cmf-server']);

export const pipelines = (r: CmfRequest): EmulatorResponse => json(200, r.ctx.store.pipelineNames());

export const artifactTypes = (r: CmfRequest): EmulatorResponse => json(200, artifactTypeNames(r.ctx.store.state).filter((t) => t !== 'Environment'));

/** `executions_list`: `<stage after the first '/'>_<first 4 chars of the uuid>`. */
export function executionLabel(e: ExecutionRec): string {
  const stage = stringProp(e.properties, 'Context_Type');
  const slash = stage.indexOf('/');
  // exec_type.split("/", 1)[1] raises IndexError for a stage name without '/'.
  if (slash < 0) throw new PyCrash('IndexError: list index out of range');
  return `${stage.slice(slash + 1)}_${(stringProp(e.properties, 'Execution_uuid').split('-')[0] ?? '').slice(0, 4)}`;
}

export function listOfExecutions(r: CmfRequest): EmulatorResponse {
  const state = r.ctx.store.state;
  const name = r.params['pipeline_name'] ?? '';
  const p = state.pipelines.get(name);
  if (!p) return detail(404, `Pipeline ${name} not found.`);
  const executions = pipelineExecutions(state, p);
  // dict_of_exe_ids[p] is an empty DataFrame for a pipeline without executions: ["Context_Type"] raises KeyError.
  if (executions.length === 0) throw new PyCrash("KeyError: 'Context_Type'");
  return json(200, executions.map(executionLabel));
}

function executionsOf(state: StoreState, pipelineName: string): ExecutionRec[] {
  const p = state.pipelines.get(pipelineName);
  return p ? pipelineExecutions(state, p) : [];
}

export function pipelineStages(r: CmfRequest): EmulatorResponse {
  const stages = [...new Set(executionsOf(r.ctx.store.state, r.params['pipeline_name'] ?? '').map((e) => e.properties['Context_Type']).filter((v): v is string => typeof v === 'string'))].sort();
  return json(200, { stages, total_stages: stages.length });
}

function stageExecutions(state: StoreState, pipelineName: string, stageName: string): ExecutionRec[] {
  return executionsOf(state, pipelineName).filter((e) => e.properties['Context_Type'] === stageName);
}

function stageArtifacts(state: StoreState, pipelineName: string, stageName: string): ArtifactRec[] {
  return pipelineArtifacts(state, stageExecutions(state, pipelineName, stageName));
}

export function executionsByStage(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const stageName = q.str('stage_name');
  const activePage = q.int('active_page', 1, { gt: 0 });
  const perPage = q.int('record_per_page', 5, { gt: 0 });
  const sortOrder = q.str('sort_order', 'DESC');
  const filter = q.str('filter_value', '');
  const bad = q.failure();
  if (bad) return bad;
  let rows = stageExecutions(r.ctx.store.state, r.params['pipeline_name'] ?? '', stageName).map((e) => ({ e, props: propertyRows(e.properties, e.customProperties), created: originalCreateTime(e) }));
  if (filter !== '') {
    const match = ilikeContains(filter);
    rows = rows.filter((x) => match(`${x.e.id}${jsonAggText(x.props)}${dateTokens(x.created)}`));
  }
  const asc = sortOrder.toUpperCase() === 'ASC';
  rows.sort((a, b) => {
    if (a.created === undefined || b.created === undefined) return (a.created === undefined ? 1 : 0) - (b.created === undefined ? 1 : 0);
    return asc ? a.created - b.created : b.created - a.created;
  });
  const shown = page(rows, activePage, perPage);
  return json(200, { total_items: shown.total_items, items: shown.rows.map((x) => ({ execution_id: x.e.id, execution_properties: x.props })) });
}

export function artifactTypesByStage(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const stageName = q.str('stage_name');
  const bad = q.failure();
  if (bad) return bad;
  const types = new Set(stageArtifacts(r.ctx.store.state, r.params['pipeline_name'] ?? '', stageName).map((a) => a.typeName));
  types.delete('Environment');
  return json(200, [...types].sort());
}

export function artifactsByStage(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const stageName = q.str('stage_name');
  const artifactType = q.str('artifact_type');
  const activePage = q.int('active_page', 1, { gt: 0 });
  const perPage = q.int('record_per_page', 5, { gt: 0 });
  const sortField = q.str('sort_field', 'name');
  const sortOrder = q.str('sort_order', 'asc');
  const filter = q.str('filter_value', '');
  const bad = q.failure();
  if (bad) return bad;
  let rows = stageArtifacts(r.ctx.store.state, r.params['pipeline_name'] ?? '', stageName)
    .filter((a) => a.typeName === artifactType)
    .map((a) => ({ a, props: propertyRows(a.properties, a.customProperties) }));
  if (filter !== '') {
    const match = ilikeContains(filter);
    rows = rows.filter(({ a, props }) => match(`${a.id}${a.name}${dateTokens(a.createTime)}${props.map((p) => p.value ?? '').join(' ')}`));
  }
  const dir = sortOrder.toUpperCase() === 'ASC' ? 1 : -1;
  const key = sortField === 'name' ? (x: { a: ArtifactRec }) => x.a.name.toLowerCase() : (x: { a: ArtifactRec }) => x.a.createTime;
  rows.sort((x, y) => {
    const kx = key(x);
    const ky = key(y);
    return (kx < ky ? -1 : kx > ky ? 1 : 0) * dir || x.a.id - y.a.id;
  });
  const shown = page(rows, activePage, perPage);
  return json(200, {
    total_items: shown.total_items,
    items: shown.rows.map(({ a, props }) => ({ artifact_id: a.id, name: a.name, create_time_since_epoch: a.createTime, artifact_properties: props })),
  });
}
