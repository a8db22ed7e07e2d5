/**
 * Comet ExperimentMetadata (reference/comet.md §5.3) → the unified task (every shared field) plus
 * Comet's own fields. Pure: no I/O, no clock. Tags, parameters, metrics and log-other values need one
 * call each per experiment, so a view from metadata alone leaves them unread (`tags: null`, the other
 * three absent) and `withDetails` fills them in once they are loaded.
 */
import { encodeId } from '../../shared/ids.js';
import type { MetricSummary, Parameter, TaskRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { CometExperimentWire } from '../connector/wire.js';
import type { CometOther } from './mapSummaries.js';
import { mapStatus } from './mapStatus.js';
import { mapTime } from './mapTime.js';
import { experimentLink, text } from './values.js';

export interface MapExperimentContext {
  readonly instance: string;
  /** Comet web UI base URL for deep links; omitted: `origin.url` is null. */
  readonly webUrl?: string | undefined;
  /** Tags from `/experiment/tags`, when they were loaded; omitted: `tags` is null (not read). */
  readonly tags?: readonly string[] | undefined;
  /**
   * What the listing call that returned the object already says (its project, workspace and
   * `archived=` flag), used only where the object itself leaves the field out.
   */
  readonly listedAs?: { readonly projectName?: unknown; readonly workspaceName?: unknown; readonly archived?: boolean } | undefined;
}

/** The per-experiment reads beyond metadata, mapped. */
export interface CometExperimentDetails {
  readonly tags: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly metrics: readonly MetricSummary[];
  readonly others: readonly CometOther[];
}

/** A Comet experiment as the subgraph serves it: the shared row plus every CometExperiment field of the SDL. */
export interface CometExperimentView extends TaskRow {
  readonly experimentKey: string;
  /** The experiment's own name; null when it has none (`name` then falls back to the key). */
  readonly experimentName: string | null;
  readonly workspace: string | null;
  readonly projectId: string | null;
  readonly optimizationId: string | null;
  /** Null when the backend did not say (the 2020 `/experiments` listing has no `running`). */
  readonly running: boolean | null;
  readonly throttle: boolean | null;
  readonly filePath: string | null;
  readonly fileName: string | null;
  readonly durationMillis: number | null;
  /** Log-other values; absent until details are loaded. */
  readonly others?: readonly CometOther[] | null;
  /** The ExperimentMetadata object, size-capped. */
  readonly raw: unknown;
}

export function mapExperiment(e: CometExperimentWire, ctx: MapExperimentContext): CometExperimentView {
  const key = e.experimentKey;
  const experimentName = text(e.experimentName);
  const workspace = text(e.workspaceName) ?? text(ctx.listedAs?.workspaceName);
  const project = text(e.projectName) ?? text(ctx.listedAs?.projectName);
  const archived = typeof e.archived === 'boolean' ? e.archived : (ctx.listedAs?.archived ?? null);
  const running = typeof e.running === 'boolean' ? e.running : null;
  return {
    __typename: 'CometExperiment',
    id: encodeId({ instance: ctx.instance, kind: 'experiment', native: [key] }),
    origin: { source: ctx.instance, kind: 'COMET', nativeId: key, url: experimentLink(ctx.webUrl, workspace, project, key) },
    // Comet names are optional and not unique; the key is the one label every experiment has.
    name: experimentName ?? key,
    project,
    createdAt: mapTime(e.startTimeMillis),
    status: mapStatus(e.running, e.endTimeMillis),
    archived,
    // Comet has no task types.
    type: null,
    user: text(e.userName),
    ...(ctx.tags ? { tags: [...ctx.tags] } : {}),
    startedAt: mapTime(e.startTimeMillis),
    // While a run is alive the backend's end time is its last message, not an end.
    endedAt: running === true ? null : mapTime(e.endTimeMillis),
    raw: capRaw(e),
    experimentKey: key,
    experimentName,
    workspace,
    projectId: text(e.projectId),
    optimizationId: text(e.optimizationId),
    running,
    throttle: typeof e.throttle === 'boolean' ? e.throttle : null,
    filePath: text(e.filePath),
    fileName: text(e.fileName),
    durationMillis: typeof e.durationMillis === 'number' && Number.isSafeInteger(e.durationMillis) && e.durationMillis >= 0 ? e.durationMillis : null,
  };
}

/** The view with its per-experiment details filled in. */
export function withDetails(view: CometExperimentView, details: CometExperimentDetails): CometExperimentView {
  return { ...view, tags: [...details.tags], parameters: details.parameters, metrics: details.metrics, others: details.others };
}

/** The view with tags filled in (the tag filter loads only those). */
export function withTags(view: CometExperimentView, tags: readonly string[]): CometExperimentView {
  return { ...view, tags: [...tags] };
}
