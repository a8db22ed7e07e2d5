/**
 * Replays what cmflib's `cmf metadata push` / `pull` and CMF's mcp read client really sent
 * (test/fixtures/clients/cmflib-push-pull-and-mcp-reads.jsonl, recorded against a server mounted at `/cmf`) over
 * HTTP, with the `/cmf` mount (and, second run, the `/api` prefix too) rewritten to the emulator root. The
 * recording elides the payload string and the upload contents; they are rebuilt from the export fixture and the
 * recorded `content_head` (minus the part's closing CRLF; the recorded `size` is one byte short of it). Also the
 * older-layout mcp reads against Gen C, B and A1.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CmfEmulator } from '../../../emulators/cmf/index.js';
import { recorded, replay } from '../../helpers/cmflibReplay.js';
import { type Answer, call, type Json, type JsonRecord, startEmpty, synthetic, TEST_ENV_PAYLOAD } from './helpers.js';

const ENV = 'cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt';
const LABEL = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

describe.each([
  ['/cmf → root (client keeps /api)', (p: string) => p.replace(/^\/cmf/, '')],
  ['/cmf/api → root', (p: string) => p.replace(/^\/cmf\/api/, '')],
])('cmflib push → uploads → push → pull → mcp reads (%s)', (_name, rewrite) => {
  const calls = recorded('cmflib-push-pull-and-mcp-reads.jsonl');
  let em: CmfEmulator;
  let answers: Answer[] = [];

  beforeAll(async () => {
    em = await startEmpty('C');
    answers = await replay(em.url, calls, rewrite);
  });
  afterAll(async () => {
    await em.close();
  });

  it('replays the 10 recorded requests', () => {
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /cmf/api/mlmd_push',
      'POST /cmf/api/python-env',
      'POST /cmf/api/label',
      'POST /cmf/api/mlmd_push',
      'POST /cmf/api/python-env',
      'POST /cmf/api/label',
      'POST /cmf/api/mlmd_pull',
      'GET /cmf/api/pipelines',
      'GET /cmf/api/artifact_types',
      'GET /cmf/api/list-of-executions/Test-env',
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
  });

  it('gives push the statuses cmflib maps to MlmdFilePushSuccess and ExecutionsAlreadyExists', () => {
    expect([answers[0]?.json, answers[3]?.json]).toEqual([{ status: 'success' }, { status: 'exists' }]);
  });

  it('stores the python env and the label (named by its md5) and answers with messages', () => {
    expect(answers[1]?.json).toEqual({ message: `File '${ENV}' uploaded successfully` });
    expect(answers[2]?.json).toEqual({ message: `File '${LABEL}' uploaded successfully to /cmf-server/data/labels.` });
    expect(answers[5]?.json).toEqual({ message: `File '${LABEL}' already exists at /cmf-server/data/labels. Skipping upload.` });
    expect(em.store.files.pythonEnv.get('python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt')?.toString()).toBe('numpy==1.24.2\npandas==1.5.3\n');
    expect(em.store.files.labels.get(LABEL)?.toString()).toBe('id,label\n1,cat\n');
  });

  it('pulls a body cmflib can merge: text/html, a Pipeline with every pushed execution and artifact', () => {
    const pull = answers[6];
    expect(pull?.contentType).toBe('text/html; charset=utf-8');
    const doc = pull?.json as { Pipeline: { name: string; stages: { executions: { properties: JsonRecord; events: { artifact: JsonRecord }[] }[] }[] }[] };
    const sent = JSON.parse(TEST_ENV_PAYLOAD) as typeof doc;
    const flat = (d: typeof doc): Json[] => d.Pipeline.flatMap((p) => p.stages.flatMap((s) => s.executions.flatMap((e) => [e.properties['Execution_uuid'] ?? null, ...e.events.map((v) => v.artifact['uri'] ?? null)])));
    expect(doc.Pipeline.map((p) => p.name)).toEqual(['Test-env']);
    expect(flat(doc)).toEqual(flat(sent));
  });

  it('answers the mcp reads as the samples', () => {
    expect(answers[7]?.json).toEqual(synthetic('GET /pipelines'));
    expect(answers[8]?.json).toEqual(synthetic('GET /artifact_types'));
    expect(answers[9]?.json).toEqual(synthetic('GET /list-of-executions/Test-env'));
  });
});

describe('mcp read client, older-generation layout (cmf-mcp-client.reads.jsonl)', () => {
  const calls = recorded('cmf-mcp-client.reads.jsonl');

  it.each([
    ['C', [200, 200, 200, 404, 404]],
    ['B', [200, 200, 200, 200, 404]],
    ['A1', [200, 200, 200, 200, 200]],
  ] as const)('Gen %s answers %j', async (generation, statuses) => {
    const em = await startEmpty(generation);
    try {
      await call(em.url, generation === 'A1' ? '/mlmd_push' : '/api/mlmd_push', { json: { exec_uuid: null, json_payload: TEST_ENV_PAYLOAD, pipeline_name: 'Test-env' } });
      const answers = await replay(em.url, calls, (p) => p);
      expect(answers.map((a) => a.status)).toEqual([...statuses]);
      if (generation === 'C') expect(answers[3]?.json).toEqual({ detail: 'Not Found' });
      if (generation === 'A1') {
        expect(answers[3]?.json).toMatchObject({ total_items: 4 });
        expect(answers[4]?.contentType).toBe('text/html; charset=utf-8');
      }
    } finally {
      await em.close();
    }
  });
});
