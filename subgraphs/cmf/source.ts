/**
 * CMF as a source. CMF's complete read is a whole-pipeline pull in every generation, so one pull per
 * pipeline answers every field of that pipeline: requests reach pulls through a per-request loader
 * keyed by pipeline (pipelineLoader.ts), and pulls are kept in the shared cache (pullCache.ts):
 * - generation A (no delta pull): for PULL_TTL_MS;
 * - B and C: for VALIDATED_PULL_TTL_MS, but once a pull is older than REVALIDATE_AFTER_MS, one global
 *   delta pull (`last_sync_time` = the oldest stale pull's newest server time) says which of the stale
 *   pipelines changed: those are pulled again, the others are fresh again.
 * Concurrent requests share one pull per pipeline; pulls are bounded by the connector (≤ 8 in flight).
 * CMF has no credential, so every principal reads the same data: the cache scope is the instance's
 * URL fingerprint (DESIGN §7's fingerprint of the backend credential, which here is "none").
 */
import { randomUUID } from 'node:crypto';
import type { CacheScope, SourceCache } from '../shared/cache.js';
import { credentialFingerprint } from '../shared/cache.js';
import type { Clock } from '../shared/clock.js';
import { errorCodeOf, switchyardError } from '../shared/errors.js';
import type { CmfInstanceConfig } from './config.js';
import { CmfConnector } from './connector/index.js';
import { type CmfPipelineData, mapPipelines } from './mapper/index.js';
import { type PulledPipeline, PullCache } from './pullCache.js';

/** Generation A: how long a pull is served without asking CMF again. */
export const PULL_TTL_MS = 30_000;
/** Generations B/C: how long a pull is kept at most… */
export const VALIDATED_PULL_TTL_MS = 300_000;
/** …and after how long the delta pull is asked whether it changed. */
export const REVALIDATE_AFTER_MS = 5_000;
/** The pipeline list (a push through Switchyard drops it at once). */
export const PIPELINES_TTL_MS = 5_000;

export class CmfInstance {
  readonly config: CmfInstanceConfig;
  readonly connector: CmfConnector;
  readonly scope: CacheScope;
  readonly #pulls: PullCache;
  readonly #inFlight = new Map<string, Promise<PulledPipeline>>();
  /** Moves on every invalidation, so a pull that started before one is not stored after it. */
  #epoch = 0;

  constructor(config: CmfInstanceConfig, cache: SourceCache, clock: Clock) {
    this.config = config;
    this.connector = new CmfConnector({
      instance: config.name,
      baseUrl: config.url,
      clock,
      timeoutMs: config.timeoutMs,
      generation: config.generation,
      breaker: config.breaker,
      timeouts: config.timeouts,
    });
    this.scope = { instance: config.name, fingerprint: credentialFingerprint('cmf:no-credential', config.url) };
    this.#pulls = new PullCache(cache, this.scope);
  }

  /** Every pipeline name (`/pipelines`, cached briefly). */
  async pipelines(): Promise<readonly string[]> {
    const cached = await this.#pulls.pipelines();
    if (cached) return cached;
    const names = await this.connector.pipelines();
    await this.#pulls.setPipelines(names, PIPELINES_TTL_MS);
    return names;
  }

  /** The pipelines by name, in order: cached pulls (revalidated on B/C), the rest pulled. */
  async load(names: readonly string[]): Promise<PulledPipeline[]> {
    const cached = await Promise.all(names.map((n) => this.#pulls.get(n)));
    // A failed probe (CMF down) still lets cached pulls answer; only what must be pulled fails.
    const generation = await this.connector.layout().then(
      (l) => l.generation,
      () => undefined,
    );
    const stale: PulledPipeline[] = [];
    if (generation !== 'A' && generation !== undefined) {
      const fresh = await Promise.all(cached.map((c) => (c ? this.#pulls.isFresh(c.name) : Promise.resolve(false))));
      cached.forEach((c, i) => c && !fresh[i] && stale.push(c));
    }
    const changed = await this.#changed(stale);
    return Promise.all(names.map((n, i) => {
      const hit = cached[i];
      return hit && !changed.has(n) ? hit : this.#pullShared(n);
    }));
  }

  /** After a write through Switchyard: that pipeline (and the pipeline list) are read again. */
  async invalidatePipeline(name: string): Promise<void> {
    this.#epoch += 1;
    await this.#pulls.drop(name, VALIDATED_PULL_TTL_MS);
  }

  /** Forget everything cached for this instance. */
  async invalidate(): Promise<void> {
    this.#epoch += 1;
    await this.#pulls.clear();
  }

  /**
   * Which stale pulls changed on the server, by one delta pull; the unchanged ones are marked fresh.
   * A pull without a watermark, or a failed delta pull, counts as changed (it is simply pulled again).
   */
  async #changed(stale: readonly PulledPipeline[]): Promise<Set<string>> {
    const out = new Set<string>();
    const marks = stale.map((p) => (p.data ? p.data.watermark : null));
    if (stale.length === 0) return out;
    if (marks.some((m) => m === null)) return new Set(stale.map((p) => p.name));
    let delta: CmfPipelineData[];
    try {
      const doc = await this.connector.changedSince(Math.min(...(marks as number[])));
      delta = doc ? mapPipelines(doc, this.config.name) : [];
    } catch {
      return new Set(stale.map((p) => p.name));
    }
    const newest = new Map(delta.map((d) => [d.pipeline, d.watermark]));
    for (const [i, p] of stale.entries()) {
      const has = newest.get(p.name);
      if (has === undefined || (has !== null && has <= (marks[i] ?? 0))) await this.#pulls.markFresh(p.name, REVALIDATE_AFTER_MS);
      else out.add(p.name);
    }
    return out;
  }

  /** One pull per pipeline however many requests wait for it. */
  #pullShared(name: string): Promise<PulledPipeline> {
    let p = this.#inFlight.get(name);
    if (!p) {
      p = this.#pull(name).finally(() => this.#inFlight.delete(name));
      this.#inFlight.set(name, p);
    }
    return p;
  }

  async #pull(name: string): Promise<PulledPipeline> {
    const epoch = this.#epoch;
    let data: CmfPipelineData | null;
    try {
      const doc = await this.connector.pull(name);
      data = mapPipelines(doc, this.config.name).find((d) => d.pipeline === name) ?? null;
    } catch (err) {
      if (errorCodeOf(err) !== 'NOT_FOUND') throw err;
      data = null;
    }
    const { generation } = await this.connector.layout();
    const ttl = generation === 'A' ? PULL_TTL_MS : VALIDATED_PULL_TTL_MS;
    if (epoch !== this.#epoch) return { token: `unstored:${randomUUID()}`, name, data };
    const stored = await this.#pulls.set(name, data, ttl);
    if (generation !== 'A') await this.#pulls.markFresh(name, REVALIDATE_AFTER_MS);
    return stored;
  }
}

/** Every configured CMF instance, by name. */
export class CmfSource {
  readonly #instances = new Map<string, CmfInstance>();

  constructor(configs: readonly CmfInstanceConfig[], cache: SourceCache, clock: Clock) {
    for (const c of configs) this.#instances.set(c.name, new CmfInstance(c, cache, clock));
  }

  instance(name: string): CmfInstance {
    const found = this.#instances.get(name);
    if (!found) throw switchyardError('BAD_USER_INPUT', `Unknown CMF source "${name}".`, { source: name });
    return found;
  }

  get instances(): readonly CmfInstance[] {
    return [...this.#instances.values()];
  }
}
