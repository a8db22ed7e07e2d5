import { describe, expect, it } from '@jest/globals';
import { buildClearMLSeed, seedModelId, SERVING_BASE_URL } from '../seed.js';
import { asObject, asObjects, testEmulator } from './callHelper.js';

const report = (container: string, extra: Record<string, unknown> = {}) => ({
  container_id: container,
  endpoint_name: 'iris',
  endpoint_url: 'http://serving:8080/serve/iris',
  model_name: 'iris-model',
  ...extra,
});

describe('serving (API 2.31+)', () => {
  it('serves the two seeded endpoints, each linked to a seeded model', async () => {
    const em = testEmulator({ seed: true });
    const res = await em.call('/v2.31/serving.get_endpoints', {});
    expect(res.data['endpoints']).toEqual([
      {
        endpoint: 'fraud-detector',
        model: 'train-xgb-052-model',
        url: `${SERVING_BASE_URL}/fraud-detector`,
        instances: 2,
        uptime_sec: 86_400,
        requests: 22_710,
        requests_min: 10.5,
        latency_ms: 24,
        last_update: '2026-01-10T07:59:30+00:00',
      },
      {
        endpoint: 'churn-scorer',
        model: 'train-xgb-044-model',
        url: `${SERVING_BASE_URL}/churn-scorer`,
        instances: 1,
        uptime_sec: 172_800,
        requests: 2_880,
        requests_min: 1.2,
        latency_ms: 41,
        last_update: '2026-01-10T07:59:30+00:00',
      },
    ]);
    const seed = buildClearMLSeed();
    for (const e of asObjects(res.data['endpoints'])) {
      const model = seed.models.find((m) => m['name'] === e['model']);
      expect(model?.['ready']).toBe(true);
      const details = await em.call('/v2.31/serving.get_endpoint_details', { endpoint_url: e['url'] });
      for (const inst of asObjects(details.data['instances'])) expect(inst['reference']).toEqual([{ type: 'model', value: model?.['id'] }, { type: 'task', value: model?.['task'] }]);
    }
    // The seeded containers keep reporting: they do not expire.
    em.clock.advance(3_600_000);
    expect(asObjects((await em.call('/v2.31/serving.get_endpoints', {})).data['endpoints'])).toHaveLength(2);
    expect(seedModelId('train-xgb-052-model')).toBe(seed.models.find((m) => m['name'] === 'train-xgb-052-model')?.['id']);
  });

  it('registers, reports, details and expires containers like the Redis entries of the server', async () => {
    const em = testEmulator();
    expect((await em.call('/v2.31/serving.get_endpoints', {})).data).toEqual({ endpoints: [] });
    await em.call('/v2.31/serving.register_container', { container_id: 'c1', endpoint_name: 'iris', model_name: 'iris-model', model_version: '1' });
    const loading = await em.call('/v2.31/serving.get_loading_instances', {});
    expect(loading.data['instances']).toEqual([
      { id: 'c1', endpoint: 'iris', url: null, model: 'iris-model', model_source: null, model_version: '1', preprocess_artifact: null, input_type: null, input_size: null, uptime_sec: null, age_sec: 0, last_update: '2026-02-01T00:00:00+00:00' },
    ]);
    em.clock.advance(5_000);
    await em.call('/v2.31/serving.container_status_report', report('c1', { uptime_sec: 5, requests_num: 10, requests_min: 2.5, latency_ms: 15, machine_stats: { cpu_usage: [10, 20], gpu_usage: [50] } }));
    await em.call('/v2.31/serving.container_status_report', report('c2', { requests_num: 4, latency_ms: 16, reference: [{ type: 'model', value: 'm1' }] }));
    expect((await em.call('/v2.31/serving.get_loading_instances', {})).data).toEqual({ instances: [] });
    const endpoints = await em.call('/v2.31/serving.get_endpoints', {});
    expect(endpoints.data['endpoints']).toEqual([
      { endpoint: 'iris', model: 'iris-model', url: 'http://serving:8080/serve/iris', instances: 2, uptime_sec: 5, requests: 14, requests_min: 2.5, latency_ms: 16, last_update: '2026-02-01T00:00:05+00:00' },
    ]);
    const details = await em.call('/v2.31/serving.get_endpoint_details', { endpoint_url: 'http://serving:8080/serve/iris' });
    expect(details.data).toMatchObject({ endpoint: 'iris', model: 'iris-model', url: 'http://serving:8080/serve/iris', model_version: null, uptime_sec: 5 });
    expect(asObjects(details.data['instances']).map((i) => [i['id'], i['cpu_count'], i['gpu_count'], i['reference']])).toEqual([
      ['c1', 2, 1, null],
      ['c2', 0, 0, [{ type: 'model', value: 'm1' }]],
    ]);
    await em.call('/v2.31/serving.unregister_container', { container_id: 'c2' });
    expect(asObject(asObjects((await em.call('/v2.31/serving.get_endpoints', {})).data['endpoints'])[0])['instances']).toBe(1);
    em.clock.advance(600_000);
    expect((await em.call('/v2.31/serving.get_endpoints', {})).data).toEqual({ endpoints: [] });
    expect(em.store.listServingContainers()).toEqual([]);
  });

  it('answers the server\'s errors', async () => {
    const em = testEmulator();
    const noUrl = await em.call('/v2.31/serving.container_status_report', { container_id: 'c1', endpoint_name: 'e', model_name: 'm' });
    expect([noUrl.status, noUrl.meta['result_subcode'], noUrl.meta['result_msg']]).toEqual([400, 12, "Validation error (Missing required field 'endpoint_url')"]);
    const unknown = await em.call('/v2.31/serving.get_endpoint_details', { endpoint_url: 'http://nowhere' });
    expect([unknown.status, unknown.meta['result_subcode'], unknown.meta['result_msg']]).toEqual([400, 1052, 'No container instances found for service url: url=http://nowhere']);
    const old = await em.call('/v2.30/serving.get_endpoints', {});
    expect([old.status, old.meta['result_msg']]).toEqual([404, 'Unable to find endpoint for name serving.get_endpoints and version 2.30']);
    expect((await em.call('/v2.31/serving.unregister_container', { container_id: 'never-registered' })).data).toEqual({});
    expect((await em.call('/v2.31/serving.get_endpoint_metrics_history', { endpoint_url: 'u', from_date: 0, to_date: 1, interval: 1 })).status).toBe(501);
  });
});
