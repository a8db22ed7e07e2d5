/**
 * The demo data (README "Seed"): `Test-env` (the repository example, = the shared fixture export) and a small
 * `fraud-detection` pipeline whose datasets name the same data as the ClearML and Comet seeds: the input parquet is
 * ClearML's `fraud-detection` dataset (same uri; md5 over the string ClearML hashes with sha256), the prepared CSV
 * is Comet's `fraud-transactions` 1.0.0 file (md5 of its exact content). Deterministic: no clock, no randomness.
 * Documents carry the ids the seeded server holds (fraud-detection continues after Test-env).
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from './pyjson.js';
import { dvcArtifact, pipelineDocument, type SeedArtifact, type SeedExecution, TEST_ENV_LABEL_MD5, TEST_ENV_PYTHON_ENV, testEnvPipeline } from './seedDocs.js';
import type { CmfStore } from './store.js';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** 2026-01-05T08:30:00Z: half an hour after the Comet seed's base (ClearML and Comet runs sit on whole hours). */
export const CMF_SEED_BASE_TIME = Date.UTC(2026, 0, 5, 8, 30);
/** ClearML's seeded `fraud-detection` dataset uri (emulators/clearml/seed.ts `datasetArtifact`). */
export const CMF_SEED_FRAUD_DATASET_URI = 's3://switchyard-demo/datasets/fraud-detection/transactions-2026-01.parquet';
/** md5 of `switchyard-demo:dataset:<uri>`, the string ClearML's seed hashes (sha256) for the same file. */
export const CMF_SEED_FRAUD_DATASET_MD5 = md5(`switchyard-demo:dataset:${CMF_SEED_FRAUD_DATASET_URI}`);
/** Content of Comet's seeded artifact `fraud-transactions` 1.0.0 file `transactions.csv`. */
export const CMF_SEED_FRAUD_CSV = 'id,amount,label\n1,12.50,0\n';
export const CMF_SEED_FRAUD_CSV_MD5 = md5(CMF_SEED_FRAUD_CSV);
export const CMF_SEED_PIPELINES = ['Test-env', 'fraud-detection'] as const;

const FRAUD_ENV_CONTENT = 'xgboost==2.0.3\npandas==2.2.0\nscikit-learn==1.4.0\n';
const FRAUD_GIT = 'https://github.com/switchyard-demo/fraud-models.git';

export interface CmfSeed {
  /** One `{"Pipeline": [ … ]}` export per pipeline, in load order. */
  readonly documents: readonly JsonObject[];
  /** Uploaded python-env files by base name (what `GET /python-env?file_name=` serves). */
  readonly pythonEnvFiles: Readonly<Record<string, string>>;
  /** Uploaded label CSVs by name (the md5 cmflib uploads them under; `GET /label-data?file_name=`). */
  readonly labelFiles: Readonly<Record<string, string>>;
}

function fraudDetectionDocument(): JsonObject {
  const t = (seconds: number): number => CMF_SEED_BASE_TIME + seconds * 1000;
  const remote = (hash: string): string => `fraud-detection:s3://switchyard-demo/dvc/files/md5/${hash.slice(0, 2)}/${hash.slice(2)}`;
  const envMd5 = md5(FRAUD_ENV_CONTENT);
  const env = dvcArtifact('Environment', 4, 11, `cmf_artifacts/python_env_${envMd5}.txt`, envMd5, t(1), remote(envMd5), undefined, FRAUD_GIT);
  const parquet = dvcArtifact('Dataset', 5, 12, 'data/transactions-2026-01.parquet', CMF_SEED_FRAUD_DATASET_MD5, t(2), `fraud-detection:${CMF_SEED_FRAUD_DATASET_URI}`, { source: 'clearml' }, FRAUD_GIT);
  const csv = dvcArtifact('Dataset', 5, 13, 'data/transactions.csv', CMF_SEED_FRAUD_CSV_MD5, t(65), remote(CMF_SEED_FRAUD_CSV_MD5), { rows: 1 }, FRAUD_GIT);
  const uuid = (prefix: string): string => `${prefix}-ea1b-11f0-9c5e-0242ac120002`;
  const stepMd5 = md5('switchyard-demo:cmf:step-metrics:fraud-classifier');
  const steps: SeedArtifact = {
    type: 'Step_Metrics', typeId: 9, id: 14, name: `cmf_artifacts/${uuid('b7d2f301')}/metrics/training_metrics:${stepMd5}:6:${uuid('d0f41523')}`,
    uri: stepMd5, time: t(300), props: { Commit: stepMd5, url: remote(stepMd5) },
  };
  const modelMd5 = md5('switchyard-demo:cmf:model:fraud-classifier');
  const model: SeedArtifact = {
    type: 'Model', typeId: 10, id: 15, name: `models/fraud-classifier.pkl:${modelMd5}:6`, uri: modelMd5, time: t(310),
    props: { model_framework: 'XGBoost', model_type: 'XGBClassifier', model_name: 'fraud-classifier', Commit: modelMd5, url: remote(modelMd5) },
  };
  const metricsName = `metrics:${uuid('e1052634')}:7`;
  const metrics: SeedArtifact = { type: 'Metrics', typeId: 12, id: 16, name: metricsName, uri: uuid('e1052634'), time: t(420), props: { metrics_name: metricsName }, custom: { auc: 0.97, precision: 0.91, recall: 0.88 } };
  const pyEnv = { Python_Env: `cmf_artifacts/python_env_${envMd5}.txt` };
  const exec = (type: string, typeId: number, id: number, at: number, custom: JsonObject, argv: string, prefix: string, inputs: SeedArtifact[], outputs: SeedArtifact[]): SeedExecution => ({
    type, typeId, id, created: t(at), updated: t(at + 60), custom: { ...custom, ...pyEnv }, argv, uuid: uuid(prefix), inputs, outputs,
  });
  return pipelineDocument({
    id: 6,
    name: 'fraud-detection',
    time: t(0),
    gitRepo: FRAUD_GIT,
    gitStart: sha1('switchyard-demo:fraud-models:main'),
    stages: [
      { id: 7, stage: 'Prepare', time: t(1), execution: exec('Prepare', 13, 5, 3, { split: 0.2, seed: 42 }, "['src/prepare.py', 'data/transactions-2026-01.parquet', 'data/transactions.csv']", 'a4c1e2f0', [env, parquet], [csv]) },
      { id: 8, stage: 'Train', time: t(120), execution: exec('Train', 14, 6, 121, { learning_rate: 0.1, max_depth: 6, n_estimators: 200 }, "['src/train.py', 'data/transactions.csv', 'models/fraud-classifier.pkl']", 'b7d2f301', [env, csv], [steps, model]) },
      { id: 9, stage: 'Evaluate', time: t(400), execution: exec('Evaluate', 15, 7, 401, { threshold: 0.5 }, "['src/evaluate.py', 'models/fraud-classifier.pkl', 'data/transactions.csv']", 'c9e30412', [env, model, csv], [metrics]) },
    ],
  });
}

/** The demo pipelines as MLMD JSON documents, plus the files their clients uploaded. */
export function buildCmfSeed(): CmfSeed {
  return {
    documents: [pipelineDocument(testEnvPipeline()), fraudDetectionDocument()],
    pythonEnvFiles: {
      [TEST_ENV_PYTHON_ENV.slice(TEST_ENV_PYTHON_ENV.lastIndexOf('/') + 1)]: 'numpy==1.24.2\npandas==1.5.3\n',
      [`python_env_${md5(FRAUD_ENV_CONTENT)}.txt`]: FRAUD_ENV_CONTENT,
    },
    labelFiles: { [TEST_ENV_LABEL_MD5]: 'id,label\n1,cat\n' },
  };
}

/** Loads a seed into a store: documents with their ids and times kept, files as if uploaded. */
export async function applyCmfSeed(store: CmfStore, seed: CmfSeed): Promise<void> {
  await store.load(seed.documents);
  for (const [name, content] of Object.entries(seed.pythonEnvFiles)) store.files.pythonEnv.set(name, Buffer.from(content));
  for (const [name, content] of Object.entries(seed.labelFiles)) store.files.labels.set(name, Buffer.from(content));
}
