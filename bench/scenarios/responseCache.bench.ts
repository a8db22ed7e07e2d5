/**
 * Response-cache hit vs a bare Node server on the same bytes (issue 8: ≥ 0.25× its throughput). The
 * gateway runs with its full-response cache on (docs/adr/0013, a TTL far longer than the run), so every
 * repeat after the first is a hit: identity, the rate-limit check, the body read, a sha256 and two
 * cache reads, then the stored bytes. Against it a bare `http` server in its own process answers the
 * gateway's exact bytes. Both closed-loop, same connections, alternating. BENCH_CPU_PROF=<dir> also
 * profiles the gateway and prints its top packages and frames.
 */
import { type GatewayProcess, startBackend, startGatewayProcess } from '../cluster/index.js';
import { cannon } from '../cannon.js';
import { summarizeProfiles } from '../cpuProfile.js';
import { post, workload } from '../workload.js';

export const name = 'response-cache';

export async function run(): Promise<Record<string, string>> {
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 6);
  const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 8);
  const backend = await startBackend();
  const profDir = process.env['BENCH_CPU_PROF'];
  const sw = await startGatewayProcess('switchyard', backend, { responseTtlMs: 3_600_000, ...(profDir ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${profDir}/response-cache`] } : {}) });
  let bare: GatewayProcess | undefined;
  const out: Record<string, string> = {};
  try {
    const w = await workload(sw.url, backend.info.emulatorUrls.comet ?? '');
    const queries = [['list tasks(first: 50)', w.list], ['task(id)', w.byId]] as const;
    for (const [label, req] of queries) {
      const bytes = (await post(`${sw.url}${req.path}`, req.body ?? '')).text;
      bare = await startGatewayProcess('bare', undefined, { bareBody: bytes });
      const totals = new Map<GatewayProcess, { requests: number; seconds: number; bad: number }>([sw, bare].map((g) => [g, { requests: 0, seconds: 0, bad: 0 }]));
      for (const gw of [sw, bare]) await cannon({ url: gw.url, requests: [req], connections, seconds: 2, maxRequests: 50_000 });
      for (let round = 0; round < rounds; round++) {
        for (const gw of round % 2 === 0 ? [sw, bare] : [bare, sw]) {
          const r = await cannon({ url: gw.url, requests: [req], connections, seconds, maxRequests: 500_000, expectBody: bytes });
          const t = totals.get(gw) as { requests: number; seconds: number; bad: number };
          t.requests += r.requests;
          t.seconds += r.requests / Math.max(r.rps, 1e-9);
          t.bad += r.non2xx + r.errors + r.mismatches;
        }
      }
      const s = totals.get(sw) as { requests: number; seconds: number; bad: number };
      const b = totals.get(bare) as { requests: number; seconds: number; bad: number };
      out[`${label} (${(Buffer.byteLength(bytes) / 1024).toFixed(1)} kB): gateway, cache hits`] = `${(s.requests / s.seconds).toFixed(0)} req/s (${s.bad} bad)`;
      out[`${label}: bare Node server, same bytes`] = `${(b.requests / b.seconds).toFixed(0)} req/s (${b.bad} bad)`;
      out[`${label}: ratio (target ≥ 0.25×)`] = `${(s.requests / s.seconds / (b.requests / b.seconds)).toFixed(3)}×`;
      await bare.stop();
      bare = undefined;
    }
  } finally {
    await bare?.stop();
    await sw.stop();
    await backend.stop();
  }
  if (profDir) {
    const { frames, packages } = summarizeProfiles(`${profDir}/response-cache`);
    out['gateway CPU by package'] = packages.join('; ');
    out['gateway CPU by frame'] = frames.join('; ');
  }
  return out;
}
