/**
 * A write whose tracker call takes longer than any read may (MLConnector builds and pushes an image
 * inside POST /deployment/add) is waited for by the catalog and the gateway, while reads keep their
 * short budgets (issue 8 item 4: per-operation timeouts). Short source timeouts keep the test quick.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEED_FRAUD_MODEL_ID } from '../../emulators/mlconnector/seed.js';
import { encodeId } from '../../subgraphs/shared/ids.js';
import { gql, type Stack, startStack } from '../helpers/stack.js';

const MODEL = encodeId({ instance: 'mlconnector', kind: 'model', native: [SEED_FRAUD_MODEL_ID] });

let stack: Stack;
beforeAll(async () => {
  // Reads: 1 s at the tracker, 3 s at the catalog, 3.5 s at the gateway (the reads before a deployment
  // must finish within them on a loaded CI worker).
  stack = await startStack({ trackers: ['mlconnector'], sourceTimeoutMs: { mlconnector: 1_000 } });
});
afterAll(async () => {
  await stack.close();
});

describe('a long write', () => {
  it('is waited for past every read budget', async () => {
    stack.emulators.mlconnector?.faults.set([{ match: /^\/deployment\/add$/, delayMs: 4_500, times: 1 }]);
    const res = await gql<{ createDeployment: { id: string } }>(stack, 'mutation($m: ID!) { createDeployment(input: { source: "mlconnector", modelId: $m, name: "slow-build" }) { id } }', { m: MODEL });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createDeployment.id).toMatch(/^mlconnector:deployment:/);
  }, 15_000);

  it('while a read as slow still times out at its own budget, naming the source', async () => {
    stack.emulators.mlconnector?.faults.set([{ match: '/model/all', delayMs: 4_500 }]);
    const res = await gql<{ models: { sources: { source: string; outcome: string }[] } }>(stack, '{ models(first: 5) { sources { source outcome } } }');
    stack.emulators.mlconnector?.faults.reset();
    expect(res.data?.models.sources).toEqual([{ source: 'mlconnector', outcome: 'TIMEOUT' }]);
  }, 15_000);
});
