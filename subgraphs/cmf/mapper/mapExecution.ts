/**
 * An MLMD execution (reference/cmf.md "MLMD JSON format") → the unified Task, pure. DESIGN §4: the
 * name is the execution's own name, else `<stage>_<uuid[:4]>`; status is UNKNOWN (MLMD holds no
 * state); createdAt is `original_create_time_since_epoch`. Custom properties are the parameters
 * (server stamps and `Python_Env` left out), and the metrics are the last values of the Metrics
 * artifacts the execution outputs (metrics.ts).
 */
import { encodeId } from '../../shared/ids.js';
import type { Parameter, TaskRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import { isRecord } from '../connector/wire.js';
import { executionMetrics } from './metrics.js';
import { executionName } from './names.js';
import { createdMs, epochMs, field, int, isoTime, props, text, valueText } from './values.js';

export interface CmfExecutionView extends TaskRow {
  readonly __typename: 'CmfExecution';
  readonly raw: unknown;
  readonly pipeline: string;
  /** The stage context's name as CMF writes it: `<pipeline>/<stage>`. */
  readonly stage: string;
  /** Comma-separated when cmflib re-used the execution. */
  readonly executionUuid: string;
  /** The MLMD execution type (`Train-execution`, or the stage's name in older cmflib). */
  readonly executionType: string | null;
  /** The server's MLMD id (store-specific). */
  readonly mlmdId: number | null;
  /** `Execution`: the command line as `str(sys.argv)`. */
  readonly command: string | null;
  readonly gitRepo: string | null;
  readonly gitStartCommit: string | null;
  /** Empty until cmflib's `finalize()`: then null. */
  readonly gitEndCommit: string | null;
  /** The `Python_Env` custom property: the environment file cmflib recorded. */
  readonly pythonEnv: string | null;
  /** Every custom property as CMF holds it. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Server time of the last change (for cache revalidation). */
  readonly lastUpdateMs: number | null;
}

export interface MapExecutionContext {
  readonly instance: string;
  readonly pipeline: string;
  /** The stage context's name (`Test-env/Prepare`); the execution's `Context_Type` when absent. */
  readonly stage: string | null;
}

/** Custom properties that are not the user's parameters. */
const NOT_PARAMETERS = new Set(['original_create_time_since_epoch', 'Python_Env']);

export function executionId(instance: string, pipeline: string, executionUuid: string): string {
  return encodeId({ instance, kind: 'execution', native: [pipeline, executionUuid] });
}

/** null for an execution without `Execution_uuid` (a cmflib older than the server: CMF refuses to store those). */
export function mapExecution(execution: unknown, ctx: MapExecutionContext): CmfExecutionView | null {
  const p = props(execution, 'properties');
  const custom = props(execution, 'custom_properties');
  const uuid = text(p['Execution_uuid']);
  if (!uuid) return null;
  const stage = ctx.stage ?? text(p['Context_Type']) ?? ctx.pipeline;
  const { events: _events, ...own } = isRecord(execution) ? execution : {};
  return {
    __typename: 'CmfExecution',
    id: executionId(ctx.instance, ctx.pipeline, uuid),
    origin: { source: ctx.instance, kind: 'CMF', nativeId: uuid, url: null },
    name: executionName(text(field(execution, 'name')), stage, uuid),
    project: ctx.pipeline,
    createdAt: isoTime(createdMs(execution)),
    status: 'UNKNOWN',
    archived: null,
    type: text(field(execution, 'type')),
    user: null,
    tags: null,
    startedAt: null,
    endedAt: null,
    parameters: mapParameters(custom),
    metrics: executionMetrics(execution),
    raw: capRaw(own),
    pipeline: ctx.pipeline,
    stage,
    executionUuid: uuid,
    executionType: text(field(execution, 'type')),
    mlmdId: int(field(execution, 'id')),
    command: text(p['Execution']),
    gitRepo: text(p['Git_Repo']),
    gitStartCommit: text(p['Git_Start_Commit']),
    gitEndCommit: text(p['Git_End_Commit']),
    pythonEnv: text(custom['Python_Env']),
    properties: custom,
    lastUpdateMs: epochMs(field(execution, 'last_update_time_since_epoch')),
  };
}

/** The user's custom properties as parameters (no sections in CMF), in the document's order. */
export function mapParameters(custom: Readonly<Record<string, unknown>>): Parameter[] {
  return Object.entries(custom)
    .filter(([name]) => !NOT_PARAMETERS.has(name))
    .map(([name, value]) => ({ section: null, name, value: valueText(value) }));
}
