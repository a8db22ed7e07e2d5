/**
 * `Idempotency-Key` on the /mlconnector mount's creates, with the keys the MLConnector subgraph uses
 * for GraphQL creates, so a retry through either surface finds the same object:
 * - `POST /model/add`: the model tag `switchyard.idempotency:<key>`, found again with `/model/search`
 *   (tag overlap) and answered as the create answers (201, the `MLModel`);
 * - `POST /deployment/add`: the `deployment_id` Switchyard derives from the model and the key, found again
 *   with `/deployment/get/status/{id}` and answered 201 with `MLDeploymentReturn` as created (status
 *   `waiting`; its progress since is read with the status route, as after any create).
 */
import { chooseDeploymentId, MLCONNECTOR_IDEMPOTENCY_TAG, type RawRequest, type RawResponse } from '../../../subgraphs/mlconnector/index.js';
import { type CreateAdapter, jsonObjectBody, lookupFailure } from '../shared/idempotentCreate.js';
import { jsonResponse, type RestRequest, type RestResponse } from '../shared/types.js';

type Forward = (raw: RawRequest) => Promise<RawResponse>;

export function mlconnectorCreateAdapter(req: RestRequest, forward: Forward): CreateAdapter | undefined {
  if (req.method !== 'POST') return undefined;
  const body = jsonObjectBody(req.body);
  if (req.path === '/model/add') return modelAdapter(req, body, forward);
  if (req.path === '/deployment/add') return deploymentAdapter(req, body, forward);
  return undefined;
}

function modelAdapter(req: RestRequest, body: Record<string, unknown> | undefined, forward: Forward): CreateAdapter {
  return {
    op: 'model.add',
    async find(key) {
      const search = `?${new URLSearchParams({ tags: `${MLCONNECTOR_IDEMPOTENCY_TAG}${key}` }).toString()}`;
      const res = await forward({ method: 'GET', path: '/model/search', search, headers: {}, body: Buffer.alloc(0) });
      // Upstream's 404 is "none"; anything else but a 200 is no answer (see lookupFailure).
      if (res.status === 404) return undefined;
      if (res.status !== 200) return lookupFailure(res);
      const rows: unknown = JSON.parse(res.body.toString('utf8'));
      return Array.isArray(rows) && rows.length > 0 ? jsonResponse(201, rows[0]) : undefined;
    },
    create: (key) => send(req, body && { ...body, modeltags: [...(Array.isArray(body['modeltags']) ? body['modeltags'] : []), `${MLCONNECTOR_IDEMPOTENCY_TAG}${key}`] }, forward),
  };
}

function deploymentAdapter(req: RestRequest, body: Record<string, unknown> | undefined, forward: Forward): CreateAdapter {
  const modelid = typeof body?.['modelid'] === 'string' ? body['modelid'] : undefined;
  const given = typeof body?.['deployment_id'] === 'string' && body['deployment_id'] !== '' ? body['deployment_id'] : undefined;
  const idFor = (key: string) => given ?? (modelid === undefined ? undefined : chooseDeploymentId(modelid, key));
  return {
    op: 'deployment.add',
    async find(key) {
      const id = idFor(key);
      if (id === undefined || body === undefined) return undefined;
      const res = await forward({ method: 'GET', path: `/deployment/get/status/${encodeURIComponent(id)}`, search: '', headers: {}, body: Buffer.alloc(0) });
      // Upstream's 404 is "none"; anything else but a 200 is no answer (see lookupFailure).
      if (res.status === 404) return undefined;
      if (res.status !== 200) return lookupFailure(res);
      return jsonResponse(201, { modelid: body['modelid'], ownerid: body['ownerid'], placement: body['placement'], deployment_id: id, status: 'waiting' });
    },
    create: (key) => send(req, body && { ...body, deployment_id: idFor(key) }, forward),
  };
}

/** The create with the key carried in `body`; a body that is not a JSON object goes as sent (MLConnector answers it). */
async function send(req: RestRequest, body: Record<string, unknown> | undefined, forward: Forward): Promise<RestResponse> {
  const raw = body === undefined ? req.body : Buffer.from(JSON.stringify(body));
  const res = await forward({ method: req.method, path: req.path, search: req.search, headers: { ...req.headers, 'content-type': 'application/json' }, body: raw });
  return { status: res.status, headers: res.headers, body: res.body };
}
