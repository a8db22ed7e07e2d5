/**
 * Comet as a source: one connector per configured instance, a list snapshot per kind (snapshotSlot.ts)
 * cached per credential, and per-experiment reads (metadata, tags, summaries) cached briefly, so the catalog's
 * listing, its get-by-ids and the gateway's `_entities` call that follows cost as few backend reads as
 * Comet allows. Every key goes through the shared cache under the instance's scope, so a write through
 * Switchyard (`invalidate`) orphans all of it at once.
 */
import type { Clock } from '../shared/clock.js';
import { type CacheScope, credentialFingerprint, type SourceCache } from '../shared/cache.js';
import { errorCodeOf, switchyardError } from '../shared/errors.js';
import { encodeId } from '../shared/ids.js';
import { currentPrincipal } from '../shared/principalToken.js';
import type { CometInstanceConfig } from './config.js';
import type { EntityRowBase } from '../shared/model.js';
import { buildArtifactRows, type CometArtifactView } from './artifactSnapshot.js';
import { CometConnector, type CometProjectWire, type CometQuery, isExperimentWire, isProjectWire, isValueSummaryWire, listOf, tagsOf, workspaceNames } from './connector/index.js';
import { type CometExperimentDetails, type CometExperimentView, type CometModelView, mapExperiment, mapMetricSummaries, mapOthers, mapParameters, withTags } from './mapper/index.js';
import { buildModelRows } from './modelSnapshot.js';
import { buildExperimentRows } from './snapshot.js';
import { type SnapshotContent, SnapshotSlot, type SortedSnapshot } from './snapshotSlot.js';
import { type CredentialFamily, credentialFamily } from '../shared/credentialFamily.js';

/** A snapshot lives this long (design: TTL per kind and state)… */
export const SNAPSHOT_TTL_MS = 30_000;
/** …or this long when it holds a running experiment, whose status and end time move. */
export const SNAPSHOT_RUNNING_TTL_MS = 10_000;
/** Per-experiment reads of a running experiment (metadata, tags, summaries) are kept for seconds only. */
export const RUNNING_TTL_MS = 2_000;
/** Finished experiments change only by writes, which invalidate; the TTL bounds writes that bypass Switchyard. */
export const FINISHED_TTL_MS = 60_000;
/** Workspaces appear on first use (the embedded demo creates them): the list is re-read as often as a snapshot. */
export const WORKSPACES_TTL_MS = SNAPSHOT_RUNNING_TTL_MS;

export type Keyed = Pick<CometExperimentView, 'experimentKey' | 'running'>;

export class CometInstance {
  readonly config: CometInstanceConfig;
  readonly connector: CometConnector;
  readonly scope: CacheScope;
  /** Every experiment the key can see (snapshot.ts). */
  readonly experiments: SnapshotSlot<CometExperimentView>;
  /** Registry versions and experiment models (modelSnapshot.ts). */
  readonly models: SnapshotSlot<CometModelView>;
  /** Experiment assets and artifact versions (artifactSnapshot.ts). */
  readonly artifacts: SnapshotSlot<CometArtifactView>;
  readonly #cache: SourceCache;

  /** Every instance of this source name, one per API key: a write through any drops all their caches. */
  #family: () => readonly CometInstance[] = () => [this];

  /** @param apiKey the API key this instance calls with (snapshots and reads are per key) @default config.apiKey */
  constructor(config: CometInstanceConfig, cache: SourceCache, clock: Clock, apiKey: string = config.apiKey) {
    this.config = config;
    this.#cache = cache;
    this.connector = new CometConnector({
      instance: config.name,
      baseUrl: config.url,
      apiKey,
      clock,
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      breaker: config.breaker,
      timeouts: config.timeouts,
    });
    this.scope = { instance: config.name, fingerprint: credentialFingerprint(apiKey) };
    const slot = <Row extends EntityRowBase>(name: string, build: () => Promise<SnapshotContent<Row>>) =>
      new SnapshotSlot<Row>({ cache, scope: this.scope, clock, name, build, ttlMs: SNAPSHOT_TTL_MS, volatileTtlMs: SNAPSHOT_RUNNING_TTL_MS });
    this.experiments = slot('snapshot', async () => buildExperimentRows({ instance: config.name, connector: this.connector, projects: await this.projects(), webUrl: config.webUrl }));
    this.models = slot('models', () => buildModelRows(this));
    this.artifacts = slot('artifacts', () => buildArtifactRows(this));
  }

  /** The configured workspaces, else every one `/workspaces` names (cached briefly: new ones appear on first use). */
  async workspaces(): Promise<readonly string[]> {
    if (this.config.workspaces) return this.config.workspaces;
    return this.cached('workspaces', WORKSPACES_TTL_MS, async () => workspaceNames(await this.connector.get('workspaces', {}, 'read')));
  }

  /** The projects of the instance's workspaces, each once (cached like the workspace list). */
  async projects(): Promise<readonly CometProjectWire[]> {
    const workspaces = await this.workspaces();
    return this.cached('projects', WORKSPACES_TTL_MS, async () => {
      const perWorkspace = await this.connector.each(workspaces, async (ws) => listOf(await this.connector.get('projects', { workspaceName: ws }, 'read'), 'projects', isProjectWire));
      const byId = new Map<string, CometProjectWire>();
      for (const p of perWorkspace.flat()) if (!byId.has(p.projectId)) byId.set(p.projectId, p);
      return [...byId.values()];
    });
  }

  /** Project names by id. */
  async projectNames(): Promise<ReadonlyMap<string, string>> {
    return new Map((await this.projects()).flatMap((p) => (typeof p.projectName === 'string' ? [[p.projectId, p.projectName] as const] : [])));
  }

  /** The experiment snapshot (built when missing or expired). */
  async snapshot(): Promise<SortedSnapshot<CometExperimentView>> {
    return this.experiments.snapshot();
  }

  /** Read through the instance's cache scope (so `invalidate` drops it). `compute` must not return undefined. */
  async cached<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    return this.#cache.wrap(this.scope, key, ttlMs, compute);
  }

  /**
   * An experiment-scoped read cached per experiment (2 s while it runs, 60 s otherwise); undefined when
   * Comet says the experiment does not exist.
   */
  async experimentRead(path: string, e: Keyed, query: CometQuery = {}): Promise<unknown> {
    const key = `read:${path}:${e.experimentKey}:${JSON.stringify(query)}`;
    const hit = await this.#cache.get<{ readonly body: unknown }>(this.scope, key);
    if (hit) return hit.body;
    const body = await this.readOrAbsent(path, e.experimentKey, query);
    if (body !== undefined) await this.#cache.set(this.scope, key, { body }, ttlFor(e));
    return body;
  }

  /**
   * Experiments by key, in request order (undefined for unknown keys — absent, not an error): the cached
   * snapshot first (a by-id read never builds one), then the per-key cache, then `/experiment/metadata`
   * per missing key, eight in flight. Tags already cached are attached.
   */
  async loadExperiments(keys: readonly string[]): Promise<(CometExperimentView | undefined)[]> {
    const snap = await this.experiments.cached();
    const found = new Map<string, CometExperimentView>();
    for (const key of keys) {
      const row = snap?.get(encodeId({ instance: this.config.name, kind: 'experiment', native: [key] }));
      if (row) found.set(key, row);
    }
    const notInSnapshot = [...new Set(keys.filter((k) => !found.has(k)))];
    const cached = await Promise.all(notInSnapshot.map((k) => this.#cache.get<CometExperimentView>(this.scope, `exp:${k}`)));
    cached.forEach((v, i) => v && found.set(notInSnapshot[i] as string, v));
    const missing = notInSnapshot.filter((k) => !found.has(k));
    const fetched = await this.connector.each(missing, async (key) => {
      const body = await this.readOrAbsent('experiment/metadata', key);
      if (!isExperimentWire(body) || body.experimentKey !== key) return undefined;
      const view = mapExperiment(body, { instance: this.config.name, webUrl: this.config.webUrl });
      await this.#cache.set(this.scope, `exp:${key}`, view, ttlFor(view));
      return view;
    });
    fetched.forEach((v) => v && found.set(v.experimentKey, v));
    const views = await this.attachCachedTags([...found.values()]);
    const byKey = new Map(views.map((v) => [v.experimentKey, v]));
    return keys.map((k) => byKey.get(k));
  }

  /** The views with tags filled in where the cache has them (no backend call). */
  async attachCachedTags<V extends CometExperimentView>(views: readonly V[]): Promise<V[]> {
    const tags = await this.cachedTags(views.map((v) => v.experimentKey));
    return views.map((v, i) => {
      const t = tags[i];
      return v.tags === null && t ? (withTags(v, t) as V) : v;
    });
  }

  /** Cached tags per key (undefined where not cached). */
  async cachedTags(keys: readonly string[]): Promise<(readonly string[] | undefined)[]> {
    return Promise.all(keys.map((k) => this.#cache.get<string[]>(this.scope, `tags:${k}`)));
  }

  /** Cached details (`loadDetails`) per key, undefined where not cached: no backend call. */
  async cachedDetails(keys: readonly string[]): Promise<(CometExperimentDetails | undefined)[]> {
    return Promise.all(keys.map((k) => this.#cache.get<CometExperimentDetails>(this.scope, `details:${k}`)));
  }

  /** `/experiment/tags` per experiment, eight in flight, cached; an experiment gone meanwhile has none. */
  async fetchTags(experiments: readonly Keyed[]): Promise<string[][]> {
    return this.connector.each(experiments, async (e) => {
      const tags = tagsOf(await this.readOrAbsent('experiment/tags', e.experimentKey));
      await this.#cache.set(this.scope, `tags:${e.experimentKey}`, tags, ttlFor(e));
      return tags;
    });
  }

  /**
   * Tags, parameters, metric summaries and log-other values per experiment, in request order (undefined
   * for unknown keys): four calls per experiment not cached, bounded by the connector's limiter.
   */
  async loadDetails(experiments: readonly Keyed[]): Promise<(CometExperimentDetails | undefined)[]> {
    return this.connector.each(experiments, async (e) => {
      const key = e.experimentKey;
      const hit = await this.#cache.get<CometExperimentDetails>(this.scope, `details:${key}`);
      if (hit) return hit;
      const [summary, params, others, tags] = await Promise.all(
        ['experiment/metrics/summary', 'experiment/parameters', 'experiment/log-other', 'experiment/tags'].map((path) => this.readOrAbsent(path, key)),
      );
      if (summary === undefined || params === undefined || others === undefined || tags === undefined) return undefined;
      const details: CometExperimentDetails = {
        tags: tagsOf(tags),
        parameters: mapParameters(listOf(params, 'values', isValueSummaryWire)),
        metrics: mapMetricSummaries(listOf(summary, 'values', isValueSummaryWire)),
        others: mapOthers(listOf(others, 'values', isValueSummaryWire)),
      };
      const ttl = ttlFor(e);
      await this.#cache.set(this.scope, `details:${key}`, details, ttl);
      await this.#cache.set(this.scope, `tags:${key}`, details.tags, ttl);
      return details;
    });
  }

  /** Forget everything cached for this instance (snapshot included): called after writes through Switchyard. */
  async invalidate(): Promise<void> {
    // Under every API key of this source name: what one principal wrote may be visible to another.
    await Promise.all(this.#family().map((i) => i.#invalidateOwn()));
  }

  async #invalidateOwn(): Promise<void> {
    for (const slot of [this.experiments, this.models, this.artifacts]) slot.reset();
    await this.#cache.invalidate(this.scope);
  }

  /** Joins the instances of one source name (CometSource does, at start). */
  setFamily(family: () => readonly CometInstance[]): void {
    this.#family = family;
  }

  /** An experiment-scoped read; undefined when Comet says the experiment does not exist. */
  async readOrAbsent(path: string, key: string, query: CometQuery = {}): Promise<unknown> {
    try {
      return await this.connector.get(path, { ...query, experimentKey: key }, 'read', encodeId({ instance: this.config.name, kind: 'experiment', native: [key] }));
    } catch (err) {
      if (errorCodeOf(err) === 'NOT_FOUND') return undefined;
      throw err;
    }
  }
}

export function ttlFor(e: Pick<CometExperimentView, 'running'>): number {
  return e.running === true ? RUNNING_TTL_MS : FINISHED_TTL_MS;
}

/** Every configured Comet instance, by name. */
export class CometSource {
  /** Per source name: one instance per distinct API key (connector, snapshots, cache scope). */
  readonly #families = new Map<string, CredentialFamily<CometInstance>>();

  constructor(configs: readonly CometInstanceConfig[], cache: SourceCache, clock: Clock) {
    for (const c of configs) {
      const family = credentialFamily(new CometInstance(c, cache, clock), c.apiKey, c.principalApiKeys ?? {}, (key) => key, (key) => new CometInstance(c, cache, clock, key));
      for (const inst of family.members) inst.setFamily(() => family.members);
      this.#families.set(c.name, family);
    }
  }

  /** The instance by name, calling with the current principal's API key when it has one mapped (else the configured one). */
  instance(name: string): CometInstance {
    const family = this.#families.get(name);
    if (!family) throw switchyardError('BAD_USER_INPUT', `Unknown Comet source "${name}".`, { source: name });
    return family.for(currentPrincipal()?.id);
  }

  get instances(): readonly CometInstance[] {
    return [...this.#families.values()].map((f) => f.base);
  }
}
