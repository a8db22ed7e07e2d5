/**
 * Where one CMF instance's pulls live between requests: the shared `SourceCache` (so replicas share
 * them; Redis when configured) under the instance's scope, plus an in-process copy checked by a small
 * token key, so a request does not deserialise a whole pipeline it already holds. Keys per pipeline:
 * `pull:<p>` (the mapped pipeline, null when CMF has no such pipeline), `pull:<p>:token` ('' once
 * invalidated), `fresh:<p>` (set while a B/C pull needs no revalidation); and `pipelines`.
 */
import { randomUUID } from 'node:crypto';
import type { CacheScope, SourceCache } from '../shared/cache.js';
import type { CmfPipelineData } from './mapper/index.js';

/** A pull as the instance hands it out: `token` changes with every pull, so memos can key on it. */
export interface PulledPipeline {
  readonly token: string;
  readonly name: string;
  /** null: CMF has no pipeline of that name. */
  readonly data: CmfPipelineData | null;
}

export class PullCache {
  readonly #cache: SourceCache;
  readonly #scope: CacheScope;
  readonly #memo = new Map<string, PulledPipeline>();

  constructor(cache: SourceCache, scope: CacheScope) {
    this.#cache = cache;
    this.#scope = scope;
  }

  /** The cached pull, or undefined (never cached, expired or invalidated). */
  async get(name: string): Promise<PulledPipeline | undefined> {
    const token = await this.#cache.get<string>(this.#scope, `pull:${name}:token`);
    if (!token) return undefined;
    const memo = this.#memo.get(name);
    if (memo?.token === token) return memo;
    const stored = await this.#cache.get<PulledPipeline>(this.#scope, `pull:${name}`);
    if (stored?.token !== token) return undefined;
    this.#memo.set(name, stored);
    return stored;
  }

  /** Store a fresh pull for `ttlMs`; returns it with its token. */
  async set(name: string, data: CmfPipelineData | null, ttlMs: number): Promise<PulledPipeline> {
    const stored: PulledPipeline = { token: randomUUID(), name, data };
    await this.#cache.set(this.#scope, `pull:${name}`, stored, ttlMs);
    await this.#cache.set(this.#scope, `pull:${name}:token`, stored.token, ttlMs);
    this.#memo.set(name, stored);
    return stored;
  }

  /** A pull that needs no revalidation yet. */
  async isFresh(name: string): Promise<boolean> {
    return (await this.#cache.get<number>(this.#scope, `fresh:${name}`)) === 1;
  }

  async markFresh(name: string, ttlMs: number): Promise<void> {
    await this.#cache.set(this.#scope, `fresh:${name}`, 1, ttlMs);
  }

  /** Forget one pipeline's pull (and the pipeline list, which a push may have grown). */
  async drop(name: string, ttlMs: number): Promise<void> {
    this.#memo.delete(name);
    await this.#cache.set(this.#scope, `pull:${name}:token`, '', ttlMs);
    await this.#cache.set(this.#scope, `fresh:${name}`, 0, ttlMs);
    await this.#cache.set(this.#scope, 'pipelines', null, ttlMs);
  }

  async pipelines(): Promise<readonly string[] | undefined> {
    return (await this.#cache.get<string[] | null>(this.#scope, 'pipelines')) ?? undefined;
  }

  async setPipelines(names: readonly string[], ttlMs: number): Promise<void> {
    await this.#cache.set(this.#scope, 'pipelines', names, ttlMs);
  }

  /** Forget everything of the instance. */
  async clear(): Promise<void> {
    this.#memo.clear();
    await this.#cache.invalidate(this.#scope);
  }
}
