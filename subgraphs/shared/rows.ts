/**
 * Just the shared fields of a source's richer view, for the source contract's wire: tracker-only fields
 * and `raw` stay in the source (they come through `_entities` or `details`). Fields a listing did not
 * read (undefined) stay absent, so the catalog knows to ask for details.
 */
import type { ArtifactRow, DeploymentRow, EntityRowBase, ModelRow, TaskRow } from './model.js';

const BASE = ['__typename', 'id', 'origin', 'name', 'project', 'createdAt'] as const;
const TASK_KEYS = [...BASE, 'status', 'archived', 'type', 'user', 'tags', 'startedAt', 'endedAt', 'parameters', 'metrics'] as const;
const MODEL_KEYS = [...BASE, 'version', 'framework', 'stages', 'tags', 'uri', 'metrics'] as const;
const ARTIFACT_KEYS = [...BASE, 'type', 'uri', 'hash', 'size'] as const;
const DEPLOYMENT_KEYS = [...BASE, 'status', 'endpoint', 'placement'] as const;

function pick<V extends EntityRowBase, K extends keyof V>(view: V, keys: readonly K[]): Pick<V, K> {
  const out: Partial<Pick<V, K>> = {};
  for (const k of keys) if (view[k] !== undefined) out[k] = view[k];
  return out as Pick<V, K>;
}

export const toTaskRow = (view: TaskRow): TaskRow => pick(view, TASK_KEYS);
export const toModelRow = (view: ModelRow): ModelRow => pick(view, MODEL_KEYS);
export const toArtifactRow = (view: ArtifactRow): ArtifactRow => pick(view, ARTIFACT_KEYS);
export const toDeploymentRow = (view: DeploymentRow): DeploymentRow => pick(view, DEPLOYMENT_KEYS);
