/**
 * The route table per server generation (reference "API generations" and endpoints table) and the dispatcher in
 * front of it: nginx's 413 for bodies over the limit, the optional `/api` prefix (nginx strips it), Starlette's
 * 307 redirect for a trailing-slash mismatch, 404 `{"detail":"Not Found"}`, 405 `{"detail":"Method Not Allowed"}`,
 * and the plain-text 500 of an unhandled exception.
 */
import type { EmulatorHandler, EmulatorRequest, EmulatorResponse } from '../shared/index.js';
import type { CmfContext, CmfHandler } from './context.js';
import { internalError, methodNotAllowed, notFound } from './fastapi.js';
import * as files from './handlers/files.js';
import * as legacy from './handlers/legacy.js';
import * as lineage from './handlers/lineage.js';
import * as listings from './handlers/listings.js';
import { modelCard } from './handlers/modelCard.js';
import { mlmdPullGet, mlmdPullPost } from './handlers/pull.js';
import { mlmdPush } from './handlers/push.js';
import { PyCrash } from './plan.js';
import type { CmfGeneration } from './types.js';

export type CmfMethod = 'GET' | 'POST' | 'DELETE';

export interface CmfRoute {
  readonly method: CmfMethod;
  /** FastAPI path, parameters in braces. */
  readonly path: string;
  readonly generations: readonly CmfGeneration[];
  readonly handler: CmfHandler;
}

const ALL: readonly CmfGeneration[] = ['A0', 'A1', 'B', 'C'];
const A: readonly CmfGeneration[] = ['A0', 'A1'];
const AB: readonly CmfGeneration[] = ['A0', 'A1', 'B'];
const BC: readonly CmfGeneration[] = ['B', 'C'];
const C: readonly CmfGeneration[] = ['C'];

export const CMF_ROUTES: readonly CmfRoute[] = [
  { method: 'GET', path: '/', generations: ALL, handler: listings.root },
  { method: 'POST', path: '/mlmd_push', generations: ALL, handler: mlmdPush },
  { method: 'GET', path: '/mlmd_pull/{pipeline_name}', generations: A, handler: mlmdPullGet },
  { method: 'POST', path: '/mlmd_pull', generations: BC, handler: mlmdPullPost },
  { method: 'GET', path: '/executions/{pipeline_name}', generations: AB, handler: legacy.executions },
  { method: 'GET', path: '/artifacts/{pipeline_name}/{artifact_type}', generations: AB, handler: legacy.artifacts },
  { method: 'GET', path: '/executions-by-stage/{pipeline_name}', generations: C, handler: listings.executionsByStage },
  { method: 'GET', path: '/pipeline-stages/{pipeline_name}', generations: C, handler: listings.pipelineStages },
  { method: 'GET', path: '/artifact-types-by-stage/{pipeline_name}', generations: C, handler: listings.artifactTypesByStage },
  { method: 'GET', path: '/artifacts-by-stage/{pipeline_name}', generations: C, handler: listings.artifactsByStage },
  { method: 'GET', path: '/execution-lineage/tangled-tree/{uuid}/{pipeline_name}', generations: ALL, handler: lineage.executionLineage },
  { method: 'GET', path: '/artifact-lineage/tangled-tree/{pipeline_name}', generations: ALL, handler: lineage.artifactLineage },
  { method: 'GET', path: '/artifact-execution-lineage/tangled-tree/{pipeline_name}', generations: ALL, handler: lineage.artifactExecutionLineage },
  { method: 'GET', path: '/artifact_types', generations: ALL, handler: listings.artifactTypes },
  { method: 'GET', path: '/pipelines', generations: ALL, handler: listings.pipelines },
  { method: 'GET', path: '/list-of-executions/{pipeline_name}', generations: ALL, handler: listings.listOfExecutions },
  { method: 'GET', path: '/model-card', generations: ALL, handler: modelCard },
  { method: 'POST', path: '/tensorboard', generations: ALL, handler: files.uploadTensorboard },
  { method: 'POST', path: '/python-env', generations: ALL, handler: files.uploadPythonEnv },
  { method: 'GET', path: '/python-env', generations: ALL, handler: files.getPythonEnv },
  { method: 'POST', path: '/label', generations: BC, handler: files.uploadLabel },
  { method: 'GET', path: '/label-data', generations: BC, handler: files.getLabelData },
  { method: 'POST', path: '/register-server', generations: BC, handler: files.notEmulated },
  { method: 'POST', path: '/acknowledge', generations: BC, handler: files.acknowledge },
  { method: 'POST', path: '/sync', generations: BC, handler: files.sync },
  { method: 'GET', path: '/server-list', generations: BC, handler: files.emptyList },
  { method: 'GET', path: '/download-python-env', generations: BC, handler: files.notEmulated },
  { method: 'POST', path: '/schedule-sync', generations: C, handler: files.notEmulated },
  { method: 'GET', path: '/schedules', generations: C, handler: files.emptyList },
  { method: 'GET', path: '/schedule-sync/logs/{schedule_id}', generations: C, handler: files.scheduleLogs('schedule_id') },
  { method: 'GET', path: '/server/{server_id}/completed-logs', generations: C, handler: files.scheduleLogs('server_id') },
  { method: 'DELETE', path: '/schedule-sync/{schedule_id}', generations: C, handler: files.deleteSchedule },
];

/** The routes a generation serves (what `GET /openapi.json` would list). */
export function routesOf(generation: CmfGeneration): CmfRoute[] {
  return CMF_ROUTES.filter((r) => r.generations.includes(generation));
}

/** Path parameters when `path` matches the FastAPI pattern (a parameter is one non-empty segment). */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const g = got[i] as string;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      params[w.slice(1, -1)] = g;
    } else if (w !== g) return undefined;
  }
  return params;
}

/** nginx's own 413 page (its default `client_max_body_size` is 1 MB; reference "Large pushes"). */
export const NGINX_413 =
  '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export function createRouter(ctx: CmfContext, ready: Promise<void>): EmulatorHandler {
  const routes = routesOf(ctx.generation);
  return async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    if (req.body.length > ctx.maxPushBytes) return { status: 413, headers: { 'content-type': 'text/html', connection: 'close' }, body: NGINX_413 };
    await ready;
    const prefixed = req.path === '/api' || req.path.startsWith('/api/');
    const path = prefixed ? req.path.slice(4) || '/' : req.path;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const matching = routes.flatMap((route) => {
      const params = matchPath(route.path, path);
      return params ? [{ route, params }] : [];
    });
    const hit = matching.find((m) => m.route.method === method);
    if (!hit) {
      if (matching.length > 0) return methodNotAllowed([...new Set(matching.map((m) => m.route.method))]);
      const other = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
      if (other !== '' && routes.some((route) => matchPath(route.path, other))) {
        const query = req.query.toString();
        return { status: 307, headers: { location: `${prefixed ? '/api' : ''}${other}${query ? `?${query}` : ''}` }, body: '' };
      }
      return notFound();
    }
    try {
      return await hit.route.handler({ req, ctx, params: hit.params });
    } catch (err) {
      if (err instanceof PyCrash) return internalError();
      throw err;
    }
  };
}
