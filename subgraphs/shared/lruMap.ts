/**
 * A Map that keeps at most `max` entries, evicting the least recently used: the in-memory store behind
 * keyv. (Map iterates in insertion order, so re-inserting on read makes the first key the oldest.)
 */
export class LruMap<K, V> extends Map<K, V> {
  readonly #max: number;

  constructor(max: number) {
    super();
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`LruMap max must be a positive integer; got ${max}`);
    this.#max = max;
  }

  override get(key: K): V | undefined {
    if (!super.has(key)) return undefined;
    const value = super.get(key) as V;
    super.delete(key);
    super.set(key, value);
    return value;
  }

  override set(key: K, value: V): this {
    if (super.has(key)) super.delete(key);
    super.set(key, value);
    while (this.size > this.#max) {
      const oldest = this.keys().next();
      if (oldest.done) break;
      super.delete(oldest.value);
    }
    return this;
  }
}
