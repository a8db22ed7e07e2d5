/**
 * The source contract's `write` for CMF: CMF's only write is a whole-pipeline push (`pushMetadata`);
 * createTask, logMetrics, logParameters, setTaskStatus, setTaskArchived, addTags, registerModel and
 * setModelStages have no CMF counterpart (its REST API takes no per-object writes) and answer
 * NOT_SUPPORTED_BY_SOURCE.
 */
import { switchyardError } from '../../shared/errors.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import type { CmfSource } from '../source.js';
import { type PushMetadataRequest, pushMetadata } from './pushMetadata.js';

export { executionIds, pushMetadata, type PushMetadataRequest, type PushMetadataResult } from './pushMetadata.js';

/** The write ops CMF sources list in `capabilities.writes` (on kind `task`: a push writes executions). */
export const CMF_WRITES: readonly string[] = ['pushMetadata'];

export async function applyWrite(source: CmfSource, req: WriteRequest | PushMetadataRequest): Promise<WriteResponse> {
  const op = (req as { readonly op: string }).op;
  if (op === 'pushMetadata') return pushMetadata(source, req as PushMetadataRequest);
  throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `CMF sources do not take "${op}": CMF's only write is a whole-pipeline push (pushMetadata).`, { source: req.instance });
}
