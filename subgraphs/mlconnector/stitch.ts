/**
 * MLConnector's cross-tracker stitching keys and `match` (DESIGN §4, shared/stitch.ts), all read from
 * the instance snapshot (source.ts). MLConnector carries no digest and no location of a model's file:
 * `MLModel` has no such field (openapi `MLModel`; the file row lives in `mlmodelfiles` and only the
 * upload's answer shows it), so no object has hashes or uris. Links come from a model's `modeltags` and
 * its inference specs' free-text values; deployments (id, status, owner, placement) and operations
 * (Python `str()` texts) hold no reference field, so their keys are empty.
 */
import { stitchKeys, type MatchHit, type MatchRequest, type MatchResponse, type StitchKeys } from '../shared/stitch.js';
import type { MLConnectorDeploymentView, MLConnectorModelView, MLConnectorOperationView } from './mapper/index.js';
import type { MLConnectorInstance, MLConnectorSnapshot } from './source.js';

type StitchableView = MLConnectorModelView | MLConnectorDeploymentView | MLConnectorOperationView;

/**
 * The free-form string values of a model that may name another object: its tags and its inference
 * specs' values. Hyperparameter values are ints upstream and the other lists hold schema names
 * (features, metrics, resources), so none of those can carry a reference.
 */
export function modelLinkValues(model: MLConnectorModelView): string[] {
  return [...(model.tags ?? []), ...model.inference.flatMap((i) => (i.value === null ? [] : [i.value]))];
}

/** One object's keys: links for models only; no object has hashes or uris (see the header). */
export function keysOf(view: StitchableView): StitchKeys {
  return view.__typename === 'MLConnectorModel' ? stitchKeys(view.id, { links: modelLinkValues(view) }) : stitchKeys(view.id, {});
}

/** The snapshot's object with this global id, of any kind it serves. */
function viewOf(snap: MLConnectorSnapshot, id: string): StitchableView | undefined {
  return snap.modelsById.get(id) ?? snap.deploymentsById.get(id) ?? snap.operationsById.get(id);
}

/** Keys of the requested ids the snapshot has, in request order, each id once (others are absent). */
export function snapshotKeys(snap: MLConnectorSnapshot, ids: readonly string[]): StitchKeys[] {
  return [...new Set(ids)].flatMap((id) => {
    const view = viewOf(snap, id);
    return view ? [keysOf(view)] : [];
  });
}

/** Every object whose links hold one of `links`, once per link it holds (in the snapshot's order). */
export function snapshotMatches(snap: MLConnectorSnapshot, links: readonly string[]): MatchHit[] {
  const wanted = new Set(links);
  const hits: MatchHit[] = [];
  // Every kind goes through keysOf, so `match` answers exactly what `edges` reports as keys.
  for (const view of [...snap.models, ...snap.deployments, ...snap.operations]) {
    for (const value of keysOf(view).links) if (wanted.has(value)) hits.push({ id: view.id, by: 'link', value });
  }
  return hits;
}

/**
 * `match` for one instance. Hashes and uris never match (no object carries one), so only a request
 * with links reads the snapshot: one cached snapshot, rebuilt at most once per TTL (GET /model/all
 * pages, GET /deployment/all and one GET per known owner). The snapshot is complete: never partial.
 */
export async function matchInstance(inst: MLConnectorInstance, req: MatchRequest): Promise<MatchResponse> {
  if (req.links.length === 0) return { matches: [] };
  return { matches: snapshotMatches(await inst.snapshot(), req.links) };
}
