/**
 * The source contract's `write`: routes each op to its Comet calls and forgets the instance's cache
 * afterwards (list snapshots included), so what was written shows in the next read.
 */
import type { Clock } from '../../shared/clock.js';
import { switchyardError } from '../../shared/errors.js';
import { encodeId, type InstanceMap } from '../../shared/ids.js';
import type { WriteOp, WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import type { CometInstance, CometSource } from '../source.js';
import { experimentKeyOf, nativeOf } from './common.js';
import { addExperimentTags, createTask, logMetrics, logParameters, setTaskArchived, setTaskStatus } from './experimentWrites.js';
import { registerModel, setModelStages } from './modelWrites.js';

export const TASK_WRITES: readonly WriteOp[] = ['createTask', 'logMetrics', 'logParameters', 'setTaskStatus', 'setTaskArchived', 'addTags'];
export const MODEL_WRITES: readonly WriteOp[] = ['registerModel', 'setModelStages'];

export async function applyWrite(source: CometSource, instances: InstanceMap, clock: Clock, req: WriteRequest): Promise<WriteResponse> {
  const inst = source.instance(req.instance);
  try {
    return await route(inst, instances, clock, req);
  } finally {
    await inst.invalidate();
  }
}

async function route(inst: CometInstance, instances: InstanceMap, clock: Clock, req: WriteRequest): Promise<WriteResponse> {
  const experiment = (id: string) => experimentKeyOf(inst, instances, id);
  switch (req.op) {
    case 'createTask': {
      const idOf = (key: string) => encodeId({ instance: inst.config.name, kind: 'experiment', native: [key] });
      return { id: idOf(await createTask(inst, req, idOf)) };
    }
    case 'logMetrics':
      return logMetrics(inst, experiment(req.id), req.id, req.points, clock.now());
    case 'logParameters':
      await logParameters(inst, experiment(req.id), req.id, req.parameters, clock.now());
      return { id: req.id };
    case 'setTaskStatus':
      await setTaskStatus(inst, experiment(req.id), req.id, req.status);
      return { id: req.id };
    case 'setTaskArchived':
      await setTaskArchived(inst, experiment(req.id), req.id, req.archived);
      return { id: req.id };
    case 'addTags': {
      const { kind } = nativeOf(inst, instances, req.id, ['experiment', 'model-version', 'experiment-model', 'asset', 'artifact-version']);
      if (kind !== 'experiment') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `Comet cannot tag a ${kind} through its REST API.`, { source: inst.config.name, id: req.id });
      await addExperimentTags(inst, experiment(req.id), req.id, req.tags);
      return { id: req.id };
    }
    case 'registerModel':
      return { id: await registerModel(inst, instances, req) };
    case 'setModelStages':
      await setModelStages(inst, instances, req.id, req.stages);
      return { id: req.id };
    default:
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `Comet sources do not take "${(req as { op: string }).op}".`, { source: inst.config.name });
  }
}
