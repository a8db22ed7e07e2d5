/**
 * The union view of the /comet mount (DESIGN §6, issue 9 item 2): with `?switchyard.sources=all` (or a
 * comma-separated list of sources, or the header `X-Switchyard-Sources`), seven GET routes answer with
 * objects of every tracker in Comet's own shapes, read from the supergraph instead of passed through:
 *
 * | route | parameters | rows |
 * |---|---|---|
 * | /workspaces | — | Comet sources' workspaces (from their experiments and registry versions) + one per other source instance, named after it |
 * | /projects | workspaceName | distinct task projects |
 * | /experiments | projectId, workspaceName, projectName, archived | tasks |
 * | /experiment/metadata, /experiment/metrics/summary, /experiment/parameters | experimentKey | one task |
 * | /registry-model | workspaceName | models (Comet registry versions grouped per registry model) |
 *
 * Ids (unionIds.ts): the mount's own Comet source keeps its native ids; other sources' rows carry global
 * ids; project ids are Switchyard-made for every source. `experimentKey` accepts a global id of any
 * source's task, or a native key of the mount's source. Where Comet requires a project or workspace
 * (`/experiments`, `/projects`, `/registry-model`), the union view lists everything when it is absent.
 * Sources missing from an answer are named in `x-switchyard-partial`; a list cut at MAX_UNION_ROWS says so in
 * `x-switchyard-truncated`.
 */
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationRunner } from '../shared/operationRunner.js';
import { jsonResponse, type RestRequest, type RestResponse } from '../shared/types.js';
import { listModels, listSources, listTasks, notFound, taskById, type UnionContext, UnionFailure } from './unionFetch.js';
import { parseProjectId, sourceOfId, taskIdOf } from './unionIds.js';
import { parseUnionRequest, type UnionRequest } from './unionRequest.js';
import { renderExperiment, renderMetricSummaries, renderParameterSummaries, renderProjects, renderRegistryModels, renderWorkspaceNames, type TaskRow, workspaceOf } from './unionShapes.js';
import { cometErrorOf } from './cometErrors.js';
import { unionHeaders } from '../shared/unionRead.js';

export interface CometUnionInput {
  readonly req: RestRequest;
  /** The union flag's value (`unionFlag`). */
  readonly flag: string;
  readonly principal: Principal;
  /** The mount's Comet source: its rows keep native ids. */
  readonly mountSource: string;
  readonly run: OperationRunner | undefined;
  readonly passthroughCredentials: boolean;
}

interface Answer {
  readonly body: unknown;
  readonly partial: ReadonlySet<string>;
  readonly truncated?: boolean;
}

export async function renderCometUnion(input: CometUnionInput): Promise<RestResponse> {
  // The union view reads with Switchyard's credentials, so it needs a caller Switchyard verified itself.
  if (input.passthroughCredentials) return cometErrorOf({ status: 400, msg: 'Switchyard: the union view (switchyard.sources) is not available when credentials are passed through to the tracker', sdkErrorCode: 0 });
  if (!input.run) return cometErrorOf({ status: 501, msg: 'Switchyard: the union view (switchyard.sources) is not configured on this mount', sdkErrorCode: 0 });
  const parsed = parseUnionRequest(input.req, input.flag);
  if ('msg' in parsed) return cometErrorOf(parsed);
  const ctx: UnionContext = { run: input.run, principal: input.principal, requestId: input.req.requestId };
  try {
    const answer = await answerRoute(parsed, ctx, input.mountSource);
    return jsonResponse(200, answer.body, unionHeaders({ partial: [...answer.partial].sort(), truncated: answer.truncated === true }));
  } catch (err) {
    if (err instanceof UnionFailure) return cometErrorOf(err.refusal);
    throw err;
  }
}


async function answerRoute(u: UnionRequest, ctx: UnionContext, mountSource: string): Promise<Answer> {
  const sources = u.sources === 'all' ? undefined : u.sources;
  const p = u.params;
  switch (u.route) {
    case '/workspaces':
      return workspaces(ctx, sources);
    case '/projects': {
      const listed = await listTasks(ctx, { ...sourceFilter(sources), archived: null });
      const rows = inWorkspace(listed.rows, p['workspaceName']);
      return { body: { projects: renderProjects(rows) }, partial: listed.partial, truncated: listed.truncated };
    }
    case '/experiments':
      return experiments(ctx, sources, p, mountSource);
    case '/registry-model': {
      const listed = await listModels(ctx, sourceFilter(sources));
      const rows = inWorkspace(listed.rows, p['workspaceName']);
      return { body: { registryModels: renderRegistryModels(rows, mountSource) }, partial: listed.partial, truncated: listed.truncated };
    }
    case '/experiment/metadata':
    case '/experiment/metrics/summary':
    case '/experiment/parameters': {
      const key = p['experimentKey'];
      // Comet's own answer without a key (reference §6.3 experimentKeyNotSpecified).
      if (key === undefined) throw new UnionFailure({ status: 400, msg: 'experimentKey is required', sdkErrorCode: 90998 });
      const id = taskIdOf(key, mountSource);
      if (sources && !sources.includes(sourceOfId(id))) throw notFound(key);
      const { row, partial } = await taskById(ctx, id, key, { parameters: u.route === '/experiment/parameters', metrics: u.route === '/experiment/metrics/summary' });
      const body = u.route === '/experiment/metadata' ? renderExperiment(row, mountSource) : { values: u.route === '/experiment/parameters' ? renderParameterSummaries(row) : renderMetricSummaries(row) };
      return { body, partial };
    }
  }
}

async function workspaces(ctx: UnionContext, only: readonly string[] | undefined): Promise<Answer> {
  const all = await listSources(ctx);
  const chosen = all.filter((s) => !only || only.includes(s.name));
  const comet = chosen.filter((s) => s.kind === 'COMET').map((s) => s.name);
  const others = chosen.filter((s) => s.kind !== 'COMET');
  const partial = new Set(others.filter((s) => s.status !== 'OK').map((s) => s.name));
  if (comet.length === 0) return { body: { workspaceNames: renderWorkspaceNames([], others.map((s) => s.name)) }, partial };
  // Comet workspaces are known only from what lives in them: experiments (archived too) and registry versions.
  const [tasks, models] = await Promise.all([listTasks(ctx, { sources: comet, archived: null }), listModels(ctx, { sources: comet })]);
  for (const s of [...tasks.partial, ...models.partial]) partial.add(s);
  return { body: { workspaceNames: renderWorkspaceNames([...tasks.rows, ...models.rows], others.map((s) => s.name)) }, partial, truncated: tasks.truncated || models.truncated };
}

async function experiments(ctx: UnionContext, only: readonly string[] | undefined, p: UnionRequest['params'], mountSource: string): Promise<Answer> {
  const archived = p['archived'];
  if (archived !== undefined && archived !== 'true' && archived !== 'false') throw new UnionFailure({ status: 400, msg: 'archived must be true or false', sdkErrorCode: 0 });
  const filter: Record<string, unknown> = { ...sourceFilter(only), archived: archived === 'true' };
  let workspace = p['workspaceName'];
  const projectId = p['projectId'];
  if (projectId !== undefined) {
    const ref = parseProjectId(projectId);
    // Comet's answer for a project it does not know (the emulator's `unknownProject`).
    if (!ref) throw new UnionFailure({ status: 404, msg: `Project not found: ${projectId.slice(0, 200)}`, sdkErrorCode: 0 });
    if (only && !only.includes(ref.source)) return { body: { experiments: [] }, partial: new Set() };
    filter['sources'] = [ref.source];
    filter['projects'] = [ref.project];
    workspace = ref.workspace ?? ref.source;
  } else if (p['projectName'] !== undefined) {
    filter['projects'] = [p['projectName']];
  }
  const listed = await listTasks(ctx, filter);
  const rows = inWorkspace(listed.rows, workspace);
  return { body: { experiments: rows.map((r) => renderExperiment(r, mountSource)) }, partial: listed.partial, truncated: listed.truncated };
}

function sourceFilter(only: readonly string[] | undefined): Record<string, unknown> {
  return only ? { sources: only } : {};
}

function inWorkspace<T extends Pick<TaskRow, 'origin' | 'workspace'>>(rows: T[], workspace: string | undefined): T[] {
  return workspace === undefined ? rows : rows.filter((r) => workspaceOf(r) === workspace);
}
