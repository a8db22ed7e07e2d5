/**
 * `npm run bench:smoke`: the CI subset of the benchmarks, well under 5 minutes (about 2 on 2 cores),
 * with correctness gates instead of speed targets (timings are printed, never gated: CI machines are
 * shared). Gates: cold backend calls per nesting level equal bench/scenarios/callsPerLevel's EXPECTED;
 * short loads of every bench request through the multi-process stack answer 200, error-free and
 * identical each time; the REST passthrough answers are the emulator's bytes; the planner plans
 * every generated operation. Ends with the plain line "N passed, M failed" and exits non-zero on a failure.
 */
import { startBackend, startGatewayProcess } from './cluster/index.js';
import { cannon, type CannonRequest } from './cannon.js';
import * as callsPerLevel from './scenarios/callsPerLevel.bench.js';
import * as coldPlanning from './scenarios/coldPlanning.bench.js';
import { checkPassthrough } from './scenarios/passthroughOverhead.bench.js';
import { clearmlToken, workload } from './workload.js';

let passed = 0;
let failed = 0;
function gate(name: string, ok: boolean, detail = ''): void {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

const started = performance.now();
const hardStop = setTimeout(() => {
  console.log('FAIL bench smoke ran past 170 s');
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, 170_000);

try {
  for (const [i, level] of (await callsPerLevel.measureLevels()).entries()) {
    const expected = callsPerLevel.EXPECTED[i];
    const same = expected !== undefined && Object.entries(expected).every(([t, n]) => level.cold[t as keyof typeof expected] === n);
    gate(`calls-per-level ${level.label}: cold calls per source`, same && level.errors === 0, `${JSON.stringify(level.cold)}${same ? '' : ` expected ${JSON.stringify(expected)}`}${level.errors ? `, ${level.errors} errors` : ''}`);
  }

  const backend = await startBackend();
  const gw = await startGatewayProcess('switchyard', backend);
  try {
    const w = await workload(gw.url, backend.info.emulatorUrls.comet ?? '');
    const token = await clearmlToken(`${gw.url}/clearml`);
    const loads: readonly (readonly [string, CannonRequest])[] = [
      ['GraphQL list tasks(first: 50)', w.list],
      ['GraphQL task(id)', w.byId],
      ['REST /clearml tasks.get_all', w.clearml('/clearml', token)],
      ['REST /comet /experiments', w.comet('/comet')],
    ];
    for (const [label, req] of loads) {
      const first = await fetch(`${gw.url}${req.path}`, { method: req.method ?? 'POST', headers: { 'content-type': 'application/json', ...req.headers }, ...(req.body !== undefined ? { body: req.body } : {}) });
      const text = await first.text();
      const clean = first.status === 200 && !(req.path === '/graphql' && text.includes('"errors"'));
      // REST answers carry per-request fields (ClearML's meta.id, a running Comet run's duration): status only.
      const stable = req.path === '/graphql';
      const r = await cannon({ url: gw.url, requests: [req], connections: 4, seconds: 4, maxRequests: 5_000, ...(stable ? { expectBody: text } : {}) });
      gate(`load ${label}: 200, error-free${stable ? ', same answer every time' : ''}`, clean && r.requests > 0 && r.non2xx === 0 && r.errors === 0 && r.mismatches === 0, `${r.requests} requests, ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, non-2xx ${r.non2xx}, errors ${r.errors}, mismatches ${r.mismatches}`);
    }
    for (const check of await checkPassthrough(backend, gw)) gate(`passthrough ${check.label}: the emulator's bytes`, check.status === 200 && check.equal, `status ${check.status}`);
  } finally {
    await gw.stop();
    await backend.stop();
  }

  process.env['BENCH_PLAN_OPS'] ??= '60';
  const planning = await coldPlanning.run();
  gate('cold-planning: every generated operation plans', planning['new operations planned'] === process.env['BENCH_PLAN_OPS'], Object.entries(planning).map(([k, v]) => `${k}: ${v}`).join('; '));
} catch (err) {
  gate('bench smoke ran to the end', false, err instanceof Error ? (err.stack ?? err.message) : String(err));
}
clearTimeout(hardStop);
console.log(`bench smoke took ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
