/** DESIGN §5.1's bound on backend calls in flight for one fan-out. */
export const MAX_IN_FLIGHT = 8;

/**
 * `fn` over `items`, `size` at a time (a chunk starts when the previous one has finished), results in
 * input order. For the few per-object calls ClearML needs (scalar series, console logs).
 */
export async function inChunks<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, size = MAX_IN_FLIGHT): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(...(await Promise.all(items.slice(start, start + size).map((item, k) => fn(item, start + k)))));
  }
  return out;
}
