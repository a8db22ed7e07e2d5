/**
 * `Idempotency-Key` on the /clearml mount's creates (`tasks.create`, `models.create`): the key goes into
 * the object as the system tag the ClearML subgraph uses for GraphQL creates
 * (`switchyard:idempotency=<key>`), so a retry through either surface finds the same object; the look-up
 * is a `*.get_all` on that tag, answered as the create would have answered (`data.id`; `created: false`
 * for a model found again).
 */
import { idempotencyTag, type RawRequest, type RawResponse } from '../../../subgraphs/clearml/index.js';
import { type CreateAdapter, lookupFailure } from '../shared/idempotentCreate.js';
import type { RestRequest } from '../shared/types.js';
import { clearmlError, clearmlOk, type EnvelopeOptions } from './envelope.js';

const CREATES: Readonly<Record<string, { readonly list: string; readonly field: string; readonly found: (id: string) => Record<string, unknown> }>> = {
  'tasks.create': { list: 'tasks.get_all', field: 'tasks', found: (id) => ({ id }) },
  'models.create': { list: 'models.get_all', field: 'models', found: (id) => ({ id, created: false }) },
};

/** The adapter for `endpoint`, or undefined when it is not a create this mount deduplicates. */
export function clearmlCreateAdapter(endpoint: string | undefined, req: RestRequest, env: EnvelopeOptions, forward: (raw: RawRequest) => Promise<RawResponse>): CreateAdapter | undefined {
  const spec = endpoint === undefined ? undefined : CREATES[endpoint];
  if (!spec || endpoint === undefined) return undefined;
  const version = /^\/(v\d+\.\d+)\//.exec(req.path)?.[1];
  const pathOf = (ep: string) => `/${version ? `${version}/` : ''}${ep}`;
  const jsonHeaders = { ...req.headers, 'content-type': 'application/json' };
  return {
    op: endpoint,
    async find(key) {
      const query = { system_tags: [idempotencyTag(key)], only_fields: ['id'], page: 0, page_size: 1, ...(spec.list === 'tasks.get_all' ? { search_hidden: true } : {}) };
      const res = await forward({ method: 'POST', path: pathOf(spec.list), search: '', headers: jsonHeaders, body: Buffer.from(JSON.stringify(query)) });
      if (res.status !== 200) return lookupFailure(res);
      const rows = (JSON.parse(res.body.toString('utf8')) as { data?: Record<string, unknown> }).data?.[spec.field];
      const id = Array.isArray(rows) ? (rows[0] as { id?: unknown } | undefined)?.id : undefined;
      return typeof id === 'string' ? clearmlOk(spec.found(id), env) : undefined;
    },
    async create(key) {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return clearmlError(400, 12, 'Validation error (request body must be a JSON object)', env);
        body = parsed as Record<string, unknown>;
      } catch {
        return clearmlError(400, 0, 'Invalid JSON in request body', env);
      }
      const tags = Array.isArray(body['system_tags']) ? body['system_tags'] : [];
      const withKey = { ...body, system_tags: [...tags, idempotencyTag(key)] };
      const res = await forward({ method: req.method, path: req.path, search: req.search, headers: jsonHeaders, body: Buffer.from(JSON.stringify(withKey)) });
      return { status: res.status, headers: res.headers, body: res.body };
    },
  };
}
