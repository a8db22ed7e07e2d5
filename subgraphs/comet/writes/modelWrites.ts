/**
 * Registry writes (reference §3.5). `registerModel` promotes an experiment model (`producedBy` names
 * the experiment, `name` its model) to a registry model of that name in the experiment's workspace:
 * `write/registry-model` when the name is new, `write/registry-model/item` (a new version) when it
 * exists, as the Python SDK decides. The idempotency key goes into the version's comment
 * (`switchyard.idempotencyKey=<key>`), looked up before writing; without a key, registering the same
 * experiment model as an existing version returns that version, and a version taken by another model is
 * a CONFLICT. Stages are added and removed one by one (`item/stage`, `item/stage/delete`).
 */
import { switchyardError } from '../../shared/errors.js';
import type { InstanceMap } from '../../shared/ids.js';
import type { WriteRequest } from '../../shared/sourceContract.js';
import { isExperimentModelWire, listOf } from '../connector/index.js';
import { type CometModelVersionView, modelVersionId } from '../mapper/index.js';
import { readRegistryVersions } from '../registry.js';
import type { CometInstance } from '../source.js';
import { experimentKeyOf, freshExperiment, nativeOf } from './common.js';

type RegisterModel = Extract<WriteRequest, { op: 'registerModel' }>;

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The comment marker of an idempotency key. */
export const idempotencyComment = (key: string): string => `switchyard.idempotencyKey=${key}`;

export async function registerModel(inst: CometInstance, instances: InstanceMap, input: RegisterModel): Promise<string> {
  const source = inst.config.name;
  const unsupported = (['framework', 'uri', 'tags'] as const).filter((f) => input[f] !== undefined && !(f === 'tags' && input.tags?.length === 0));
  if (unsupported.length > 0) throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `Comet registry versions have no ${unsupported.join(', ')}.`, { source });
  if (input.producedBy === undefined) throw switchyardError('BAD_USER_INPUT', 'Comet registers experiment models: "producedBy" must name the experiment.', { source });
  if (input.version !== undefined && !SEMVER.test(input.version)) throw switchyardError('BAD_USER_INPUT', `"${input.version}" is not a semantic version (e.g. 1.0.0).`, { source });
  if (input.idempotencyKey === '') throw switchyardError('BAD_USER_INPUT', 'An idempotencyKey must not be empty.', { source });
  const key = experimentKeyOf(inst, instances, input.producedBy);
  const experiment = await freshExperiment(inst, key, input.producedBy);
  const workspace = typeof experiment['workspaceName'] === 'string' ? experiment['workspaceName'] : '';
  const models = listOf(await inst.readOrAbsent('experiment/model', key), 'models', isExperimentModelWire);
  const model = models.find((m) => m.modelName === input.name);
  const experimentModelId = typeof model?.experimentModelId === 'string' ? model.experimentModelId : undefined;
  if (!experimentModelId) throw switchyardError('NOT_FOUND', `Comet experiment ${key} has no model named "${input.name}".`, { source, id: input.producedBy });
  const versions = await readRegistryVersions(inst, workspace, input.name);
  const idOf = (version: string) => modelVersionId(source, workspace, input.name, version);
  const marker = input.idempotencyKey !== undefined ? idempotencyComment(input.idempotencyKey) : undefined;
  const earlier = marker !== undefined ? versions?.find((v) => v.comment?.includes(marker)) : undefined;
  if (earlier?.version) return earlier.id;
  const version = input.version ?? nextVersion(versions ?? []);
  const taken = versions?.find((v) => v.version === version);
  if (taken) {
    if (taken.experimentKey === key && taken.experimentModelName === input.name && marker === undefined) return taken.id;
    throw switchyardError('CONFLICT', `Version ${version} of registry model "${input.name}" exists already.`, { source, id: idOf(version) });
  }
  const body = { experimentModelId, registryModelName: input.name, version, ...(marker !== undefined ? { comment: marker } : {}) };
  await inst.connector.post(versions === null ? 'write/registry-model' : 'write/registry-model/item', body, 'write', input.producedBy);
  return idOf(version);
}

/** `1.0.0` for a new model, else the next major version above the highest. */
function nextVersion(versions: readonly CometModelVersionView[]): string {
  const majors = versions.map((v) => Number(SEMVER.exec(v.version ?? '')?.[1] ?? -1));
  return majors.length === 0 ? '1.0.0' : `${Math.max(...majors) + 1}.0.0`;
}

export async function setModelStages(inst: CometInstance, instances: InstanceMap, id: string, stages: readonly string[]): Promise<void> {
  const source = inst.config.name;
  const { kind, parts } = nativeOf(inst, instances, id, ['model-version', 'experiment-model']);
  if (kind === 'experiment-model') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'Comet experiment models have no stages: register the model and stage its version.', { source, id });
  if (stages.some((s) => s.trim() === '')) throw switchyardError('BAD_USER_INPUT', 'A stage must not be empty.', { source, id });
  const [workspace = '', model = ''] = parts;
  const version = (await readRegistryVersions(inst, workspace, model))?.find((v) => v.id === id);
  const modelItemId = version?.registryModelItemId;
  if (!version || !modelItemId) throw switchyardError('NOT_FOUND', `Comet registry model version ${parts.join('/')} does not exist.`, { source, id });
  const current = version.stages ?? [];
  const wanted = [...new Set(stages)];
  for (const stage of wanted.filter((s) => !current.includes(s))) await inst.connector.get('write/registry-model/item/stage', { modelItemId, stage }, 'write', id);
  for (const stage of current.filter((s) => !wanted.includes(s))) await inst.connector.get('write/registry-model/item/stage/delete', { modelItemId, stage }, 'write', id);
}
