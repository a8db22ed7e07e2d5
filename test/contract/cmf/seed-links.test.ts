/**
 * The CMF seed names the same data as the other trackers' seeds (README "Seed"): fraud-detection's input parquet
 * is ClearML's `fraud-detection` dataset (same uri; the md5 is over the string ClearML hashes with sha256), and the
 * prepared CSV is Comet's `fraud-transactions` 1.0.0 file (md5 of its exact content). Also what the seeded
 * server answers for fraud-detection.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildClearMLSeed } from '../../../emulators/clearml/index.js';
import { CMF_SEED_FRAUD_CSV, CMF_SEED_FRAUD_CSV_MD5, CMF_SEED_FRAUD_DATASET_MD5, CMF_SEED_FRAUD_DATASET_URI, type CmfEmulator, startCmfEmulator } from '../../../emulators/cmf/index.js';
import { buildCometSeed } from '../../../emulators/comet/index.js';
import { call, type Json, TEST_CLOCK_START } from './helpers.js';
import { ManualClock } from '../../../emulators/shared/index.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('CMF seed links', () => {
  let em: CmfEmulator;
  beforeAll(async () => {
    em = await startCmfEmulator({ clock: new ManualClock(TEST_CLOCK_START) });
  });
  afterAll(async () => {
    await em.close();
  });

  it("uses ClearML's fraud-detection dataset uri and hashes the same string", () => {
    const tasks = buildClearMLSeed().tasks as { execution?: { artifacts?: { uri?: string; hash?: string; mode?: string }[] } }[];
    const inputs = tasks.flatMap((t) => t.execution?.artifacts ?? []).filter((a) => a.uri === CMF_SEED_FRAUD_DATASET_URI);
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs[0]?.hash).toBe(sha256(`switchyard-demo:dataset:${CMF_SEED_FRAUD_DATASET_URI}`));
    expect(CMF_SEED_FRAUD_DATASET_MD5).toBe(md5(`switchyard-demo:dataset:${CMF_SEED_FRAUD_DATASET_URI}`));
  });

  it("uses the content of Comet's fraud-transactions 1.0.0 file", () => {
    const version = buildCometSeed().artifacts.find((a) => a.name === 'fraud-transactions')?.versions.find((v) => v.version === '1.0.0');
    expect(version?.files.map((f) => f.content)).toEqual([CMF_SEED_FRAUD_CSV]);
    expect(CMF_SEED_FRAUD_CSV_MD5).toBe(md5(CMF_SEED_FRAUD_CSV));
  });

  it('serves fraud-detection: executions, lineage from the ClearML dataset to the model, the model card', async () => {
    expect((await call(em.url, '/api/list-of-executions/fraud-detection')).json).toEqual(['Prepare_a4c1', 'Train_b7d2', 'Evaluate_c9e3']);
    const lineage = (await call(em.url, '/api/artifact-lineage/tangled-tree/fraud-detection')).json;
    expect(lineage).toEqual([
      [{ id: `transactions-2026-01.parquet:${CMF_SEED_FRAUD_DATASET_MD5.slice(0, 4)}`, parents: [] }],
      [{ id: `transactions.csv:${CMF_SEED_FRAUD_CSV_MD5.slice(0, 4)}`, parents: [`transactions-2026-01.parquet:${CMF_SEED_FRAUD_DATASET_MD5.slice(0, 4)}`] }],
      [expect.objectContaining({ parents: [`transactions.csv:${CMF_SEED_FRAUD_CSV_MD5.slice(0, 4)}`] }), expect.objectContaining({ id: expect.stringMatching(/^fraud-classifier\.pkl:/) })],
      [expect.objectContaining({ id: expect.stringMatching(/^metrics:e105:7$/) })],
    ] as Json);
    const card = (await call(em.url, '/api/model-card?modelId=15')).json as Record<string, Json>[][];
    expect(card[0]?.[0]).toMatchObject({ id: 15, type: 'Model', model_framework: 'XGBoost', model_type: 'XGBClassifier', model_name: 'fraud-classifier' });
    expect(card[2]?.map((r) => r['name'])).toEqual([expect.stringMatching(/^cmf_artifacts\/python_env_/), `data/transactions.csv:${CMF_SEED_FRAUD_CSV_MD5}`]);
    const parquet = (await call(em.url, '/api/artifacts-by-stage/fraud-detection?stage_name=fraud-detection/Prepare&artifact_type=Dataset')).json as { items: { artifact_properties: { name: string; value: string }[] }[] };
    expect(parquet.items.flatMap((i) => i.artifact_properties.filter((p) => p.name === 'url').map((p) => p.value))).toContain(`fraud-detection:${CMF_SEED_FRAUD_DATASET_URI}`);
  });
});
