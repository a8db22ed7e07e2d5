/**
 * Iteration order of a CPython `set` of small non-negative ints. The CMF server builds lineage parent lists with
 * `list(set(ids))` (server/app/query_*_d3tree.py), so the order clients see is CPython's hash-table order, not
 * insertion order. This replays CPython's `set_add_entry` (hash(n) = n, linear probes of 9, perturbation shift 5,
 * resize to 4 × used when 3/5 full), which is enough for MLMD's positive integer ids.
 */
const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5;
const MIN_SIZE = 8;

function insertClean(table: (number | undefined)[], mask: number, key: number): void {
  let perturb = key;
  let i = key & mask;
  for (;;) {
    const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    for (let j = 0; j <= probes; j++) {
      if (table[i + j] === undefined) {
        table[i + j] = key;
        return;
      }
    }
    perturb = Math.floor(perturb / 2 ** PERTURB_SHIFT);
    i = (i * 5 + 1 + perturb) & mask;
  }
}

/** The order in which CPython iterates `set(ids)` (ids inserted in the given order; duplicates dropped). */
export function pySetOrder(ids: readonly number[]): number[] {
  let mask = MIN_SIZE - 1;
  let table: (number | undefined)[] = new Array<number | undefined>(MIN_SIZE);
  let used = 0;
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`pySetOrder: ${id} is not a non-negative int`);
    seen.add(id);
    insertClean(table, mask, id);
    used += 1;
    if (used * 5 >= mask * 3) {
      let size = MIN_SIZE;
      while (size <= used * 4) size *= 2;
      const old = table;
      mask = size - 1;
      table = new Array<number | undefined>(size);
      for (const k of old) if (k !== undefined) insertClean(table, mask, k);
    }
  }
  return table.filter((k): k is number => k !== undefined);
}
