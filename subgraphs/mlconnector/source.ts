/**
 * MLConnector as a source. Upstream has no ordering, no timestamps and no read by id, so everything is
 * served from a per-instance snapshot (DESIGN §5.1): every model (GET /model/all), Northbound's
 * deployment list (GET /deployment/all) and the inference operations of the known owners (operations
 * are only listable by owner). A deployment's model is known when Switchyard created it (the create's
 * answer is remembered, and the Switchyard-chosen id names the model: deploymentIds.ts) or when one of
 * its operations names it; otherwise only its id and status are. MLConnector has no credential, so
 * every principal shares one snapshot per instance, rebuilt after `snapshotTtlMs` or a write.
 */
import type { Clock } from '../shared/clock.js';
import type { ListOrder } from '../shared/sourceContract.js';
import { switchyardError } from '../shared/errors.js';
import { sortSnapshot } from '../shared/snapshot.js';
import type { MLConnectorInstanceConfig } from './config.js';
import { MLConnectorConnector, type MLDeploymentReturnWire } from './connector/index.js';
import { modelOfDeploymentId } from './deploymentIds.js';
import { type DeploymentFacts, mapDeployment, mapModel, mapOperation, type MLConnectorDeploymentView, type MLConnectorModelView, type MLConnectorOperationView } from './mapper/index.js';

export const DEFAULT_OWNER = 'switchyard';
export const SNAPSHOT_TTL_MS = 5_000;

export interface MLConnectorSnapshot {
  readonly models: readonly MLConnectorModelView[];
  readonly deployments: readonly MLConnectorDeploymentView[];
  readonly operations: readonly MLConnectorOperationView[];
  readonly modelsById: ReadonlyMap<string, MLConnectorModelView>;
  readonly deploymentsById: ReadonlyMap<string, MLConnectorDeploymentView>;
  readonly operationsById: ReadonlyMap<string, MLConnectorOperationView>;
  /** Rows sorted under an order (computed once per order). */
  sorted<K extends 'model' | 'deployment'>(kind: K, order: ListOrder): K extends 'model' ? MLConnectorModelView[] : MLConnectorDeploymentView[];
}

export class MLConnectorInstance {
  readonly config: MLConnectorInstanceConfig;
  readonly connector: MLConnectorConnector;
  readonly #clock: Clock;
  /** Deployments created through this subgraph: id → the create's answer. */
  readonly #created = new Map<string, MLDeploymentReturnWire>();
  #snapshot: { readonly at: number; readonly epoch: number; readonly value: Promise<MLConnectorSnapshot> } | undefined;
  #epoch = 0;

  constructor(config: MLConnectorInstanceConfig, clock: Clock) {
    this.config = config;
    this.#clock = clock;
    this.connector = new MLConnectorConnector({
      instance: config.name,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      deployTimeoutMs: config.deployTimeoutMs,
      predictTimeoutMs: config.predictTimeoutMs,
      clock,
      breaker: config.breaker,
      timeouts: config.timeouts,
    });
  }

  get name(): string {
    return this.config.name;
  }

  get fidelity(): 'real' | 'documented' {
    return this.config.fidelity ?? 'real';
  }

  get ownerId(): string {
    return this.config.ownerId ?? DEFAULT_OWNER;
  }

  /** The owners whose operations are read: Switchyard's, the configured ones and those of known creates. */
  owners(): string[] {
    return [...new Set([this.ownerId, ...(this.config.owners ?? []), ...[...this.#created.values()].map((d) => d.ownerid)])];
  }

  /** Remember a deployment created through Switchyard (its model, owner and placement). */
  rememberDeployment(created: MLDeploymentReturnWire): void {
    this.#created.set(created.deployment_id, created);
    this.invalidate();
  }

  forgetDeployment(id: string): void {
    this.#created.delete(id);
    this.invalidate();
  }

  createdDeployment(id: string): MLDeploymentReturnWire | undefined {
    return this.#created.get(id);
  }

  invalidate(): void {
    this.#epoch += 1;
    this.#snapshot = undefined;
  }

  /** The current snapshot (shared by concurrent callers; a failed build is not kept). */
  snapshot(): Promise<MLConnectorSnapshot> {
    const now = this.#clock.now();
    const ttl = this.config.snapshotTtlMs ?? SNAPSHOT_TTL_MS;
    if (this.#snapshot && this.#snapshot.epoch === this.#epoch && now - this.#snapshot.at < ttl) return this.#snapshot.value;
    const epoch = this.#epoch;
    const value = this.#build();
    const entry = { at: now, epoch, value };
    this.#snapshot = entry;
    value.catch(() => {
      if (this.#snapshot === entry) this.#snapshot = undefined;
    });
    return value;
  }

  async #build(): Promise<MLConnectorSnapshot> {
    const name = this.config.name;
    const [modelsWire, statuses, opsWire] = await Promise.all([
      this.connector.models(),
      this.connector.deploymentStatuses(),
      Promise.all(this.owners().map((o) => this.connector.operationsByOwner(o))).then((lists) => lists.flat()),
    ]);
    const models = modelsWire.flatMap((m) => mapModel(m, name) ?? []);
    const operations = [...new Map(opsWire.flatMap((o) => mapOperation(o, name) ?? []).map((o) => [o.operationId, o])).values()];
    const modelFromOps = new Map<string, { model: string | null; owner: string | null }>();
    for (const op of operations) if (op.deploymentNativeId && !modelFromOps.has(op.deploymentNativeId)) modelFromOps.set(op.deploymentNativeId, { model: op.modelNativeId, owner: op.owner });
    const ids = new Set([...statuses.keys(), ...this.#created.keys()]);
    const deployments = [...ids].map((id) => {
      const created = this.#created.get(id);
      const fromOps = modelFromOps.get(id);
      const facts: DeploymentFacts = {
        deploymentId: id,
        status: statuses.get(id) ?? created?.status,
        modelId: created?.modelid ?? modelOfDeploymentId(id) ?? fromOps?.model ?? null,
        ownerId: created?.ownerid ?? fromOps?.owner ?? null,
        placement: created?.placement ?? null,
        raw: { deployment_id: id, status: statuses.get(id) ?? null, ...(created ? { created } : {}) },
      };
      return mapDeployment(facts, name);
    });
    return makeSnapshot(models, deployments, operations);
  }
}

function makeSnapshot(models: MLConnectorModelView[], deployments: MLConnectorDeploymentView[], operations: MLConnectorOperationView[]): MLConnectorSnapshot {
  const sortedCache = new Map<string, unknown>();
  return {
    models,
    deployments,
    operations,
    modelsById: new Map(models.map((m) => [m.id, m])),
    deploymentsById: new Map(deployments.map((d) => [d.id, d])),
    operationsById: new Map(operations.map((o) => [o.id, o])),
    sorted(kind, order) {
      const key = `${kind} ${order}`;
      let hit = sortedCache.get(key);
      if (!hit) {
        hit = kind === 'model' ? sortSnapshot(models, order) : sortSnapshot(deployments, order);
        sortedCache.set(key, hit);
      }
      return hit as never;
    },
  };
}

export class MLConnectorSource {
  readonly instances: readonly MLConnectorInstance[];
  readonly #byName: ReadonlyMap<string, MLConnectorInstance>;

  constructor(configs: readonly MLConnectorInstanceConfig[], clock: Clock) {
    this.instances = configs.map((c) => new MLConnectorInstance(c, clock));
    this.#byName = new Map(this.instances.map((i) => [i.name, i]));
  }

  instance(name: string): MLConnectorInstance {
    const inst = this.#byName.get(name);
    if (!inst) throw switchyardError('BAD_USER_INPUT', `Unknown MLConnector source instance "${name}".`, { source: name });
    return inst;
  }
}
