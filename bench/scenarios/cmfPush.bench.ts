/**
 * A 50 MB CMF push through /cmf while dashboards keep querying: push time, peak RSS, and the p99 of
 * concurrent GraphQL requests during the push as a ratio of the same load without it (DESIGN §10).
 */
import type { Stack } from '../../scripts/stack.js';
import { closedLoop, percentile } from '../load.js';
import { mlmdDocument } from '../mlmdDocument.js';

export const name = 'cmf-push-50mb';

const QUERY = JSON.stringify({ query: '{ tasks(first: 20) { edges { node { id name createdAt } } } }' });

export async function run(stack: Stack, options: { readonly megabytes: number; readonly concurrency: number }): Promise<Record<string, string>> {
  const gql = async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    await res.arrayBuffer();
    return res.ok;
  };
  // Warm caches and the planner, then the baseline.
  await closedLoop(gql, options.concurrency, () => false, 200);
  const baselineEnd = performance.now() + 3_000;
  const baseline = await closedLoop(gql, options.concurrency, () => performance.now() > baselineEnd);

  const doc = mlmdDocument('bench-pipeline', options.megabytes * 1024 * 1024);
  const body = JSON.stringify({ exec_uuid: null, json_payload: JSON.stringify(doc), pipeline_name: 'bench-pipeline' });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  let done = false;
  const started = performance.now();
  const push = fetch(`${stack.gateway.url}/cmf/api/mlmd_push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (res) => {
    const text = await res.text();
    done = true;
    return { status: res.status, text };
  });
  const during = await closedLoop(gql, options.concurrency, () => done);
  const pushed = await push;
  const pushMs = performance.now() - started;
  clearInterval(sampler);

  const p99Base = percentile(baseline.latenciesMs, 99);
  const p99During = percentile(during.latenciesMs, 99);
  return {
    'push body': `${(Buffer.byteLength(body) / 1024 / 1024).toFixed(1)} MB`,
    'push answer': `${pushed.status} ${pushed.text.slice(0, 60)}`,
    'push time': `${(pushMs / 1000).toFixed(2)} s`,
    'peak RSS (whole in-process stack)': `${(peakRss / 1024 / 1024).toFixed(0)} MB`,
    'GraphQL p50 / p99 without push': `${percentile(baseline.latenciesMs, 50).toFixed(1)} / ${p99Base.toFixed(1)} ms (${baseline.requests} requests)`,
    'GraphQL p50 / p99 during push': `${percentile(during.latenciesMs, 50).toFixed(1)} / ${p99During.toFixed(1)} ms (${during.requests} requests, ${during.errors} errors)`,
    'p99 during push ÷ p99 without': `${(p99During / p99Base).toFixed(2)}×`,
  };
}
