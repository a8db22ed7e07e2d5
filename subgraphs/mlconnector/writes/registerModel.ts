/**
 * registerModel → POST /model/add, always with the fields the real server needs
 * (reference/mlconnector.md §4.1): `drift_detection` present (null), a non-empty `hyperparameter`
 * (upstream stores `trainingresource` only when `hyperparameter` is truthy; without one the answer
 * is a 500 after the row was saved) and `trainingresource` as a list. MLConnector has no version,
 * framework, URI or lineage fields, so those travel as tags (`version:`, `framework:`, `uri:`, the
 * producing task's global id as a REFERENCES tag), and the idempotency key as `switchyard.idempotency:<key>`:
 * a retry finds the earlier model by that tag (DESIGN §7).
 */
import { switchyardError } from '../../shared/errors.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import type { MLModelCreateWire } from '../connector/index.js';
import { modelId } from '../mapper/ids.js';
import type { MLConnectorSource } from '../source.js';

type RegisterModelRequest = Extract<WriteRequest, { op: 'registerModel' }>;

export const IDEMPOTENCY_TAG = 'switchyard.idempotency:';
/** The placeholder hyperparameter upstream needs so that `trainingresource` is stored. */
export const REGISTERED_MARKER = { parameter: 'switchyard.registered', value: 1 } as const;

export function registerModelBody(req: RegisterModelRequest): MLModelCreateWire {
  const tags = [
    ...(req.tags ?? []),
    ...(req.version !== undefined ? [`version:${req.version}`] : []),
    ...(req.framework !== undefined ? [`framework:${req.framework}`] : []),
    ...(req.uri !== undefined ? [`uri:${req.uri}`] : []),
    ...(req.producedBy !== undefined ? [req.producedBy] : []),
    ...(req.idempotencyKey !== undefined ? [`${IDEMPOTENCY_TAG}${req.idempotencyKey}`] : []),
  ];
  return {
    modelname: req.name,
    modelkind: req.framework ?? 'unspecified',
    hyperparameter: [REGISTERED_MARKER],
    modelperformance: [],
    trainingresource: [],
    runresource: [],
    featurelist: [],
    inference: [],
    modeltags: [...new Set(tags)],
    drift_detection: null,
  };
}

export async function registerModel(source: MLConnectorSource, req: RegisterModelRequest): Promise<WriteResponse> {
  if (req.name.trim() === '') throw switchyardError('BAD_USER_INPUT', 'registerModel needs a non-empty name.', { source: req.instance });
  if (req.name.length > 100) throw switchyardError('BAD_USER_INPUT', 'MLConnector model names are at most 100 characters.', { source: req.instance });
  const inst = source.instance(req.instance);
  if (req.idempotencyKey !== undefined) {
    // Asked of MLConnector, not the cached snapshot: the earlier attempt may have been saved by a call
    // that then failed (a 500 after save). One tag search, not a rebuild of the whole snapshot.
    const [earlier] = await inst.connector.modelsTagged(`${IDEMPOTENCY_TAG}${req.idempotencyKey}`);
    if (earlier) return { id: modelId(inst.name, earlier.modelid) };
  }
  let created: Awaited<ReturnType<typeof inst.connector.addModel>>;
  try {
    created = await inst.connector.addModel(registerModelBody(req));
  } finally {
    // Failed or not, the model may now exist: the next list must read again.
    inst.invalidate();
  }
  return { id: modelId(inst.name, created.modelid) };
}
