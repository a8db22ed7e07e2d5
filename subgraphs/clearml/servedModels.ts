/**
 * Reads about serving endpoints beyond their listing. Which model an endpoint serves:
 * `serving.get_endpoints` names the model only by its name (clearml-serving reports `model_name`), so
 * names are resolved with one `models.get_all` over an exact-name pattern; when several models share
 * a name, the newest one is taken.
 */
import { type ClearMLEndpointWire, isModelWire, isRecord, listOf } from './connector/index.js';
import { anyOf } from './getAllListing.js';
import { MAX_IN_FLIGHT, mapBounded } from '../shared/limit.js';
import type { ClearMLServingEndpointView } from './mapper/index.js';
import { CLEARML_MAX_PAGE, type ClearMLInstance, type ClearMLSource } from './source.js';

export interface ServedModel {
  readonly endpoint: string;
  readonly modelId: string;
}

/** The served model of every endpoint `wanted` picks (endpoints that name no model are skipped). */
export async function resolveServedModels(inst: ClearMLInstance, wanted: (endpoint: ClearMLEndpointWire) => boolean): Promise<ServedModel[]> {
  const chosen = (await inst.loadEndpoints()).filter((e) => e.model && wanted(e));
  const names = [...new Set(chosen.map((e) => e.model ?? ''))];
  if (names.length === 0) return [];
  const query = { name: anyOf(names), only_fields: ['id', 'name', 'created'], order_by: ['-created', '-id'], page: 0, page_size: CLEARML_MAX_PAGE };
  const newest = new Map<string, string>();
  for (const m of listOf(await inst.connector.call('models.get_all', query, 'read'), 'models', isModelWire)) if (m.name && !newest.has(m.name)) newest.set(m.name, m.id);
  return chosen.flatMap((e) => {
    const modelId = newest.get(e.model ?? '');
    return modelId ? [{ endpoint: e.endpoint, modelId }] : [];
  });
}

/**
 * `model_version` of each endpoint, from `serving.get_endpoint_details` (one call per endpoint URL,
 * eight at a time): `get_endpoints` does not carry it. Null where the endpoint has no URL or version.
 */
export async function loadModelVersions(source: ClearMLSource, endpoints: readonly ClearMLServingEndpointView[]): Promise<(string | null)[]> {
  return mapBounded(endpoints, MAX_IN_FLIGHT, async (e) => {
    if (!e.url) return null;
    const data = await source.instance(e.origin.source).connector.call('serving.get_endpoint_details', { endpoint_url: e.url }, 'read', e.id);
    return isRecord(data) && typeof data['model_version'] === 'string' && data['model_version'] !== '' ? data['model_version'] : null;
  });
}
