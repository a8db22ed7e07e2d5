import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { pyDumps } from '../pyjson.js';
import { buildCmfSeed, CMF_SEED_FRAUD_CSV, CMF_SEED_FRAUD_CSV_MD5, CMF_SEED_FRAUD_DATASET_MD5 } from '../seed.js';
import { pipelineDocument, testEnvPipeline } from '../seedDocs.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/fixtures/cmf/${name}`, import.meta.url), 'utf8');

describe('CMF seed', () => {
  it('builds Test-env exactly as the shared export fixture (the json.dumps text cmflib pushes)', () => {
    const request = JSON.parse(fixture('mlmd_push-request.synthetic.json')) as { json_payload: string };
    expect(pyDumps(pipelineDocument(testEnvPipeline()))).toBe(request.json_payload);
    expect(pipelineDocument(testEnvPipeline())).toEqual(JSON.parse(fixture('mlmd-export-Test-env.synthetic.json')));
  });

  it('is deterministic and has the two demo pipelines', () => {
    const a = buildCmfSeed();
    expect(JSON.stringify(buildCmfSeed())).toBe(JSON.stringify(a));
    expect(a.documents.map((d) => (d['Pipeline'] as { name: string }[])[0]?.name)).toEqual(['Test-env', 'fraud-detection']);
    expect(CMF_SEED_FRAUD_DATASET_MD5).toMatch(/^[0-9a-f]{32}$/);
    expect(CMF_SEED_FRAUD_CSV_MD5).toBe(createHash('md5').update(CMF_SEED_FRAUD_CSV).digest('hex'));
  });

  it('keeps ids unique across the two pipelines (the seed is one server state)', () => {
    const ids = { contexts: new Set<number>(), executions: new Set<number>(), artifacts: new Map<number, string>() };
    for (const doc of buildCmfSeed().documents) {
      for (const p of doc['Pipeline'] as { id: number; stages: { id: number; executions: { id: number; events: { artifact: { id: number; name: string } }[] }[] }[] }[]) {
        expect(ids.contexts.has(p.id)).toBe(false);
        ids.contexts.add(p.id);
        for (const s of p.stages) {
          expect(ids.contexts.has(s.id)).toBe(false);
          ids.contexts.add(s.id);
          for (const e of s.executions) {
            expect(ids.executions.has(e.id)).toBe(false);
            ids.executions.add(e.id);
            for (const { artifact } of e.events) {
              expect([undefined, artifact.name]).toContain(ids.artifacts.get(artifact.id));
              ids.artifacts.set(artifact.id, artifact.name);
            }
          }
        }
      }
    }
    expect([ids.contexts.size, ids.executions.size, ids.artifacts.size]).toEqual([9, 7, 16]);
  });
});
