/**
 * One list snapshot per instance, kind and credential (DESIGN §5.1), for a tracker that cannot page in
 * order: the rows are built by a function the caller gives, kept in the shared `SourceCache` under the
 * instance's scope (so `invalidate()` orphans them with everything else), and sorted once per process
 * and order. One rebuild is in flight per slot however many pages wait for it, and a rebuild that
 * started before a write is not stored after it (the slot's epoch moves on `reset`).
 */
import { randomUUID } from 'node:crypto';
import type { CacheScope, SourceCache } from '../shared/cache.js';
import type { Clock } from '../shared/clock.js';
import type { EntityRowBase } from '../shared/model.js';
import { sortSnapshot } from '../shared/snapshot.js';
import type { ListOrder } from '../shared/sourceContract.js';

/** What a build returns: the rows (unsorted) and, when a budget cut the read short, why. */
export interface SnapshotContent<Row> {
  readonly rows: readonly Row[];
  readonly partial?: string | undefined;
  /** True when it holds something that moves on its own (a running experiment): it is kept shorter. */
  readonly volatile?: boolean | undefined;
}

/** What the shared cache holds. */
export interface StoredSnapshot<Row> extends SnapshotContent<Row> {
  readonly token: string;
  readonly builtAt: number;
}

/** A snapshot in memory, with its sorted orders and id index computed once per process. */
export class SortedSnapshot<Row extends EntityRowBase> {
  readonly token: string;
  readonly builtAt: number;
  readonly rows: readonly Row[];
  readonly partial: string | undefined;
  readonly #byId: Map<string, Row>;
  readonly #sorted = new Map<ListOrder, readonly Row[]>();

  constructor(stored: StoredSnapshot<Row>) {
    this.token = stored.token;
    this.builtAt = stored.builtAt;
    this.rows = stored.rows;
    this.partial = stored.partial;
    this.#byId = new Map(stored.rows.map((r) => [r.id, r]));
  }

  /** The rows sorted under the total order of `order` (shared/order.ts), computed on first use. */
  sorted(order: ListOrder): readonly Row[] {
    let rows = this.#sorted.get(order);
    if (!rows) {
      rows = sortSnapshot(this.rows, order);
      this.#sorted.set(order, rows);
    }
    return rows;
  }

  get(id: string): Row | undefined {
    return this.#byId.get(id);
  }
}

export interface SnapshotSlotOptions<Row> {
  readonly cache: SourceCache;
  readonly scope: CacheScope;
  readonly clock: Clock;
  /** Cache key prefix, one per kind (`snapshot`, `models`, `artifacts`). */
  readonly name: string;
  readonly build: () => Promise<SnapshotContent<Row>>;
  /** How long a snapshot lives… */
  readonly ttlMs: number;
  /** …or this long when it is volatile. */
  readonly volatileTtlMs: number;
}

export class SnapshotSlot<Row extends EntityRowBase> {
  readonly #o: SnapshotSlotOptions<Row>;
  /** The last snapshot this process deserialised, so a page does not re-read it from the cache. */
  #memo: SortedSnapshot<Row> | undefined;
  #building: Promise<SortedSnapshot<Row>> | undefined;
  #epoch = 0;

  constructor(options: SnapshotSlotOptions<Row>) {
    this.#o = options;
  }

  /** The cached snapshot, rebuilt when it expired or was invalidated. */
  async snapshot(): Promise<SortedSnapshot<Row>> {
    const cached = await this.cached();
    if (cached) return cached;
    this.#building ??= this.#rebuild().finally(() => {
      this.#building = undefined;
    });
    return this.#building;
  }

  /** The cached snapshot if there is one; never builds. */
  async cached(): Promise<SortedSnapshot<Row> | undefined> {
    const { cache, scope, name } = this.#o;
    // The token is a few bytes: checking it first spares deserialising the whole snapshot on every page.
    const token = await cache.get<string>(scope, `${name}:token`);
    if (token === undefined) return undefined;
    if (this.#memo?.token === token) return this.#memo;
    const stored = await cache.get<StoredSnapshot<Row>>(scope, name);
    if (stored?.token !== token) return undefined;
    this.#memo = new SortedSnapshot(stored);
    return this.#memo;
  }

  /** Forget the in-process copy; a build running now is not stored. (The cache entry goes with the scope.) */
  reset(): void {
    this.#epoch += 1;
    this.#memo = undefined;
  }

  async #rebuild(): Promise<SortedSnapshot<Row>> {
    const { cache, scope, name, clock } = this.#o;
    const epoch = this.#epoch;
    const content = await this.#o.build();
    const stored: StoredSnapshot<Row> = { token: randomUUID(), builtAt: clock.now(), rows: content.rows, ...(content.partial !== undefined ? { partial: content.partial } : {}) };
    const snap = new SortedSnapshot(stored);
    if (epoch === this.#epoch) {
      const ttl = content.volatile === true ? this.#o.volatileTtlMs : this.#o.ttlMs;
      await cache.set(scope, name, stored, ttl);
      await cache.set(scope, `${name}:token`, stored.token, ttl);
      this.#memo = snap;
    }
    return snap;
  }
}
