/**
 * A synthetic MLMD document of about a given size, in the shape `cmf metadata push` sends
 * (reference/cmf.md "MLMD JSON format"): one pipeline, stages of executions, each with input and
 * output events carrying Dataset/Model artifacts. Deterministic for a given size.
 */
import { createHash } from 'node:crypto';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function artifact(pipeline: string, i: number, type: 'Dataset' | 'Model'): Record<string, unknown> {
  const hash = md5(`${pipeline}:${type}:${i}`);
  const path = type === 'Dataset' ? `artifacts/data-${i}.csv` : `artifacts/model-${i}.pkl`;
  return {
    type,
    create_time_since_epoch: 1_767_600_000_000 + i,
    custom_properties: { rows: 1000 + i, note: 'x'.repeat(64) },
    id: i + 1,
    last_update_time_since_epoch: 1_767_600_000_000 + i,
    name: `${path}:${hash}`,
    properties: { git_repo: 'https://example.com/repo.git', Commit: hash, url: `${pipeline}:/store/files/md5/${hash.slice(0, 2)}/${hash.slice(2)}` },
    type_id: type === 'Dataset' ? 5 : 6,
    uri: hash,
  };
}

function execution(pipeline: string, stage: string, i: number): Record<string, unknown> {
  const uuid = `${md5(`${pipeline}:${i}`).slice(0, 8)}-${md5(`${i}`).slice(0, 4)}-11ee-9600-${md5(`${pipeline}:${stage}:${i}`).slice(0, 12)}`;
  return {
    type: stage,
    name: '',
    create_time_since_epoch: 1_767_600_000_000 + i * 1000,
    custom_properties: { seed: i, split: 0.2, lr: 0.01 },
    id: i + 1,
    last_update_time_since_epoch: 1_767_600_000_000 + i * 1000 + 500,
    properties: {
      Context_ID: 2,
      Context_Type: `${pipeline}/${stage}`,
      Execution: `['src/${stage}.py']`,
      Execution_type_name: `${pipeline}/${stage}`,
      Execution_uuid: uuid,
      Git_End_Commit: '',
      Git_Repo: 'https://example.com/repo.git',
      Git_Start_Commit: md5(`commit:${i}`),
      Pipeline_Type: pipeline,
      Pipeline_id: 1,
    },
    type_id: 3,
    events: [
      { type: 3, artifact: artifact(pipeline, i, 'Dataset') },
      { type: 4, artifact: artifact(pipeline, i + 1, 'Dataset') },
      { type: 4, artifact: artifact(pipeline, i, 'Model') },
    ],
  };
}

/** A document whose JSON text is at least `bytes` long. */
export function mlmdDocument(pipeline: string, bytes: number): Record<string, unknown> {
  const one = JSON.stringify(execution(pipeline, 'train', 0)).length;
  const count = Math.ceil(bytes / one);
  const stages = ['prepare', 'featurize', 'train', 'evaluate'];
  const per = Math.ceil(count / stages.length);
  return {
    Pipeline: [
      {
        name: pipeline,
        type: 'Parent_Context',
        id: 1,
        type_id: 1,
        properties: {},
        custom_properties: {},
        create_time_since_epoch: 1_767_600_000_000,
        last_update_time_since_epoch: 1_767_600_000_000,
        stages: stages.map((stage, s) => ({
          name: `${pipeline}/${stage}`,
          type: 'Pipeline_Stage',
          id: s + 2,
          type_id: 2,
          properties: {},
          custom_properties: {},
          create_time_since_epoch: 1_767_600_000_000,
          last_update_time_since_epoch: 1_767_600_000_000,
          executions: Array.from({ length: per }, (_, i) => execution(pipeline, stage, s * per + i)),
        })),
      },
    ],
  };
}
