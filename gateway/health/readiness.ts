/**
 * /readyz: ready when the gateway can answer a query through the catalog, even if some sources are
 * degraded; the body carries each source's status so operators see which.
 */
import type { OperationRunner } from '../rest/shared/operationRunner.js';

export interface Readiness {
  readonly ready: boolean;
  readonly sources: readonly { readonly name: string; readonly status: string }[];
  readonly error?: string;
}

export async function readiness(run: OperationRunner, requestId: string): Promise<Readiness> {
  try {
    const res = await run('{ sources { name status } }', {}, { id: 'system:readyz', roles: ['system'] }, requestId);
    const sources = (res.data?.['sources'] ?? null) as { name: string; status: string }[] | null;
    if (!sources) return { ready: false, sources: [], error: res.errors[0]?.message ?? 'no answer' };
    return { ready: true, sources };
  } catch (err) {
    return { ready: false, sources: [], error: err instanceof Error ? err.message : 'failed' };
  }
}
