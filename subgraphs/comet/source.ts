/**
 * Comet as a source: one connector per configured instance, the list snapshot (snapshot.ts) cached per
 * credential, and per-experiment reads (metadata, tags, summaries) cached briefly, so the catalog's
 * listing, its get-by-ids and the gateway's `_entities` call that follows cost as few backend reads as
 * Comet allows. Every key goes through the shared cache under the instance's scope, so a write through
 * Switchyard (`invalidate`) orphans all of it at once.
 */
import type { Clock } from '../shared/clock.js';
import { type CacheScope, credentialFingerprint, type SourceCache } from '../shared/cache.js';
import { errorCodeOf, switchyardError } from '../shared/errors.js';
import { encodeId } from '../shared/ids.js';
import type { CometInstanceConfig } from './config.js';
import { CometConnector, type CometQuery, isExperimentWire, isValueSummaryWire, listOf, tagsOf } from './connector/index.js';
import { type CometExperimentDetails, type CometExperimentView, mapExperiment, mapMetricSummaries, mapOthers, mapParameters, withTags } from './mapper/index.js';
import { buildSnapshot, CometSnapshot, type StoredSnapshot } from './snapshot.js';

/** A snapshot lives this long (design: TTL per kind and state)… */
export const SNAPSHOT_TTL_MS = 30_000;
/** …or this long when it holds a running experiment, whose status and end time move. */
export const SNAPSHOT_RUNNING_TTL_MS = 10_000;
/** Per-experiment reads of a running experiment (metadata, tags, summaries) are kept for seconds only. */
export const RUNNING_TTL_MS = 2_000;
/** Finished experiments change only by writes, which invalidate; the TTL bounds writes that bypass Switchyard. */
export const FINISHED_TTL_MS = 60_000;

type Keyed = Pick<CometExperimentView, 'experimentKey' | 'running'>;

export class CometInstance {
  readonly config: CometInstanceConfig;
  readonly connector: CometConnector;
  readonly scope: CacheScope;
  readonly #cache: SourceCache;
  readonly #clock: Clock;
  /** The last snapshot this process deserialised, so a page does not re-read it from the cache. */
  #memo: CometSnapshot | undefined;
  /** One rebuild in flight per instance, however many pages wait for it. */
  #building: Promise<CometSnapshot> | undefined;
  /** Bumped by `invalidate`: a rebuild that started before a write must not be stored after it. */
  #epoch = 0;

  constructor(config: CometInstanceConfig, cache: SourceCache, clock: Clock) {
    this.config = config;
    this.#cache = cache;
    this.#clock = clock;
    this.connector = new CometConnector({
      instance: config.name,
      baseUrl: config.url,
      apiKey: config.apiKey,
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    });
    this.scope = { instance: config.name, fingerprint: credentialFingerprint(config.apiKey) };
  }

  /** The cached snapshot, rebuilt when it expired or was invalidated. */
  async snapshot(): Promise<CometSnapshot> {
    const cached = await this.cachedSnapshot();
    if (cached) return cached;
    this.#building ??= this.#rebuild().finally(() => {
      this.#building = undefined;
    });
    return this.#building;
  }

  /** The cached snapshot if there is one; never reads Comet. */
  async cachedSnapshot(): Promise<CometSnapshot | undefined> {
    // The token is a few bytes: checking it first spares deserialising the whole snapshot on every page.
    const token = await this.#cache.get<string>(this.scope, 'snapshot:token');
    if (token === undefined) return undefined;
    if (this.#memo?.token === token) return this.#memo;
    const stored = await this.#cache.get<StoredSnapshot>(this.scope, 'snapshot');
    if (stored?.token !== token) return undefined;
    this.#memo = new CometSnapshot(stored);
    return this.#memo;
  }

  async #rebuild(): Promise<CometSnapshot> {
    const epoch = this.#epoch;
    const stored = await buildSnapshot({ instance: this.config.name, connector: this.connector, workspaces: this.config.workspaces, webUrl: this.config.webUrl, now: this.#clock.now() });
    const snap = new CometSnapshot(stored);
    if (epoch === this.#epoch) {
      const ttl = snap.hasRunning ? SNAPSHOT_RUNNING_TTL_MS : SNAPSHOT_TTL_MS;
      await this.#cache.set(this.scope, 'snapshot', stored, ttl);
      await this.#cache.set(this.scope, 'snapshot:token', stored.token, ttl);
      this.#memo = snap;
    }
    return snap;
  }

  /**
   * Experiments by key, in request order (undefined for unknown keys — absent, not an error): the cached
   * snapshot first (a by-id read never builds one), then the per-key cache, then `/experiment/metadata`
   * per missing key, eight in flight. Tags already cached are attached.
   */
  async loadExperiments(keys: readonly string[]): Promise<(CometExperimentView | undefined)[]> {
    const snap = await this.cachedSnapshot();
    const found = new Map<string, CometExperimentView>();
    for (const key of keys) {
      const row = snap?.get(key);
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
    this.#epoch += 1;
    this.#memo = undefined;
    await this.#cache.invalidate(this.scope);
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

function ttlFor(e: Pick<CometExperimentView, 'running'>): number {
  return e.running === true ? RUNNING_TTL_MS : FINISHED_TTL_MS;
}

/** Every configured Comet instance, by name. */
export class CometSource {
  readonly #instances = new Map<string, CometInstance>();

  constructor(configs: readonly CometInstanceConfig[], cache: SourceCache, clock: Clock) {
    for (const c of configs) this.#instances.set(c.name, new CometInstance(c, cache, clock));
  }

  instance(name: string): CometInstance {
    const found = this.#instances.get(name);
    if (!found) throw switchyardError('BAD_USER_INPUT', `Unknown Comet source "${name}".`, { source: name });
    return found;
  }

  get instances(): readonly CometInstance[] {
    return [...this.#instances.values()];
  }
}
