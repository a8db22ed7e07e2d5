/**
 * REST passthrough overhead (issue 8: ≤ 2 ms p50): the same ClearML `tasks.get_all` and Comet
 * `/experiments` requests sent to the gateway's REST mounts and straight to the emulator, one at a time
 * (closed loop, one client: latency, not throughput), alternating in rounds; p50 difference in ms. The
 * answers must be the emulator's bytes (ClearML's per-request `meta.id` aside).
 */
import { type Backend, type GatewayProcess, startBackend, startGatewayProcess } from '../cluster/index.js';
import type { CannonRequest } from '../cannon.js';
import { closedLoop, percentile } from '../load.js';
import { clearmlToken, workload } from '../workload.js';

export const name = 'passthrough-overhead';

async function send(base: string, r: CannonRequest): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}${r.path}`, { method: r.method ?? 'POST', headers: { 'content-type': 'application/json', ...r.headers }, ...(r.body !== undefined ? { body: r.body } : {}) });
  return { status: res.status, text: await res.text() };
}

/**
 * ClearML answers carry a per-request id and timing in `meta`, and a running Comet experiment's
 * `durationMillis` grows by the millisecond; the rest must match byte for byte.
 */
export function comparable(text: string): string {
  return text
    .replace(/"durationMillis":\d+/g, '"durationMillis":…').replace(/"id":\s*"[0-9a-f]{32}"(?=,\s*"trx")/, '"id":"…"').replace(/"(trx|endpoint_timing|elapsed)":\s*("[^"]*"|[\d.]+)/g, '"$1":…');
}

export interface PassthroughCheck {
  readonly label: string;
  readonly equal: boolean;
  readonly status: number;
}

/** Both calls once: status and whether the gateway's answer is the emulator's. */
export async function checkPassthrough(backend: Backend, gw: GatewayProcess): Promise<readonly PassthroughCheck[]> {
  const { pairs } = await setup(backend, gw);
  const out: PassthroughCheck[] = [];
  for (const p of pairs) {
    const viaGateway = await send(gw.url, p.gateway);
    const direct = await send(p.emulatorUrl, p.direct);
    out.push({ label: p.label, status: viaGateway.status, equal: viaGateway.status === direct.status && comparable(viaGateway.text) === comparable(direct.text) });
  }
  return out;
}

async function setup(backend: Backend, gw: GatewayProcess) {
  const clearmlUrl = backend.info.emulatorUrls.clearml ?? '';
  const cometUrl = backend.info.emulatorUrls.comet ?? '';
  const w = await workload(gw.url, cometUrl);
  const [gwToken, emToken] = await Promise.all([clearmlToken(`${gw.url}/clearml`), clearmlToken(clearmlUrl)]);
  return {
    pairs: [
      { label: 'ClearML tasks.get_all (20 tasks)', gateway: w.clearml('/clearml', gwToken), direct: w.clearml('', emToken), emulatorUrl: clearmlUrl },
      { label: 'Comet GET /experiments', gateway: w.comet('/comet'), direct: w.comet(''), emulatorUrl: cometUrl },
    ],
  };
}

export async function run(): Promise<Record<string, string>> {
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  const perRound = Number(process.env['BENCH_PASSTHROUGH_REQUESTS'] ?? 300);
  const backend = await startBackend();
  const gw = await startGatewayProcess('switchyard', backend);
  const out: Record<string, string> = {};
  try {
    const { pairs } = await setup(backend, gw);
    for (const check of await checkPassthrough(backend, gw)) out[`${check.label}: answer`] = `${check.status}, ${check.equal ? 'byte-equal to the emulator’s' : 'DIFFERS from the emulator’s'}`;
    for (const p of pairs) {
      const lat = { gateway: [] as number[], direct: [] as number[] };
      for (let round = 0; round < rounds + 1; round++) {
        for (const [side, base, req] of [['gateway', gw.url, p.gateway], ['direct', p.emulatorUrl, p.direct]] as const) {
          const deadline = performance.now() + 20_000;
          const r = await closedLoop(async () => (await send(base, req)).status === 200, 1, () => performance.now() > deadline, perRound);
          // Round 0 warms both paths (connections, JIT, the mount's login cache) and is not counted.
          if (round > 0) lat[side].push(...r.latenciesMs);
        }
      }
      const g = percentile(lat.gateway, 50);
      const d = percentile(lat.direct, 50);
      out[`${p.label}: p50 via gateway / direct`] = `${g.toFixed(2)} / ${d.toFixed(2)} ms (p99 ${percentile(lat.gateway, 99).toFixed(1)} / ${percentile(lat.direct, 99).toFixed(1)} ms, ${lat.gateway.length} + ${lat.direct.length} requests)`;
      out[`${p.label}: overhead p50 (target ≤ 2 ms)`] = `${(g - d).toFixed(2)} ms`;
    }
  } finally {
    await gw.stop();
    await backend.stop();
  }
  return out;
}
