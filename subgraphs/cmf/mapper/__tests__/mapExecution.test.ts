import { describe, expect, it } from '@jest/globals';
import { mapExecution, mapPipelines } from '../index.js';
import { executions2023, exportDoc } from './fixtures.js';

const data = () => {
  const [p] = mapPipelines(exportDoc(), 'cmf');
  if (!p) throw new Error('no pipeline');
  return p;
};

describe('mapExecution', () => {
  it('maps every execution of the export to a Task with CMF’s fields', () => {
    const train = data().executions.find((e) => e.stage === 'Test-env/Train');
    expect(train).toMatchObject({
      __typename: 'CmfExecution',
      id: 'cmf:execution:Test-env/3f6f2db2-76f6-11ee-9600-5b8c6d427e3f',
      origin: { source: 'cmf', kind: 'CMF', nativeId: '3f6f2db2-76f6-11ee-9600-5b8c6d427e3f', url: null },
      name: 'Train_3f6f',
      project: 'Test-env',
      status: 'UNKNOWN',
      type: 'Train-execution',
      executionType: 'Train-execution',
      pipeline: 'Test-env',
      executionUuid: '3f6f2db2-76f6-11ee-9600-5b8c6d427e3f',
      mlmdId: 3,
      command: "['src/train.py', 'artifacts/features', 'artifacts/model']",
      gitRepo: 'https://github.com/hpe-user/experiment-repo.git',
      gitStartCommit: '44bf2ad09d89e24693c8e98b8da8fcecb248fb77',
      gitEndCommit: null,
      pythonEnv: 'cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt',
      parameters: [
        { section: null, name: 'seed', value: '20170428' },
        { section: null, name: 'n_est', value: '100' },
        { section: null, name: 'min_split', value: '64' },
      ],
      metrics: [],
    });
    expect(train?.raw).not.toHaveProperty('events');
  });

  it('agrees with CMF’s own 2023 executions listing on uuid, stage, git, creation time and parameters', () => {
    const byUuid = new Map(data().executions.map((e) => [e.executionUuid, e]));
    const ignored = new Set(['Context_ID', 'Context_Type', 'Execution', 'Execution_type_name', 'Execution_uuid', 'Git_End_Commit', 'Git_Repo', 'Git_Start_Commit', 'Pipeline_Type', 'Pipeline_id', 'original_create_time_since_epoch']);
    for (const row of executions2023()) {
      const e = byUuid.get(String(row['Execution_uuid']));
      expect(e).toMatchObject({ stage: row['Context_Type'], gitStartCommit: row['Git_Start_Commit'], gitRepo: row['Git_Repo'], command: row['Execution'] });
      expect(e?.createdAt).toBe(new Date(Number(row['original_create_time_since_epoch'])).toISOString());
      const params = Object.entries(row).filter(([k, v]) => !ignored.has(k) && v !== null);
      expect(Object.fromEntries((e?.parameters ?? []).map((p) => [p.name, Number(p.value)]))).toEqual(Object.fromEntries(params));
    }
  });

  it('reads the Metrics artifacts it outputs as last-value summaries', () => {
    const evaluate = data().executions.find((e) => e.name === 'Evaluate_48ad');
    expect(evaluate?.metrics).toEqual([
      { name: 'avg_prec', variant: 'metrics', last: 0.9, min: null, max: null, step: null, updatedAt: '2023-10-30T07:31:10.123Z' },
      { name: 'roc_auc', variant: 'metrics', last: 0.96, min: null, max: null, step: null, updatedAt: '2023-10-30T07:31:10.123Z' },
    ]);
  });

  it('prefers the server-stamped original_create_time_since_epoch, keeps an execution’s own name, and skips executions without a uuid', () => {
    const base = { name: 'reused', type: 'T', create_time_since_epoch: 1_700_000_000_000, properties: { Execution_uuid: 'abcd-1,abcd-2', Context_Type: 'p/s' }, custom_properties: { original_create_time_since_epoch: '1600000000000', Python_Env: 'env.txt', lr: 0.1 } };
    const v = mapExecution(base, { instance: 'cmf', pipeline: 'p', stage: null });
    expect(v).toMatchObject({ name: 'reused', stage: 'p/s', createdAt: '2020-09-13T12:26:40.000Z', executionUuid: 'abcd-1,abcd-2', parameters: [{ section: null, name: 'lr', value: '0.1' }] });
    expect(v?.id).toBe('cmf:execution:p/abcd-1%2Cabcd-2');
    expect(mapExecution({ ...base, properties: {} }, { instance: 'cmf', pipeline: 'p', stage: null })).toBeNull();
  });

  it('uses a later Metrics artifact over an earlier one for the same metric', () => {
    const metrics = (at: number, v: number) => ({ type: 4, artifact: { type: 'Metrics', name: `m:${at}`, create_time_since_epoch: at, custom_properties: { acc: v, note: 'text' } } });
    const v = mapExecution({ properties: { Execution_uuid: 'u1' }, events: [metrics(2000, 0.5), metrics(1000, 0.1)] }, { instance: 'cmf', pipeline: 'p', stage: 'p/s' });
    expect(v?.metrics).toEqual([{ name: 'acc', variant: 'm', last: 0.5, min: null, max: null, step: null, updatedAt: '1970-01-01T00:00:02.000Z' }]);
  });
});
