/** `sources`: every configured source with its health and capabilities, one capabilities call per subgraph. */
import type { Clock } from '../../shared/clock.js';
import { errorCodeOf } from '../../shared/errors.js';
import type { TrackerKind } from '../../shared/ids.js';
import { type Capability, type CapabilitiesResponse, FILTER_FIELDS } from '../../shared/sourceContract.js';
import type { CatalogConfig } from '../config.js';
import type { CallerContext, SourceClient } from '../../shared/SourceClient.js';
import type { SourceOutcome } from './listEntities.js';

export interface CapabilityValue extends Capability {
  /** The kind's filters the tracker does not apply: Switchyard applies them on the source's snapshot. */
  readonly localFilters: readonly string[];
}

/** A source's capabilities with the filters it leaves to Switchyard spelled out. */
export function withLocalFilters(capabilities: readonly Capability[]): CapabilityValue[] {
  return capabilities.map((c) => {
    const fields = (FILTER_FIELDS as Readonly<Record<string, readonly string[]>>)[c.kind] ?? [];
    return { ...c, localFilters: c.listable ? fields.filter((f) => !c.filters.includes(f)) : [] };
  });
}

export interface SourceValue {
  readonly name: string;
  readonly kind: TrackerKind;
  readonly status: SourceOutcome;
  readonly latencyMs: number | null;
  readonly version: string | null;
  readonly emulated: boolean;
  readonly capabilities: readonly CapabilityValue[];
}

export async function listSources(
  deps: { readonly config: CatalogConfig; readonly clients: ReadonlyMap<string, SourceClient>; readonly clock: Clock },
  caller: CallerContext,
): Promise<SourceValue[]> {
  // Instances of one tracker kind share a subgraph: ask each subgraph once.
  const bySubgraph = new Map<string, Promise<{ res?: CapabilitiesResponse; error?: unknown; latencyMs: number }>>();
  for (const s of deps.config.sources) {
    if (bySubgraph.has(s.subgraphUrl)) continue;
    const client = deps.clients.get(s.name) as SourceClient;
    const started = deps.clock.now();
    bySubgraph.set(
      s.subgraphUrl,
      client.capabilities(caller).then(
        (res) => ({ res, latencyMs: deps.clock.now() - started }),
        (error: unknown) => ({ error, latencyMs: deps.clock.now() - started }),
      ),
    );
  }
  return Promise.all(
    deps.config.sources.map(async (s) => {
      const answer = await (bySubgraph.get(s.subgraphUrl) as Promise<{ res?: CapabilitiesResponse; error?: unknown; latencyMs: number }>);
      const info = answer.res?.sources.find((i) => i.name === s.name);
      if (!info) {
        const code = errorCodeOf(answer.error);
        const status: SourceOutcome = code === 'SOURCE_TIMEOUT' ? 'TIMEOUT' : 'ERROR';
        return { name: s.name, kind: s.kind, status, latencyMs: answer.latencyMs, version: null, emulated: s.emulated ?? false, capabilities: [] };
      }
      return {
        name: s.name,
        kind: s.kind,
        status: info.health.outcome,
        latencyMs: info.health.latencyMs,
        version: info.version,
        emulated: info.emulated,
        capabilities: withLocalFilters(info.capabilities),
      };
    }),
  );
}
