/**
 * Listing models: keyset pages over `models.get_all` exactly like tasks. Stages are ClearML's `ready`
 * flag plus system tags (mapper/stages.ts), so a stage filter is pushed down as `ready` or as a
 * system-tag list; only a mix of both (`published` with `production`) is checked on the rows read.
 * Archived models are left out unless the filter asks for the `archived` stage, as ClearML's UI does.
 */
import type { ListResponse, ModelListFilter, ModelListRequest } from '../shared/sourceContract.js';
import type { ClearMLModelWire } from './connector/index.js';
import { escapeRegex, type GetAllQuery, listGetAll, projectIdsFor } from './getAllListing.js';
import { type ClearMLModelView, STAGE_TAG_PREFIX } from './mapper/index.js';
import { toModelRow } from '../shared/rows.js';
import type { ClearMLInstance } from './source.js';

export const CLEARML_MODEL_FILTERS = ['projects', 'stages', 'frameworks', 'tags', 'nameContains'] as const;

export async function listModels(inst: ClearMLInstance, req: ModelListRequest): Promise<ListResponse> {
  const stages = stageQuery(req.filter.stages);
  const applied = stages.local ? CLEARML_MODEL_FILTERS.filter((f) => f !== 'stages') : CLEARML_MODEL_FILTERS;
  const view = (m: readonly ClearMLModelWire[]) => inst.viewModels(m);
  const spec = { key: 'models', view, remember: (m: readonly ClearMLModelWire[]) => inst.rememberModels(m), toRow: toModelRow, applied, matches: stages.local } as const;
  return listGetAll(inst, spec, req, await modelQuery(inst, req.filter, stages.fields));
}

async function modelQuery(inst: ClearMLInstance, filter: ModelListFilter, stageFields: Record<string, unknown>): Promise<GetAllQuery | 'empty'> {
  const q: Record<string, unknown> = { ...stageFields };
  if (filter.projects) {
    const ids = await projectIdsFor(inst, filter.projects);
    if (ids === 'empty') return 'empty';
    q['project'] = ids;
  }
  if (filter.frameworks) q['framework'] = [...filter.frameworks];
  if (filter.tags) q['tags'] = [...filter.tags];
  if (filter.nameContains !== undefined) q['_any_'] = { pattern: escapeRegex(filter.nameContains), fields: ['name'] };
  return { fields: q };
}

/** The get_all fields a stage filter becomes, and the row check when ClearML cannot express it. */
export function stageQuery(stages: readonly string[] | undefined): { fields: Record<string, unknown>; local?: (view: ClearMLModelView) => boolean } {
  const hidden = stages?.includes('archived') ? [] : ['-archived'];
  const published = stages?.includes('published') ?? false;
  const draft = stages?.includes('draft') ?? false;
  // Every model is either published or a draft: asking for both leaves only the archived rule.
  if (!stages || (published && draft)) return { fields: hidden.length > 0 ? { system_tags: hidden } : {} };
  const tagged = stages.filter((s) => s !== 'published' && s !== 'draft').map((s) => (s === 'archived' ? s : `${STAGE_TAG_PREFIX}${s}`));
  if (tagged.length === 0) return { fields: { ready: published, ...(hidden.length > 0 ? { system_tags: hidden } : {}) } };
  if (!published && !draft) return { fields: { system_tags: [...tagged, ...hidden] } };
  return { fields: hidden.length > 0 ? { system_tags: hidden } : {}, local: (view) => (view.stages ?? []).some((s) => stages.includes(s)) };
}
