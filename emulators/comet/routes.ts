/**
 * The method + path table of the emulated REST API v2 and the dispatcher in front of it: unknown path → 404,
 * bad/missing key → 401, known-but-unemulated endpoint → 501, wrong method → 405, all in Comet's error envelope.
 */
import type { EmulatorHandler, EmulatorRequest, EmulatorResponse } from '../shared/index.js';
import { checkApiKey } from './auth.js';
import type { CometContext, RouteHandler, RouteRequest } from './context.js';
import { CometError, errorResponse, SdkErrorCode } from './errors.js';
import * as artifacts from './handlers/artifacts.js';
import * as assets from './handlers/assets.js';
import * as query from './handlers/query.js';
import * as read from './handlers/read.js';
import * as registry from './handlers/registry.js';
import * as write from './handlers/write.js';
import { Input } from './input.js';

/** Every emulated path starts with this. */
export const COMET_API_PREFIX = '/api/rest/v2';

type Method = 'GET' | 'POST' | 'PUT';

/** One emulated endpoint; `path` is relative to {@link COMET_API_PREFIX}. */
export interface CometRoute {
  readonly path: string;
  readonly methods: readonly Method[];
  readonly handler: RouteHandler;
  /** `query`: parameters only from the query string (GET, multipart uploads). @default by method */
  readonly params?: 'query' | 'body';
}

const POST: readonly Method[] = ['POST'];
const GET: readonly Method[] = ['GET'];
/** GET-style writes (reference §3, §7): clients send them as GET with a query; POST with a body is tolerated. */
const GET_WRITE: readonly Method[] = ['GET', 'POST'];

/** The endpoints the emulator implements. */
export const COMET_ROUTES: readonly CometRoute[] = [
  { path: '/write/workspace/new', methods: POST, handler: write.createWorkspace },
  { path: '/write/project/create', methods: POST, handler: write.createProject },
  { path: '/write/project/delete', methods: POST, handler: write.deleteProject },
  { path: '/write/project/update', methods: POST, handler: write.updateProject },
  { path: '/write/project/notes', methods: POST, handler: write.setProjectNotes },
  { path: '/write/experiment/create', methods: POST, handler: write.createExperiment },
  { path: '/write/experiment/set-status', methods: GET_WRITE, handler: write.setStatus },
  { path: '/write/experiment/set-start-end-time', methods: POST, handler: write.setStartEndTime },
  { path: '/write/experiment/archive', methods: GET_WRITE, handler: write.archiveExperiment },
  { path: '/write/experiment/restore', methods: GET_WRITE, handler: write.restoreExperiment },
  { path: '/write/experiment/delete', methods: GET_WRITE, handler: write.deleteExperiment },
  { path: '/write/experiment/stop', methods: GET_WRITE, handler: write.stopExperiment },
  { path: '/write/experiment/file-path', methods: POST, handler: write.setFilePath },
  { path: '/write/experiment/html', methods: POST, handler: write.setHtml },
  { path: '/write/experiment/graph', methods: POST, handler: write.setGraph },
  { path: '/write/experiment/git/metadata', methods: POST, handler: write.setGitMetadata },
  { path: '/write/experiment/code', methods: POST, handler: write.setCode },
  { path: '/write/experiment/system-details', methods: POST, handler: write.setSystemDetails },
  { path: '/write/experiment/log-other', methods: POST, handler: write.logOther },
  { path: '/write/experiment/parameter', methods: POST, handler: write.logParameter },
  { path: '/write/experiment/metric', methods: POST, handler: write.logMetric },
  { path: '/write/experiment/tags', methods: POST, handler: write.addTags },
  { path: '/write/experiment/output', methods: POST, handler: write.logOutput },
  { path: '/write/experiment/upload-asset', methods: POST, handler: assets.uploadAsset, params: 'query' },
  { path: '/write/artifacts/upsert', methods: POST, handler: artifacts.upsertArtifact },
  { path: '/write/artifacts/state', methods: POST, handler: artifacts.setArtifactVersionState },
  { path: '/write/registry-model', methods: POST, handler: registry.createRegistryModel },
  { path: '/write/registry-model/item', methods: POST, handler: registry.addRegistryModelVersion },
  { path: '/write/registry-model/update', methods: POST, handler: registry.updateRegistryModel },
  { path: '/write/registry-model/item/update', methods: POST, handler: registry.updateRegistryModelVersion },
  { path: '/write/registry-model/delete', methods: GET_WRITE, handler: registry.deleteRegistryModel },
  { path: '/write/registry-model/item/delete', methods: GET_WRITE, handler: registry.deleteRegistryModelVersion },
  { path: '/write/registry-model/notes', methods: POST, handler: registry.setRegistryModelNotes },
  { path: '/write/registry-model/item/stage', methods: GET_WRITE, handler: registry.addRegistryModelStage },
  { path: '/write/registry-model/item/stage/delete', methods: GET_WRITE, handler: registry.removeRegistryModelStage },
  { path: '/account-details', methods: GET, handler: read.accountDetails },
  { path: '/workspaces', methods: GET, handler: read.workspaces },
  { path: '/projects', methods: GET, handler: read.projects },
  { path: '/project', methods: GET, handler: read.project },
  { path: '/project/column-names', methods: GET, handler: read.columnNames },
  { path: '/project/notes', methods: GET, handler: read.projectNotes },
  { path: '/project/query', methods: POST, handler: query.projectQuery },
  { path: '/experiments', methods: GET, handler: read.experiments },
  { path: '/experiments/multi-metric-chart', methods: POST, handler: read.multiMetricChart },
  { path: '/experiment/metadata', methods: GET, handler: read.experimentMetadata },
  { path: '/experiment/metrics/summary', methods: GET, handler: read.metricsSummary },
  { path: '/experiment/metrics/get-metric', methods: GET, handler: read.getMetric },
  { path: '/experiment/parameters', methods: GET, handler: read.parameters },
  { path: '/experiment/log-other', methods: GET, handler: read.logOther },
  { path: '/experiment/tags', methods: GET, handler: read.tags },
  { path: '/experiment/output', methods: GET, handler: read.output },
  { path: '/experiment/code', methods: GET, handler: read.code },
  { path: '/experiment/system-details', methods: GET, handler: read.systemDetails },
  { path: '/experiment/html', methods: GET, handler: read.html },
  { path: '/experiment/graph', methods: GET, handler: read.graph },
  { path: '/experiment/git/metadata', methods: GET, handler: read.gitMetadata },
  { path: '/experiment/asset/list', methods: GET, handler: assets.assetList },
  { path: '/experiment/asset/get-asset', methods: GET, handler: assets.getAsset },
  { path: '/experiment/model', methods: GET, handler: read.experimentModels },
  { path: '/experiment/model/asset/list', methods: GET, handler: assets.experimentModelAssets },
  { path: '/registry-model', methods: GET, handler: registry.registryModels },
  { path: '/registry-model/count', methods: GET, handler: registry.registryModelCount },
  { path: '/registry-model/details', methods: GET, handler: registry.registryModelDetailsRead },
  { path: '/registry-model/notes', methods: GET, handler: registry.registryModelNotes },
  { path: '/artifacts/get-all', methods: GET, handler: artifacts.allArtifacts },
  { path: '/artifacts/get', methods: GET, handler: artifacts.getArtifact },
  { path: '/artifacts/version', methods: GET, handler: artifacts.artifactVersion },
  { path: '/artifacts/version/files', methods: GET, handler: artifacts.artifactVersionFiles },
];

/** Endpoints of reference §3/§4 that are not emulated: they answer 501 in the Comet error shape. */
export const COMET_NOT_IMPLEMENTED: readonly (string | RegExp)[] = [
  // writes
  '/write/add-workspace-member',
  '/write/project/add-share-link',
  '/write/project/delete-project-share-link',
  '/write/project/symlink',
  '/write/experiment/move',
  '/write/experiment/update-status',
  '/write/experiment/git/patch',
  '/write/experiment/cloud-details',
  '/write/experiment/gpu-metrics',
  '/write/experiment/cpu-metrics',
  '/write/experiment/ram-metrics',
  '/write/experiment/load-metrics',
  '/write/experiment/dependencies',
  '/write/experiment/asset/delete',
  '/write/experiment/upload-asset-start',
  '/write/experiment/upload-asset-complete',
  '/write/artifacts/details',
  '/write/artifacts/version/labels',
  '/write/template/upload',
  '/write/dashboard-template/create',
  '/dashboard-templates/project/upsert',
  // reads
  '/projects/page',
  '/project/get-project-share-links',
  '/experiment/git/patch',
  '/experiment/model/download',
  '/registry-model/latest_version',
  '/registry-model/item/download',
  '/registry-model/item/download-instructions',
  '/artifacts/version/download',
  '/code-panel/get-all',
  '/code-panel/download',
  /^\/template\/[^/]+\/download$/,
];

function isNotImplemented(sub: string): boolean {
  return COMET_NOT_IMPLEMENTED.some((p) => (typeof p === 'string' ? p === sub : p.test(sub)));
}

/** Builds the request handler over a context and the accepted keys. */
export function createRouter(ctx: CometContext, apiKeys: ReadonlySet<string>): EmulatorHandler {
  const byPath = new Map(COMET_ROUTES.map((r) => [r.path, r]));
  return (req: EmulatorRequest): EmulatorResponse => {
    // Clients build URLs as base + "/" + resource; tolerate one trailing slash.
    const path = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    const sub = path.startsWith(`${COMET_API_PREFIX}/`) ? path.slice(COMET_API_PREFIX.length) : undefined;
    const route = sub === undefined ? undefined : byPath.get(sub);
    if (sub === undefined || (!route && !isNotImplemented(sub))) {
      return errorResponse(404, `Not found: ${req.method} ${path}`, SdkErrorCode.none);
    }
    const authError = checkApiKey(req.headers, apiKeys);
    if (authError) return errorResponse(authError.status, authError.message, authError.sdkErrorCode);
    if (!route) return errorResponse(501, `Not implemented by the Switchyard Comet emulator: ${path}`, SdkErrorCode.none);
    if (!route.methods.includes(req.method as Method)) {
      return errorResponse(405, `Method ${req.method} not allowed on ${path}; use ${route.methods.join(' or ')}`);
    }
    // Logged writes whose ingestion delay has passed become visible before this request is served.
    ctx.store.flushIngestion();
    let input: Input | undefined;
    const r: RouteRequest = {
      req,
      ctx,
      origin: `http://${req.headers.host ?? '127.0.0.1'}`,
      input: () => {
        input ??= req.method === 'GET' || route.params === 'query' ? Input.fromQuery(req.query) : Input.fromRequest(req);
        return input;
      },
    };
    try {
      return route.handler(r);
    } catch (err) {
      if (err instanceof CometError) return errorResponse(err.status, err.message, err.sdkErrorCode);
      throw err;
    }
  };
}
