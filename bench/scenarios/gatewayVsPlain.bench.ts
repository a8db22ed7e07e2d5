/**
 * Switchyard's gateway vs a plain @apollo/gateway + Apollo Server (bench/baseline/plainGateway.ts) over
 * the same running subgraphs, emulators without delay (DESIGN §10; issue 8: ≥ 1.8× throughput, ≤ 0.5×
 * CPU per request). Each gateway runs alone in a child process; autocannon (here) drives it closed-loop
 * and the child's own process.cpuUsage() gives CPU per request. The two alternate, `BENCH_ROUNDS` rounds
 * of `BENCH_SECONDS` each, and every answer must equal the first one (byte for byte, both gateways).
 * BENCH_CPU_PROF=<dir> also profiles both gateways (--cpu-prof) and prints their top packages and frames.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { type GatewayProcess, startBackend, startGatewayProcess } from '../cluster/index.js';
import { cannon, type CannonRequest } from '../cannon.js';
import { summarizeProfiles } from '../cpuProfile.js';
import { post, workload } from '../workload.js';

export const name = 'gateway-vs-plain';

interface Tally {
  requests: number;
  seconds: number;
  cpuMs: number;
  bad: number;
}

async function measure(gw: GatewayProcess, req: CannonRequest, expectBody: string, seconds: number, connections: number, tally: Tally): Promise<void> {
  const before = await gw.stats();
  const r = await cannon({ url: gw.url, requests: [req], connections, seconds, maxRequests: 200_000, expectBody });
  const after = await gw.stats();
  tally.requests += r.requests;
  tally.seconds += r.requests / r.rps;
  tally.cpuMs += (after.user - before.user + after.system - before.system) / 1000;
  tally.bad += r.non2xx + r.errors + r.mismatches;
}

export async function run(): Promise<Record<string, string>> {
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 8);
  const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 8);
  const profDir = process.env['BENCH_CPU_PROF'];
  if (profDir) {
    rmSync(profDir, { recursive: true, force: true });
    for (const k of ['switchyard', 'plain']) mkdirSync(`${profDir}/${k}`, { recursive: true });
  }
  const prof = (k: string) => (profDir ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${profDir}/${k}`] } : {});
  const backend = await startBackend();
  const sw = await startGatewayProcess('switchyard', backend, prof('switchyard'));
  const plain = await startGatewayProcess('plain', backend, prof('plain'));
  const out: Record<string, string> = {};
  try {
    const w = await workload(sw.url, backend.info.emulatorUrls.comet ?? '');
    for (const [label, req] of [['list tasks(first: 50)', w.list], ['task(id)', w.byId]] as const) {
      const expected = await post(`${sw.url}${req.path}`, req.body ?? '');
      const other = await post(`${plain.url}${req.path}`, req.body ?? '');
      if (expected.status !== 200 || expected.text.includes('"errors"') || other.text !== expected.text) throw new Error(`${label}: the gateways disagree or fail: ${expected.text.slice(0, 200)} | ${other.text.slice(0, 200)}`);
      // Warm-up: JIT, the planner's cache, the sources' caches.
      for (const gw of [sw, plain]) await cannon({ url: gw.url, requests: [req], connections, seconds: 2, maxRequests: 20_000 });
      const tallies = new Map<GatewayProcess, Tally>([sw, plain].map((g) => [g, { requests: 0, seconds: 0, cpuMs: 0, bad: 0 }]));
      for (let round = 0; round < rounds; round++) {
        // Alternate which goes first, so drift on a shared machine hits both alike.
        for (const gw of round % 2 === 0 ? [sw, plain] : [plain, sw]) await measure(gw, req, expected.text, seconds, connections, tallies.get(gw) as Tally);
      }
      const s = tallies.get(sw) as Tally;
      const p = tallies.get(plain) as Tally;
      const rps = (t: Tally) => t.requests / t.seconds;
      const cpu = (t: Tally) => t.cpuMs / Math.max(t.requests, 1);
      out[`${label}: Switchyard`] = `${rps(s).toFixed(0)} req/s, ${cpu(s).toFixed(2)} CPU ms/req (${s.requests} requests, ${s.bad} bad)`;
      out[`${label}: plain @apollo/gateway`] = `${rps(p).toFixed(0)} req/s, ${cpu(p).toFixed(2)} CPU ms/req (${p.requests} requests, ${p.bad} bad)`;
      out[`${label}: throughput ratio (target ≥ 1.8×)`] = `${(rps(s) / rps(p)).toFixed(2)}×`;
      out[`${label}: CPU per request ratio (target ≤ 0.5×)`] = `${(cpu(s) / cpu(p)).toFixed(2)}×`;
    }
  } finally {
    await Promise.all([sw.stop(), plain.stop()]);
    await backend.stop();
  }
  if (profDir) {
    for (const k of ['switchyard', 'plain']) {
      const { frames, packages } = summarizeProfiles(`${profDir}/${k}`);
      packages.forEach((line, i) => (out[`${k} profile: package ${i + 1}`] = line));
      frames.forEach((line, i) => (out[`${k} profile: frame ${i + 1}`] = line));
    }
  }
  return out;
}
