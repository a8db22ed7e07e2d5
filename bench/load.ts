/** A bounded closed-loop load on loopback: `concurrency` clients, each sending the next request when the last answered. */
export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly latenciesMs: readonly number[];
}

export async function closedLoop(send: () => Promise<boolean>, concurrency: number, until: () => boolean, maxRequests = 100_000): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const worker = async () => {
    while (!until() && sent < maxRequests) {
      sent += 1;
      const t = performance.now();
      const ok = await send().catch(() => false);
      latencies.push(performance.now() - t);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: latencies.length, errors, latenciesMs: latencies };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
