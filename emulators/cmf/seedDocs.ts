/**
 * Builders for MLMD JSON documents in `CmfQuery.dumptojson`'s key order (the format `cmf metadata export` writes
 * and `mlmd_push` carries), and the repository's example pipeline `Test-env` exactly as
 * `shared/fixtures/cmf/mlmd-export-Test-env.synthetic.json` has it (a test compares them byte for byte).
 */
import type { JsonObject } from './pyjson.js';
import { INPUT, OUTPUT } from './types.js';

export interface SeedArtifact {
  readonly type: string;
  readonly typeId: number;
  readonly id: number;
  readonly name: string;
  readonly uri: string;
  readonly time: number;
  readonly props: JsonObject;
  readonly custom?: JsonObject;
}

export interface SeedExecution {
  readonly type: string;
  readonly typeId: number;
  readonly id: number;
  readonly created: number;
  readonly updated: number;
  readonly custom: JsonObject;
  readonly argv: string;
  readonly uuid: string;
  readonly inputs: readonly SeedArtifact[];
  readonly outputs: readonly SeedArtifact[];
}

export interface SeedStage {
  readonly id: number;
  /** Stage part of the name (`Prepare`); the context is `<pipeline>/<stage>`. */
  readonly stage: string;
  readonly time: number;
  readonly custom?: JsonObject;
  readonly execution: SeedExecution;
}

export interface SeedPipeline {
  readonly id: number;
  readonly name: string;
  readonly time: number;
  readonly gitRepo: string;
  readonly gitStart: string;
  readonly stages: readonly SeedStage[];
}

const artifactJson = (a: SeedArtifact): JsonObject => ({
  type: a.type,
  create_time_since_epoch: a.time,
  custom_properties: { ...a.custom },
  id: a.id,
  last_update_time_since_epoch: a.time,
  name: a.name,
  properties: a.props,
  type_id: a.typeId,
  uri: a.uri,
});

/** The `{"Pipeline": [ … ]}` document of one pipeline. */
export function pipelineDocument(p: SeedPipeline): JsonObject {
  const stages = p.stages.map((s) => {
    const name = `${p.name}/${s.stage}`;
    const x = s.execution;
    const execution: JsonObject = {
      type: x.type,
      name: '',
      events: [...x.inputs.map((a) => ({ type: INPUT, artifact: artifactJson(a) })), ...x.outputs.map((a) => ({ type: OUTPUT, artifact: artifactJson(a) }))],
      create_time_since_epoch: x.created,
      custom_properties: x.custom,
      id: x.id,
      last_update_time_since_epoch: x.updated,
      properties: {
        Context_ID: s.id,
        Context_Type: name,
        Execution: x.argv,
        Execution_type_name: name,
        Execution_uuid: x.uuid,
        Git_End_Commit: '',
        Git_Repo: p.gitRepo,
        Git_Start_Commit: p.gitStart,
        Pipeline_Type: p.name,
        Pipeline_id: p.id,
      },
      type_id: x.typeId,
    };
    return { executions: [execution], create_time_since_epoch: s.time, custom_properties: { ...s.custom }, id: s.id, last_update_time_since_epoch: s.time, name, properties: { Pipeline_Stage: name }, type: 'Pipeline_Stage', type_id: 2 };
  });
  return { Pipeline: [{ stages, create_time_since_epoch: p.time, custom_properties: {}, id: p.id, last_update_time_since_epoch: p.time, name: p.name, properties: { Pipeline: p.name }, type: 'Parent_Context', type_id: 1 }] };
}

/** A DVC-tracked file artifact (`<path>:<md5>`, uri and Commit = md5, url = `<pipeline>:<remote path>`). */
export function dvcArtifact(type: string, typeId: number, id: number, path: string, md5: string, time: number, url: string, custom?: JsonObject, gitRepo?: string): SeedArtifact {
  const props: JsonObject = gitRepo === undefined ? { Commit: md5, url } : { git_repo: gitRepo, Commit: md5, url };
  return { type, typeId, id, name: `${path}:${md5}`, uri: md5, time, props, ...(custom ? { custom } : {}) };
}

const TE_GIT = 'https://github.com/hpe-user/experiment-repo.git';
const local = (md5: string): string => `Test-env:/home/hpe-user/local-storage/files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`;
const teFile = (type: string, typeId: number, id: number, path: string, md5: string, time: number, custom?: JsonObject): SeedArtifact => dvcArtifact(type, typeId, id, path, md5, time, local(md5), custom, TE_GIT);

/** Python env file of the Test-env example (its content is in the seed's uploaded files). */
export const TEST_ENV_PYTHON_ENV = 'cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt';
export const TEST_ENV_LABEL_MD5 = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** `examples/example-get-started` as the fixture describes it: Prepare → Featurize → Train → Evaluate. */
export function testEnvPipeline(): SeedPipeline {
  const env = teFile('Environment', 4, 2, TEST_ENV_PYTHON_ENV, '8b2d0e43d0c9a1e6f1a4c2b9f3e7d5a1', 1698650989000);
  const data = teFile('Dataset', 5, 1, 'artifacts/data.xml.gz', '236d9502e0283d91f689d7038b8508a2', 1698650991666, {
    'user-metadata1': 'metadata_value',
    labels: 'artifacts/labels.csv',
    labels_uri: `artifacts/labels.csv:${TEST_ENV_LABEL_MD5}`,
  });
  const label: SeedArtifact = { ...teFile('Label', 6, 3, 'artifacts/labels.csv', TEST_ENV_LABEL_MD5, 1698650991700, { user1: 'xyz', dataset_uri: data.uri }), props: { git_repo: TE_GIT, Commit: TEST_ENV_LABEL_MD5, url: 'artifacts/labels.csv' } };
  const trainTsv = teFile('Dataset', 5, 4, 'artifacts/parsed/train.tsv', '32b715ef0d71ff4c9e61f55b09c15e75', 1698650998240);
  const testTsv = teFile('Dataset', 5, 5, 'artifacts/parsed/test.tsv', '6f597d341ceb7d8fbbe88859a892ef81', 1698651001110);
  const trainPkl = teFile('Dataset', 5, 6, 'artifacts/features/train.pkl', '4b0798de5dd985eedbb0afee78b9e5aa', 1698651040135);
  const testPkl = teFile('Dataset', 5, 7, 'artifacts/features/test.pkl', 'd7bdfab860e2835ec9681fa9ebdce149', 1698651043625);
  const stepMd5 = '9d1c3e5a7b2f4d6e8a0c1b3d5f7e9a2c';
  const stepMetrics: SeedArtifact = {
    type: 'Step_Metrics', typeId: 9, id: 8, name: `cmf_artifacts/3f6f2db2-76f6-11ee-9600-5b8c6d427e3f/metrics/training_metrics:${stepMd5}:3:52a1c4e6-76f6-11ee-9600-5b8c6d427e3f`,
    uri: stepMd5, time: 1698651060001, props: { Commit: stepMd5, url: local(stepMd5) },
  };
  const modelMd5 = '5f1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f';
  const model: SeedArtifact = {
    type: 'Model', typeId: 10, id: 9, name: `artifacts/model/model.pkl:${modelMd5}:3`, uri: modelMd5, time: 1698651061002,
    props: { model_framework: 'SKlearn', model_type: 'RandomForestClassifier', model_name: 'RandomForestClassifier:default', Commit: modelMd5, url: local(modelMd5) },
  };
  const metricsName = 'metrics:5c0ff3a8-76f6-11ee-9600-5b8c6d427e3f:4';
  const metrics: SeedArtifact = { type: 'Metrics', typeId: 12, id: 10, name: metricsName, uri: '5c0ff3a8-76f6-11ee-9600-5b8c6d427e3f', time: 1698651070123, props: { metrics_name: metricsName }, custom: { avg_prec: 0.9, roc_auc: 0.96 } };
  const pyEnv = { Python_Env: TEST_ENV_PYTHON_ENV };
  const exec = (type: string, typeId: number, id: number, created: number, custom: JsonObject, argv: string[], uuid: string, inputs: SeedArtifact[], outputs: SeedArtifact[]): SeedExecution => ({
    type, typeId, id, created, updated: created + 900, custom: { ...custom, ...pyEnv }, argv: `[${argv.map((a) => `'${a}'`).join(', ')}]`, uuid: `${uuid}-76f6-11ee-9600-5b8c6d427e3f`, inputs, outputs,
  });
  return {
    id: 1,
    name: 'Test-env',
    time: 1698650988129,
    gitRepo: TE_GIT,
    gitStart: '44bf2ad09d89e24693c8e98b8da8fcecb248fb77',
    stages: [
      { id: 2, stage: 'Prepare', time: 1698650988139, custom: { 'user-metadata1': 'metadata_value' }, execution: exec('Prepare', 3, 1, 1698650988149, { split: 0.2, seed: 20170428 }, ['src/parse.py', 'artifacts/data.xml.gz', 'artifacts/parsed'], '1afa7676', [env, data, label], [trainTsv, testTsv]) },
      { id: 3, stage: 'Featurize', time: 1698651006200, execution: exec('Featurize-execution', 7, 2, 1698651006263, { max_features: 3000, ngrams: 2 }, ['src/featurize.py', 'artifacts/parsed', 'artifacts/features'], '25c66fa6', [env, trainTsv, testTsv], [trainPkl, testPkl]) },
      { id: 4, stage: 'Train', time: 1698651049200, execution: exec('Train-execution', 8, 3, 1698651049311, { seed: 20170428, n_est: 100, min_split: 64 }, ['src/train.py', 'artifacts/features', 'artifacts/model'], '3f6f2db2', [env, trainPkl], [stepMetrics, model]) },
      { id: 5, stage: 'Evaluate', time: 1698651064700, execution: exec('Evaluate-execution', 11, 4, 1698651064817, {}, ['src/test.py', 'artifacts/model', 'artifacts/features', 'artifacts/test_results'], '48ad70d2', [env, model, testPkl], [metrics]) },
    ],
  };
}
