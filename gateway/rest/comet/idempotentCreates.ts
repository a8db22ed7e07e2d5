/**
 * `Idempotency-Key` on the /comet mount's `POST /write/experiment/create`, with the key the Comet
 * subgraph uses for GraphQL creates: the log-other `switchyard.idempotencyKey`, found again with
 * `POST /project/query` in the request's workspace and project (archived experiments too) and answered
 * as the create answers (`experimentKey`, `workspaceName`, `projectName`, `link`). Comet needs two calls
 * (create, then log the key): a failure between them leaves an experiment a retry cannot find — the same
 * gap as for GraphQL creates (README "Idempotent writes").
 */
import { COMET_IDEMPOTENCY_OTHER, type RawRequest, type RawResponse } from '../../../subgraphs/comet/index.js';
import { type CreateAdapter, jsonObjectBody, lookupFailure } from '../shared/idempotentCreate.js';
import { jsonResponse, type RestRequest, type RestResponse } from '../shared/types.js';

const CREATE_PATH = '/api/rest/v2/write/experiment/create';

type Forward = (raw: RawRequest) => Promise<RawResponse>;

export function cometCreateAdapter(req: RestRequest, forward: Forward): CreateAdapter | undefined {
  if (req.method !== 'POST' || req.path.replace(/\/+$/, '') !== CREATE_PATH) return undefined;
  const body = jsonObjectBody(req.body);
  const workspaceName = typeof body?.['workspaceName'] === 'string' ? body['workspaceName'] : undefined;
  const projectName = typeof body?.['projectName'] === 'string' ? body['projectName'] : undefined;
  const post = (path: string, value: unknown) => forward({ method: 'POST', path: `/api/rest/v2/${path}`, search: '', headers: { ...req.headers, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) });
  return {
    op: 'experiment.create',
    async find(key) {
      if (workspaceName === undefined || projectName === undefined) return undefined;
      const rule = { id: COMET_IDEMPOTENCY_OTHER, field: COMET_IDEMPOTENCY_OTHER, type: 'string', operator: 'equal', value: key };
      const predicates = [{ source: 'log_other', query: { condition: 'AND', rules: [rule], valid: true } }];
      for (const archived of [false, true]) {
        const res = await post('project/query', { workspaceName, projectName, predicates, archived });
        // No such project yet (a 4xx): nothing was created with this key; a 5xx is no answer at all.
        if (res.status >= 500) return lookupFailure(res);
        if (res.status !== 200) return undefined;
        const keys = (JSON.parse(res.body.toString('utf8')) as { experimentKeys?: unknown }).experimentKeys;
        const found = Array.isArray(keys) ? keys.find((k): k is string => typeof k === 'string' && k !== '') : undefined;
        if (found) return jsonResponse(200, { experimentKey: found, workspaceName, projectName, link: linkOf(req, workspaceName, projectName, found) });
      }
      return undefined;
    },
    async create(key): Promise<RestResponse> {
      const res = await forward({ method: req.method, path: req.path, search: req.search, headers: req.headers, body: req.body });
      const created = res.status === 200 ? jsonObjectBody(res.body) : undefined;
      const experimentKey = created?.['experimentKey'];
      if (typeof experimentKey === 'string' && experimentKey !== '') {
        const logged = await post('write/experiment/log-other', { experimentKey, key: COMET_IDEMPOTENCY_OTHER, value: key });
        // The experiment exists but carries no key: say so rather than answer a success a retry cannot repeat.
        if (logged.status >= 300) return jsonResponse(502, { code: 502, msg: `Switchyard: experiment ${experimentKey} was created but its Idempotency-Key could not be stored`, sdk_error_code: 0 });
      }
      return { status: res.status, headers: res.headers, body: res.body };
    },
  };
}

/** Comet's experiment page, as its create answers it (reference/comet.md: `https://www.comet.com/<ws>/<project>/<key>`). */
function linkOf(_req: RestRequest, workspaceName: string, projectName: string, key: string): string {
  return `https://www.comet.com/${encodeURIComponent(workspaceName)}/${encodeURIComponent(projectName)}/${key}`;
}
