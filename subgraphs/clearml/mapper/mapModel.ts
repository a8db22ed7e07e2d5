/**
 * ClearML model JSON → the unified model plus ClearML's own fields. Pure. ClearML models have no
 * version: `version` is the `version` metadata value when someone set one, else null. Stages are
 * derived (see `modelStages`).
 */
import { encodeId } from '../../shared/ids.js';
import type { MetricSummary, ModelRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { ClearMLModelWire } from '../connector/wire.js';
import { mapLastMetrics, type MapTaskContext } from './mapTask.js';
import { mapTime } from './mapTime.js';
import { clearmlOrigin } from './origin.js';
import { modelStages } from './stages.js';

/** The instance, the model's project name (resolved by the caller) and the web UI base URL. */
export type MapModelContext = MapTaskContext;

export interface ClearMLModelView extends ModelRow {
  readonly tags: readonly string[] | null;
  readonly metrics: readonly MetricSummary[] | null;
  readonly raw: unknown;
  readonly modelId: string;
  readonly taskId: string | null;
  readonly parentModelId: string | null;
  readonly projectId: string | null;
  readonly user: string | null;
  readonly labels: unknown;
  readonly ready: boolean | null;
  readonly systemTags: readonly string[] | null;
  readonly comment: string | null;
  readonly metadata: unknown;
  readonly lastIteration: number | null;
  readonly lastUpdate: string | null;
}

export function mapModel(model: ClearMLModelWire, ctx: MapModelContext): ClearMLModelView {
  const projectId = model.project ?? null;
  const version = model.metadata?.['version']?.value;
  return {
    __typename: 'ClearMLModel',
    id: encodeId({ instance: ctx.instance, kind: 'model', native: [model.id] }),
    origin: clearmlOrigin(ctx.instance, model.id, ctx.webUrl, projectId && `projects/${projectId}/models/${model.id}`),
    name: model.name ?? model.id,
    project: ctx.projectName,
    createdAt: mapTime(model.created),
    version: typeof version === 'string' && version !== '' ? version : null,
    framework: model.framework ?? null,
    stages: typeof model.ready === 'boolean' || model.system_tags ? modelStages(model.ready === true, model.system_tags ?? []) : null,
    tags: model.tags ? [...model.tags] : null,
    uri: model.uri || null,
    metrics: model.last_metrics ? mapLastMetrics(model.last_metrics) : null,
    raw: capRaw(model),
    modelId: model.id,
    taskId: model.task ?? null,
    parentModelId: model.parent ?? null,
    projectId,
    user: model.user ?? null,
    labels: model.labels ?? null,
    ready: typeof model.ready === 'boolean' ? model.ready : null,
    systemTags: model.system_tags ? [...model.system_tags] : null,
    comment: model.comment ?? null,
    metadata: model.metadata ?? null,
    lastIteration: typeof model.last_iteration === 'number' ? model.last_iteration : null,
    lastUpdate: mapTime(model.last_update),
  };
}
