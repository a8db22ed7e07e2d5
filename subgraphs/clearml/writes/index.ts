/**
 * The source contract's `write`: routes each op to its ClearML calls and forgets the instance's cache
 * afterwards (list snapshots included), so what was written shows in the next read.
 */
import type { Clock } from '../../shared/clock.js';
import { switchyardError } from '../../shared/errors.js';
import { encodeId, type InstanceMap, tryDecodeId } from '../../shared/ids.js';
import type { WriteOp, WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import type { ClearMLInstance, ClearMLSource } from '../source.js';
import { nativeOf } from './common.js';
import { addModelTags, registerModel, setModelStages } from './modelWrites.js';
import { addTaskTags, createTask, logMetrics, logParameters, setTaskArchived, setTaskStatus } from './taskWrites.js';

export const TASK_WRITES: readonly WriteOp[] = ['createTask', 'logMetrics', 'logParameters', 'setTaskStatus', 'setTaskArchived', 'addTags'];
export const MODEL_WRITES: readonly WriteOp[] = ['registerModel', 'setModelStages', 'addTags'];

export async function applyWrite(source: ClearMLSource, instances: InstanceMap, clock: Clock, req: WriteRequest): Promise<WriteResponse> {
  const inst = source.instance(req.instance);
  try {
    return await route(inst, instances, clock, req);
  } finally {
    await inst.invalidate();
  }
}

async function route(inst: ClearMLInstance, instances: InstanceMap, clock: Clock, req: WriteRequest): Promise<WriteResponse> {
  const idOf = (kind: 'task' | 'model', native: string) => encodeId({ instance: inst.config.name, kind, native: [native] });
  const task = (id: string) => nativeOf(inst, instances, id, 'task');
  switch (req.op) {
    case 'createTask':
      return { id: idOf('task', await createTask(inst, req)) };
    case 'logMetrics':
      return logMetrics(inst, task(req.id), req.id, req.points, clock.now());
    case 'logParameters':
      await logParameters(inst, task(req.id), req.id, req.parameters);
      return { id: req.id };
    case 'setTaskStatus':
      await setTaskStatus(inst, task(req.id), req.id, req.status);
      return { id: req.id };
    case 'setTaskArchived':
      await setTaskArchived(inst, task(req.id), req.id, req.archived);
      return { id: req.id };
    case 'addTags': {
      const kind = tryDecodeId(req.id, instances)?.kind;
      if (kind === 'artifact' || kind === 'serving') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `ClearML ${kind === 'artifact' ? 'artifacts' : 'serving endpoints'} have no tags.`, { source: inst.config.name, id: req.id });
      if (kind === 'model') await addModelTags(inst, nativeOf(inst, instances, req.id, 'model'), req.id, req.tags);
      else await addTaskTags(inst, task(req.id), req.id, req.tags);
      return { id: req.id };
    }
    case 'registerModel':
      return { id: idOf('model', await registerModel(inst, instances, req)) };
    case 'setModelStages':
      await setModelStages(inst, nativeOf(inst, instances, req.id, 'model'), req.id, req.stages);
      return { id: req.id };
    default:
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `ClearML sources do not take "${(req as { op: string }).op}".`, { source: inst.config.name });
  }
}
