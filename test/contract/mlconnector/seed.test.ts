/** The demo seed: two models (one is the demo story's `fraud-classifier`), their files, a deployed deployment with one operation. */
import { demoStory } from '../../../emulators/shared/index.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type MLConnectorEmulator, SEED_DEPLOYMENT_ID, SEED_FRAUD_MODEL_ID, SEED_OPERATION_ID, startMLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { call, conforms, type JsonRecord, responseSchema, TEST_CLOCK_START, UUID4 } from './helpers.js';

describe('MLConnector emulator: seed', () => {
  let em: MLConnectorEmulator;
  beforeAll(async () => {
    em = await startMLConnectorEmulator({ clock: new ManualClock(TEST_CLOCK_START) });
  });
  afterAll(async () => {
    await em.close();
  });

  it('holds two schema-conforming models, one linked to the demo story by name and tags', async () => {
    const res = await call(em.url, '/model/all');
    expect(res.status).toBe(200);
    expect(conforms(res.json ?? null, responseSchema('GET', '/model/all', 200))).toEqual([]);
    const models = res.json as JsonRecord[];
    expect(models.map((m) => m['modelname'])).toEqual(['fraud-classifier', 'GradientBoostingRegressor']);
    for (const m of models) expect(m['modelid']).toMatch(UUID4);
    const tagged = await call(em.url, `/model/search?tags=${encodeURIComponent(demoStory.DEMO_LINK_CLEARML_TASK)}`);
    expect((tagged.json as JsonRecord[]).map((m) => m['modelid'])).toEqual([SEED_FRAUD_MODEL_ID]);
  });

  it('has a deployed deployment whose container answers, and its recorded operation', async () => {
    const status = ((await call(em.url, `/deployment/get/status/${SEED_DEPLOYMENT_ID}`)).json as { response: string }).response;
    expect(status).toContain("'status': 'deployed'");
    const global = /'global_endpoint': '([^']+)'/.exec(status)?.[1] ?? '';
    const ops = await call(em.url, '/deployment/get/opos/agent-1');
    expect(conforms(ops.json ?? null, responseSchema('GET', '/deployment/get/opos/{ownerid}', 200))).toEqual([]);
    expect(ops.json).toEqual([
      { ownerid: 'agent-1', deploymentid: SEED_DEPLOYMENT_ID, modelid: SEED_FRAUD_MODEL_ID, data: "{'amount': 129.99, 'merchant_category': 'electronics', 'hour': 23.0}", result: '[72.4]', timestamp: '2025-07-01T10:06:12.123000Z', operationid: SEED_OPERATION_ID },
    ]);
    const pred = await call(`http://${global}`, '/prediction', { json: { data: { amount: 129.99, merchant_category: 'electronics', hour: 23 }, explanation: false } });
    expect(pred.json).toEqual({ inference: '[72.4]' });
  });

  it('can start empty', async () => {
    const empty = await startMLConnectorEmulator({ seed: false });
    expect((await call(empty.url, '/model/all')).status).toBe(404);
    await empty.close();
  });
});
