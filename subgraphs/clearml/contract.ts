/** ClearML's implementation of the source contract (DESIGN §5.1) the catalog calls. */
import type { Clock } from '../shared/clock.js';
import { switchyardError } from '../shared/errors.js';
import { probe } from '../shared/probe.js';
import { isRecord } from './connector/index.js';
import { toTaskRow } from '../shared/model.js';
import type { InstanceMap } from '../shared/ids.js';
import type { SourceContract } from '../shared/sourceContract.js';
import { CLEARML_PUSHED_FILTERS, listTasks } from './listing.js';
import type { ClearMLSource } from './source.js';
import { loadTaskViews } from './loadTaskViews.js';

export function createClearMLContract(source: ClearMLSource, clock: Clock): SourceContract {
  const instances: InstanceMap = new Map(source.instances.map((i) => [i.config.name, 'CLEARML'] as const));
  return {
    async list(req) {
      if (req.kind !== 'task') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `ClearML sources cannot list "${String(req.kind)}" yet.`, { source: req.instance });
      return listTasks(source.instance(req.instance), req);
    },
    async getByIds(req) {
      return { rows: (await loadTaskViews(source, instances, req.ids)).map((v) => (v ? toTaskRow(v) : null)) };
    },
    async details(req) {
      const views = await loadTaskViews(source, instances, req.ids);
      return { details: views.map((v) => (v ? { tags: v.tags ?? null, parameters: v.parameters, metrics: v.metrics, raw: v.raw } : null)) };
    },
    async series(req) {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'ClearML metric series are not served yet.', { source: req.instance });
    },
    async edges(req) {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'ClearML lineage is not served yet.', { source: req.instance });
    },
    async write(req) {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `ClearML sources do not take "${req.op}" yet.`, { source: req.instance });
    },
    async invalidate(req) {
      await source.instance(req.instance).invalidate();
      return { invalidated: true as const };
    },
    async capabilities() {
      const probes = await Promise.all(
        source.instances.map((inst) => probe(clock, () => inst.connector.call('server.info', {}, 'read'))),
      );
      return {
        sources: source.instances.map((inst, i) => ({
          name: inst.config.name,
          kind: 'CLEARML' as const,
          version: versionOf(probes[i]?.value),
          health: probes[i]?.health ?? { outcome: 'ERROR' as const, message: 'not probed', latencyMs: 0 },
          emulated: inst.config.emulated ?? false,
          capabilities: [
            { kind: 'task', listable: true, orderBy: ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'], filters: [...CLEARML_PUSHED_FILTERS], byIds: true, writes: [] },
          ],
        })),
      };
    },
  };
}


/** `server.info` → `version` (reference: resolved/server.json). */
function versionOf(info: unknown): string | null {
  return isRecord(info) && typeof info['version'] === 'string' ? info['version'] : null;
}
