/**
 * Writes, routed by `input.source` or by the id's source instance to that source's contract (DESIGN
 * §3 Mutation). Payloads carry the id that was written; the object itself is read back lazily, so a
 * failed read-back nulls only that field (with an error) and never hides that the write happened.
 */
import { switchyardError } from '../../shared/errors.js';
import { decodeId, type InstanceMap } from '../../shared/ids.js';
import type { TaskStatus } from '../../shared/model.js';
import type { DistributiveOmit, SourceClient } from '../../shared/SourceClient.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import { type IdempotencyLedger, requestFingerprint } from '../../shared/idempotency.js';
import { type CatalogContext, loadOrNull } from './context.js';

interface MetricPointArg {
  readonly name: string;
  readonly variant?: string | null;
  readonly value: number;
  readonly step?: number | null;
  readonly timestamp?: string | null;
}

const opt = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } => (v === null || v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));

export interface MutationDeps {
  /** In-flight locks and first-request fingerprints of idempotency keys. */
  readonly ledger: IdempotencyLedger;
  /** The catalog's budget for one write to `source` (a keyed create's lock outlives it). */
  writeTimeoutMs(source: string): number;
}

export function createMutationResolvers(instances: InstanceMap, clients: ReadonlyMap<string, SourceClient>, deps: MutationDeps) {
  const client = (source: string): SourceClient => {
    const c = clients.get(source);
    if (!c) throw switchyardError('BAD_USER_INPUT', `Unknown source "${source}".`);
    return c;
  };
  /** The source of an id of the given entity, checked. */
  const owner = (id: string, entity: 'Task' | 'Model' | 'Deployment' | 'Node'): SourceClient => {
    const decoded = decodeId(id, instances);
    if (entity !== 'Node' && decoded.spec.entity !== entity) throw switchyardError('BAD_USER_INPUT', `"${id}" is not a ${entity.toLowerCase()} id.`, { id });
    return client(decoded.instance);
  };
  const write = (c: SourceClient, req: DistributiveOmit<WriteRequest, 'instance'>, ctx: CatalogContext): Promise<WriteResponse> => c.write(req, ctx.caller);
  /**
   * A create with an idempotency key: one at a time per key across replicas, and refused when the key
   * was first used for a different request; the source finds the earlier object by the key it stored.
   */
  const keyedWrite = (source: string, req: DistributiveOmit<WriteRequest, 'instance'> & { readonly idempotencyKey?: string }, ctx: CatalogContext): Promise<WriteResponse> => {
    const c = client(source);
    if (req.idempotencyKey === undefined) return write(c, req, ctx);
    const fingerprint = requestFingerprint(req as unknown as Record<string, unknown>);
    return deps.ledger.run({ source, op: req.op, key: req.idempotencyKey, fingerprint, timeoutMs: deps.writeTimeoutMs(source) }, () => write(c, req, ctx));
  };

  return {
    Mutation: {
      createTask: async (_: unknown, { input }: { input: { source: string; project: string; name: string; tags?: string[] | null; idempotencyKey?: string | null } }, ctx: CatalogContext) => {
        if (!input.name.trim() || !input.project.trim()) throw switchyardError('BAD_USER_INPUT', '"name" and "project" must not be empty.');
        const res = await keyedWrite(input.source, { op: 'createTask', project: input.project, name: input.name, ...opt('tags', input.tags), ...opt('idempotencyKey', input.idempotencyKey) }, ctx);
        return { id: res.id };
      },
      logMetrics: async (_: unknown, { taskId, points }: { taskId: string; points: MetricPointArg[] }, ctx: CatalogContext) => {
        const c = owner(taskId, 'Task');
        const res = await write(
          c,
          {
            op: 'logMetrics',
            id: taskId,
            points: points.map((p) => ({ name: p.name, variant: p.variant ?? null, value: p.value, step: p.step ?? null, timestamp: p.timestamp ? Date.parse(p.timestamp) : null })),
          },
          ctx,
        );
        return { accepted: res.accepted ?? 0, rejected: res.rejected ?? [] };
      },
      logParameters: async (_: unknown, { taskId, parameters }: { taskId: string; parameters: { section?: string | null; name: string; value: string }[] }, ctx: CatalogContext) => {
        const res = await write(owner(taskId, 'Task'), { op: 'logParameters', id: taskId, parameters: parameters.map((p) => ({ section: p.section ?? null, name: p.name, value: p.value })) }, ctx);
        return { id: res.id };
      },
      setTaskStatus: async (_: unknown, { taskId, status }: { taskId: string; status: TaskStatus }, ctx: CatalogContext) => ({
        id: (await write(owner(taskId, 'Task'), { op: 'setTaskStatus', id: taskId, status }, ctx)).id,
      }),
      setTaskArchived: async (_: unknown, { taskId, archived }: { taskId: string; archived: boolean }, ctx: CatalogContext) => ({
        id: (await write(owner(taskId, 'Task'), { op: 'setTaskArchived', id: taskId, archived }, ctx)).id,
      }),
      addTags: async (_: unknown, { id, tags }: { id: string; tags: string[] }, ctx: CatalogContext) => ({
        id: (await write(owner(id, 'Node'), { op: 'addTags', id, tags }, ctx)).id,
      }),
      registerModel: async (
        _: unknown,
        { input }: { input: { source: string; project?: string | null; name: string; version?: string | null; framework?: string | null; uri?: string | null; producedBy?: string | null; tags?: string[] | null; idempotencyKey?: string | null } },
        ctx: CatalogContext,
      ) => {
        if (input.producedBy && decodeId(input.producedBy, instances).instance !== input.source) {
          throw switchyardError('BAD_USER_INPUT', '"producedBy" must be a task of the same source.', { id: input.producedBy });
        }
        const res = await keyedWrite(
          input.source,
          {
            op: 'registerModel',
            name: input.name,
            ...opt('project', input.project),
            ...opt('version', input.version),
            ...opt('framework', input.framework),
            ...opt('uri', input.uri),
            ...opt('producedBy', input.producedBy),
            ...opt('tags', input.tags),
            ...opt('idempotencyKey', input.idempotencyKey),
          },
          ctx,
        );
        return { id: res.id };
      },
      pushMetadata: async (_: unknown, a: { source: string; pipeline: string; mlmd: unknown }, ctx: CatalogContext) => {
        if (!a.pipeline.trim()) throw switchyardError('BAD_USER_INPUT', '"pipeline" must not be empty.');
        if (typeof a.mlmd !== 'object' || a.mlmd === null || Array.isArray(a.mlmd)) throw switchyardError('BAD_USER_INPUT', '"mlmd" must be the MLMD JSON object ({"Pipeline": [...]}).');
        const res = await write(client(a.source), { op: 'pushMetadata', pipeline: a.pipeline, mlmd: a.mlmd }, ctx);
        return { status: res.status ?? 'success', pipeline: a.pipeline, ids: res.ids ?? [] };
      },
      createDeployment: async (_: unknown, { input }: { input: { source: string; modelId: string; name?: string | null; placement?: unknown; idempotencyKey?: string | null } }, ctx: CatalogContext) => {
        if (decodeId(input.modelId, instances).instance !== input.source) throw switchyardError('BAD_USER_INPUT', '"modelId" must be a model of the same source.', { id: input.modelId });
        owner(input.modelId, 'Model');
        const res = await keyedWrite(
          input.source,
          { op: 'createDeployment', modelId: input.modelId, ...opt('name', input.name), ...opt('placement', input.placement), ...opt('idempotencyKey', input.idempotencyKey) },
          ctx,
        );
        return { id: res.id };
      },
      deleteDeployment: async (_: unknown, { id }: { id: string }, ctx: CatalogContext) => ({
        id: (await write(owner(id, 'Deployment'), { op: 'deleteDeployment', id }, ctx)).id,
      }),
      predict: async (_: unknown, a: { deploymentId: string; data: unknown; explain: boolean }, ctx: CatalogContext) => {
        const res = await write(owner(a.deploymentId, 'Deployment'), { op: 'predict', deploymentId: a.deploymentId, data: a.data, explain: a.explain }, ctx);
        return { prediction: res.prediction ?? null, explanation: res.explanation ?? null };
      },
      setModelStages: async (_: unknown, { modelId, stages }: { modelId: string; stages: string[] }, ctx: CatalogContext) => ({
        id: (await write(owner(modelId, 'Model'), { op: 'setModelStages', id: modelId, stages }, ctx)).id,
      }),
    },
    PushMetadataPayload: { tasks: (p: { ids: readonly string[] }, _: unknown, ctx: CatalogContext) => Promise.all(p.ids.map((id) => loadOrNull(ctx, id))) },
    TaskPayload: { task: (p: { id: string }, _: unknown, ctx: CatalogContext) => ctx.rows.load(p.id) },
    DeploymentPayload: { deployment: (p: { id: string }, _: unknown, ctx: CatalogContext) => ctx.rows.load(p.id) },
    ModelPayload: { model: (p: { id: string }, _: unknown, ctx: CatalogContext) => ctx.rows.load(p.id) },
    NodePayload: { node: (p: { id: string }, _: unknown, ctx: CatalogContext) => ctx.rows.load(p.id) },
  };
}
