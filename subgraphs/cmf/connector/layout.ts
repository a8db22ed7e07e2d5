/**
 * Which CMF Server generation answers, and under which prefix (reference/cmf.md "API generations").
 * Switchyard reads CMF only through `mlmd_pull`, whose form is all that differs for it:
 *
 * 1. **Prefix.** A base URL ending in `/api` is used as is (CMF behind its nginx). Otherwise
 *    `GET pipelines` (served by every generation) is tried at the base, then at `<base>/api`; the
 *    first that answers a JSON list wins.
 * 2. **A or B/C.** `POST mlmd_pull {"pipeline_name": null, "last_sync_time": <now>}` is the newer
 *    servers' global delta pull: B and C answer it (with what changed since now: next to nothing),
 *    A has no such route and FastAPI answers 404 `{"detail": "Not Found"}` (or 405) → generation A,
 *    which pulls with `GET mlmd_pull/{pipeline}`.
 * 3. **B or C.** `GET pipeline-stages/{a pipeline}` exists from C on: a route-missing 404 → B, any
 *    other answer → C. B and C pull alike; the letter is reported as the source's version.
 *
 * Any other answer (5xx, a timeout) fails the probe; it is run again on the next call.
 */
import { switchyardError } from '../../shared/errors.js';
import { cmfError, isRouteMissing } from './errors.js';
import { pipelineNames } from './wire.js';

export type CmfGeneration = 'A' | 'B' | 'C';

export interface CmfLayout {
  /** Path prefix under the base URL: '' or 'api/'. */
  readonly prefix: string;
  readonly generation: CmfGeneration;
}

/** One probe call: status and parsed JSON body (undefined when not JSON). */
export type ProbeCall = (method: 'GET' | 'POST', path: string, json?: unknown) => Promise<{ status: number; body: unknown }>;

export interface DetectOptions {
  readonly source: string;
  /** True when the configured base URL already ends in `/api`. */
  readonly baseHasApi: boolean;
  /** Skips steps 2–3 (configuration says which generation runs). */
  readonly generation?: CmfGeneration | undefined;
  /** Epoch ms, for the delta probe's `last_sync_time`. */
  readonly now: number;
}

export async function detectLayout(call: ProbeCall, o: DetectOptions): Promise<CmfLayout> {
  const { prefix, pipelines } = await detectPrefix(call, o);
  if (o.generation) return { prefix, generation: o.generation };
  const delta = await call('POST', `${prefix}mlmd_pull`, { pipeline_name: null, exec_uuid: null, last_sync_time: o.now });
  if (isRouteMissing(delta.status, delta.body)) return { prefix, generation: 'A' };
  if (delta.status < 200 || delta.status > 299) throw cmfError(o.source, delta.status, delta.body, { endpoint: 'mlmd_pull (generation probe)' });
  const stages = await call('GET', `${prefix}pipeline-stages/${encodeURIComponent(pipelines[0] ?? 'switchyard-probe')}`);
  if (stages.status >= 500) throw cmfError(o.source, stages.status, stages.body, { endpoint: 'pipeline-stages (generation probe)' });
  return { prefix, generation: isRouteMissing(stages.status, stages.body) ? 'B' : 'C' };
}

async function detectPrefix(call: ProbeCall, o: DetectOptions): Promise<{ prefix: string; pipelines: string[] }> {
  const candidates = o.baseHasApi ? [''] : ['', 'api/'];
  let first: { status: number; body: unknown } | undefined;
  for (const prefix of candidates) {
    const res = await call('GET', `${prefix}pipelines`);
    const pipelines = res.status === 200 ? pipelineNames(res.body) : undefined;
    if (pipelines) return { prefix, pipelines };
    first ??= res;
  }
  if (first && first.status !== 200) throw cmfError(o.source, first.status, first.body, { endpoint: 'pipelines' });
  throw switchyardError('SOURCE_ERROR', `Source "${o.source}" does not answer like a CMF server (pipelines is not a list).`, { source: o.source });
}
