/**
 * Semantic versions, as Comet's registry and artifacts use them (reference §3.4, §3.5, §5.8: "versions are semver
 * strings"). Only the syntax and the precedence order are needed.
 */

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function isSemver(v: string): boolean {
  return SEMVER.test(v);
}

function parts(v: string): { nums: [number, number, number]; pre: string[] } {
  const m = SEMVER.exec(v);
  if (!m) return { nums: [0, 0, 0], pre: [] };
  return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] === undefined ? [] : m[4].split('.') };
}

/** Semver precedence: negative when a < b. Build metadata is ignored; a pre-release sorts before its release. */
export function compareSemver(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa.pre.length === 0 || pb.pre.length === 0) return pb.pre.length - pa.pre.length;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined) {
      if (nx !== ny) return nx - ny;
    } else if (nx !== undefined) return -1;
    else if (ny !== undefined) return 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The highest of some versions, or undefined when there are none. */
export function highestSemver<T>(items: readonly T[], version: (t: T) => string): T | undefined {
  let best: T | undefined;
  for (const t of items) if (best === undefined || compareSemver(version(t), version(best)) > 0) best = t;
  return best;
}
