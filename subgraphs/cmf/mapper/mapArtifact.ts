/**
 * An MLMD artifact → the unified Artifact, or Model for artifacts of MLMD type `Model` (DESIGN §4),
 * pure. The typename follows the MLMD type: `CmfModel` for Model artifacts, `CmfArtifact` for every
 * other type (Dataset, Metrics, Step_Metrics, Dataslice, Environment, Label, and types CMF may add).
 * Both are `cmf:artifact:<pipeline>/<full MLMD name>` (DESIGN §3), unless the shared kind registry
 * declares a CMF `model` kind: then Model artifacts are `cmf:model:<pipeline>/<name>` (CMF_MODEL_KIND). The hash is the DVC md5 (`Commit`, else a 32-hex `uri`) as `md5:<hex>`; `uri` is the DVC
 * remote location from `url` (cmflib writes `<pipeline>:<location>`, comma-separated per pipeline).
 */
import { encodeId, KIND_REGISTRY } from '../../shared/ids.js';
import type { ArtifactRow, MetricSummary, ModelRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import { artifactDisplayName } from './names.js';
import { createdMs, epochMs, field, int, isoTime, md5Hash, num, props, text } from './values.js';

/** What CMF artifacts and models share beyond the unified fields. */
export interface CmfArtifactFields {
  readonly pipeline: string;
  /** The MLMD type name. */
  readonly artifactType: string;
  /** The full MLMD name (path and hash suffixes): the artifact's native id. */
  readonly mlmdName: string;
  /** MLMD's `uri`: the DVC md5 (a uuid1 for Metrics). */
  readonly mlmdUri: string | null;
  readonly mlmdId: number | null;
  /** The `url` property as cmflib wrote it. */
  readonly url: string | null;
  /** The `Commit` property: the DVC md5. */
  readonly commit: string | null;
  /** `md5:<hex>` from the DVC md5. */
  readonly hash: string | null;
  readonly gitRepo: string | null;
  readonly customProperties: Readonly<Record<string, unknown>>;
  readonly lastUpdateMs: number | null;
}

export interface CmfArtifactView extends ArtifactRow, CmfArtifactFields {
  readonly __typename: 'CmfArtifact';
  readonly raw: unknown;
  /** A dataset's attached label file (custom `labels` / `labels_uri`). */
  readonly labels: string | null;
  readonly labelsUri: string | null;
  /** A Label's dataset (custom `dataset_uri`: the dataset's md5). */
  readonly datasetUri: string | null;
  /** A Metrics artifact's `metrics_name`. */
  readonly metricsName: string | null;
}

export interface CmfModelView extends ModelRow, CmfArtifactFields {
  readonly __typename: 'CmfModel';
  readonly raw: unknown;
  readonly modelType: string | null;
  readonly modelName: string | null;
  /** Built from the pull by mapPipeline (what `/model-card` shows, from the same document). */
  readonly modelCard: unknown;
}

export type CmfArtifactOrModelView = CmfArtifactView | CmfModelView;

export interface MapArtifactContext {
  readonly instance: string;
  readonly pipeline: string;
}

/**
 * The id kind of Model artifacts: `artifact`, as DESIGN §3 lists CMF's kinds, or `model` once the
 * shared registry declares it (so the catalog can tell a CMF model from an artifact by its id alone).
 */
export const CMF_MODEL_KIND: 'model' | 'artifact' = 'model' in KIND_REGISTRY.CMF ? 'model' : 'artifact';

/** The id of an artifact of this MLMD type. */
export function artifactId(instance: string, pipeline: string, mlmdName: string, artifactType: string | null): string {
  return encodeId({ instance, kind: artifactType === 'Model' ? CMF_MODEL_KIND : 'artifact', native: [pipeline, mlmdName] });
}

/** Where the artifact is stored: this pipeline's entry of `url`, without cmflib's `<pipeline>:` prefix. */
export function locationOf(url: string | null, pipeline: string): string | null {
  const entries = (url ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const entry = entries.find((e) => e.startsWith(`${pipeline}:`)) ?? entries[0];
  if (entry === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return entry ?? null;
  const m = /^[^:/]+:(.+)$/.exec(entry);
  const rest = m?.[1];
  return rest !== undefined && (rest.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) ? rest : entry;
}

/** null for an artifact without a name or type (nothing to identify it by). */
export function mapArtifact(artifact: unknown, ctx: MapArtifactContext): CmfArtifactOrModelView | null {
  const mlmdName = text(field(artifact, 'name'));
  const artifactType = text(field(artifact, 'type'));
  if (!mlmdName || !artifactType) return null;
  const p = props(artifact, 'properties');
  const custom = props(artifact, 'custom_properties');
  const url = text(p['url']);
  const commit = text(p['Commit']);
  const mlmdUri = text(field(artifact, 'uri'));
  const base = {
    id: artifactId(ctx.instance, ctx.pipeline, mlmdName, artifactType),
    origin: { source: ctx.instance, kind: 'CMF' as const, nativeId: mlmdName, url: null },
    name: artifactDisplayName(mlmdName),
    project: ctx.pipeline,
    createdAt: isoTime(createdMs(artifact)),
    uri: locationOf(url, ctx.pipeline),
    raw: capRaw(artifact),
    pipeline: ctx.pipeline,
    artifactType,
    mlmdName,
    mlmdUri,
    mlmdId: int(field(artifact, 'id')),
    url,
    commit,
    hash: md5Hash(commit) ?? md5Hash(mlmdUri),
    gitRepo: text(p['git_repo']),
    customProperties: custom,
    lastUpdateMs: epochMs(field(artifact, 'last_update_time_since_epoch')),
  };
  if (artifactType === 'Model') {
    return {
      ...base,
      __typename: 'CmfModel',
      version: null,
      framework: text(p['model_framework']),
      stages: null,
      tags: null,
      metrics: [] as MetricSummary[],
      modelType: text(p['model_type']),
      modelName: text(p['model_name']),
      modelCard: null,
    };
  }
  const size = num(custom['size']);
  return {
    ...base,
    __typename: 'CmfArtifact',
    type: artifactType,
    size: size !== null && size >= 0 ? size : null,
    labels: text(custom['labels']),
    labelsUri: text(custom['labels_uri']),
    datasetUri: text(custom['dataset_uri']),
    metricsName: text(p['metrics_name']),
  };
}
