/** Comet's implementation of the source contract (DESIGN §5.1) the catalog calls. */
import type { Clock } from '../shared/clock.js';
import { switchyardError } from '../shared/errors.js';
import type { InstanceMap } from '../shared/ids.js';
import { toTaskRow } from '../shared/rows.js';
import { probe } from '../shared/probe.js';
import type { SourceContract } from '../shared/sourceContract.js';
import { COMET_PUSHED_FILTERS, listTasks } from './listing.js';
import { loadTaskViews } from './loadTaskViews.js';
import { loadSeries } from './series.js';
import type { CometSource } from './source.js';

/** Instance name → tracker, for decoding ids of this subgraph's instances. */
export function cometInstanceMap(source: CometSource): InstanceMap {
  return new Map(source.instances.map((i) => [i.config.name, 'COMET'] as const));
}

export function createCometContract(source: CometSource, clock: Clock): SourceContract {
  const instances = cometInstanceMap(source);
  return {
    async list(req) {
      if (req.kind !== 'task') throw notServed(req.instance, req.kind);
      return listTasks(source.instance(req.instance), req);
    },
    async getByIds(req) {
      if (req.kind !== 'task') throw notServed(req.instance, req.kind);
      return { rows: (await loadTaskViews(source, instances, req.ids)).map((v) => (v ? toTaskRow(v) : null)) };
    },
    async details(req) {
      if (req.kind !== 'task') throw notServed(req.instance, req.kind);
      const views = await loadTaskViews(source, instances, req.ids, { withDetails: true });
      return { details: views.map((v) => (v ? { tags: v.tags ?? null, parameters: v.parameters ?? null, metrics: v.metrics ?? null, raw: v.raw } : null)) };
    },
    async series(req) {
      return { series: await loadSeries(source, instances, req.items) };
    },
    async edges() {
      // Comet's lineage (artifact producers/consumers, registry versions) comes with issue 4.
      return { edges: [] };
    },
    async write(req) {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `Comet sources do not take "${req.op}" through GraphQL yet; write through /comet.`, { source: req.instance });
    },
    async invalidate(req) {
      await source.instance(req.instance).invalidate();
      return { invalidated: true as const };
    },
    async capabilities() {
      // `/account-details` is Comet's "who am I" (reference/comet.md §2): cheap, and it proves the key works.
      // Comet's REST API reports no server version.
      const probes = await Promise.all(source.instances.map((inst) => probe(clock, () => inst.connector.get('account-details', {}, 'read'))));
      return {
        sources: source.instances.map((inst, i) => ({
          name: inst.config.name,
          kind: 'COMET' as const,
          version: null,
          health: probes[i]?.health ?? { outcome: 'ERROR' as const, message: 'not probed', latencyMs: 0 },
          emulated: inst.config.emulated ?? false,
          capabilities: [
            { kind: 'task', listable: true, orderBy: ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'], filters: [...COMET_PUSHED_FILTERS], byIds: true, writes: [] },
          ],
        })),
      };
    },
  };
}

/** Comet models, assets and artifact versions come with issue 4. */
function notServed(source: string, kind: string) {
  return switchyardError('NOT_SUPPORTED_BY_SOURCE', `Comet sources do not serve ${kind}s yet.`, { source });
}
