/**
 * The supergraph reads behind the /comet union view, run as the caller's principal (so the catalog applies
 * its access rules). Comet's list endpoints have no paging, so lists are read to the end, page by page, up
 * to MAX_UNION_ROWS (gateway/rest/shared/unionRead.ts). Sources that failed, or whose tracker-only fields could not be added, are collected for the
 * `x-switchyard-partial` header; a read that produced no data becomes a refusal in Comet's error shape.
 */
import type { OperationResult } from '../shared/operationRunner.js';
import { readAll, sourcesOfErrors, type UnionScope } from '../shared/unionRead.js';
import type { UnionRefusal } from './unionRequest.js';
import type { ModelRow, TaskRow } from './unionShapes.js';
import { refusalForCode } from './cometErrors.js';


const TASK_FIELDS = `id name project createdAt status archived user startedAt endedAt origin { source kind nativeId }
  ... on CometExperiment { experimentName workspace optimizationId running throttle filePath fileName durationMillis }`;

const TASKS = `query SwitchyardCometUnionTasks($filter: TaskFilter, $first: Int, $after: String) {
  tasks(filter: $filter, orderBy: CREATED_AT_ASC, first: $first, after: $after) {
    edges { node { ${TASK_FIELDS} } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;

const TASK = `query SwitchyardCometUnionTask($id: ID!, $parameters: Boolean!, $metrics: Boolean!, $tags: Boolean!) {
  task(id: $id) {
    ${TASK_FIELDS}
    parameters @include(if: $parameters) { section name value }
    metrics @include(if: $metrics) { name variant last min max step updatedAt }
    tags @include(if: $tags)
  }
}`;

const MODELS = `query SwitchyardCometUnionModels($filter: ModelFilter, $first: Int, $after: String) {
  models(filter: $filter, orderBy: CREATED_AT_ASC, first: $first, after: $after) {
    edges { node { __typename id name createdAt version stages origin { source kind nativeId }
      ... on CometModelVersion { workspace registryModelId registryModelName comment experimentKey experimentModelName user lastUpdated }
      ... on CometExperimentModel { workspace experimentKey experimentModelId } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;

const SOURCES = 'query SwitchyardCometUnionSources { sources { name kind status } }';

export type UnionContext = UnionScope;

export interface Listed<T> {
  readonly rows: T[];
  /** Sources missing from the answer, wholly or in part. */
  readonly partial: Set<string>;
  /** More rows than MAX_UNION_ROWS exist. */
  readonly truncated: boolean;
}

export interface SourceInfo {
  readonly name: string;
  readonly kind: string;
  readonly status: string;
}

/** A failure that should end the request with this answer. */
export class UnionFailure extends Error {
  constructor(readonly refusal: UnionRefusal) {
    super(refusal.msg);
  }
}

export function listTasks(ctx: UnionContext, filter: Record<string, unknown>): Promise<Listed<TaskRow>> {
  return listAll<TaskRow>(ctx, TASKS, 'tasks', filter);
}

export function listModels(ctx: UnionContext, filter: Record<string, unknown>): Promise<Listed<ModelRow>> {
  return listAll<ModelRow>(ctx, MODELS, 'models', filter);
}

export async function listSources(ctx: UnionContext): Promise<SourceInfo[]> {
  const res = await execute(ctx, SOURCES, {});
  const sources = res.data?.['sources'];
  if (!Array.isArray(sources)) throw failureOf(res);
  return sources as SourceInfo[];
}

/** One task with what the route needs; NOT_FOUND (and ids that name no task) answer as Comet's unknown key. */
export async function taskById(ctx: UnionContext, id: string, experimentKey: string, want: { parameters: boolean; metrics: boolean; tags?: boolean }): Promise<{ row: TaskRow; partial: Set<string> }> {
  const res = await execute(ctx, TASK, { id, parameters: want.parameters, metrics: want.metrics, tags: want.tags ?? false });
  const row = (res.data?.['task'] ?? null) as TaskRow | null;
  if (row) return { row, partial: new Set(sourcesOfErrors(res)) };
  const code = res.errors.map((e) => e.extensions?.['code']).find((c) => typeof c === 'string');
  if (code === undefined || code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') throw notFound(experimentKey);
  throw failureOf(res);
}

/** Comet's read answer for an unknown experiment key (404, nonExistingRun). */
export function notFound(experimentKey: string): UnionFailure {
  return new UnionFailure({ status: 404, msg: `Experiment not found: ${experimentKey.slice(0, 200)}`, sdkErrorCode: 90211 });
}

async function listAll<T>(ctx: UnionContext, query: string, field: 'tasks' | 'models', filter: Record<string, unknown>): Promise<Listed<T>> {
  const read = await readAll<T>(ctx, query, field, { filter });
  if ('errors' in read) throw failureOf({ data: null, errors: read.errors });
  return { rows: read.rows, partial: new Set(read.partial), truncated: read.truncated };
}

/** Runs an operation as the context's caller (the runner never rejects: failures come back as errors). */
export function execute(ctx: UnionContext, query: string, variables: Record<string, unknown>): Promise<OperationResult> {
  return ctx.run(query, variables, ctx.principal, ctx.requestId);
}


/** A read with no data, in Comet's error shape. */
function failureOf(res: OperationResult): UnionFailure {
  const first = res.errors[0];
  const code = first?.extensions?.['code'];
  return new UnionFailure(refusalForCode(typeof code === 'string' ? code : undefined, first?.message ?? 'no data', 'the union view'));
}
