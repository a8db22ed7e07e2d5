/**
 * p50 against the backend floor with 20 ms backends (issue 8: ≤ 1.1×). Every emulator endpoint waits
 * BENCH_BACKEND_DELAY_MS (fault rule `delayMs`) and records when each call arrives. Per query sent
 * through the gateway (one at a time), the calls it caused are split into waves — a call arriving at
 * least one delay after a wave began may depend on that wave, so it starts the next — and the query's
 * floor is the sum over waves of the slowest direct call's p50 among the wave's trackers, measured by
 * calling the emulators straight (same delay, same kind of request). Ratio: p50 latency ÷ p50 floor.
 */
import { startBackend, startGatewayProcess } from '../cluster/index.js';
import type { Arrival } from '../cluster/messages.js';
import type { CannonRequest } from '../cannon.js';
import { closedLoop, percentile } from '../load.js';
import { clearmlToken, post, workload } from '../workload.js';

export const name = 'backend-floor';

/** Calls grouped into dependency waves (see the file comment). */
export function waves(arrivals: readonly Arrival[], delayMs: number): Arrival[][] {
  const sorted = [...arrivals].sort((a, b) => a.t - b.t);
  const out: Arrival[][] = [];
  for (const a of sorted) {
    const current = out[out.length - 1];
    if (current && a.t < (current[0] as Arrival).t + delayMs) current.push(a);
    else out.push([a]);
  }
  return out;
}

async function directP50(url: string, req: CannonRequest, count: number): Promise<number> {
  const deadline = performance.now() + 20_000;
  const r = await closedLoop(
    async () => {
      const res = await fetch(`${url}${req.path}`, { method: req.method ?? 'POST', headers: { 'content-type': 'application/json', ...req.headers }, ...(req.body !== undefined ? { body: req.body } : {}) });
      await res.arrayBuffer();
      return res.ok;
    },
    1,
    () => performance.now() > deadline,
    count,
  );
  return percentile(r.latenciesMs, 50);
}

export async function run(): Promise<Record<string, string>> {
  const delayMs = Number(process.env['BENCH_BACKEND_DELAY_MS'] ?? 20);
  const count = Number(process.env['BENCH_FLOOR_REQUESTS'] ?? 60);
  const backend = await startBackend();
  const gw = await startGatewayProcess('switchyard', backend);
  const out: Record<string, string> = {};
  try {
    const w = await workload(gw.url, backend.info.emulatorUrls.comet ?? '');
    const clearmlUrl = backend.info.emulatorUrls.clearml ?? '';
    const token = await clearmlToken(clearmlUrl);
    await backend.setFaults(delayMs, true);
    // The direct floor of one call per tracker kind; CMF and MLConnector calls are taken as the slowest measured.
    const direct = { clearml: await directP50(clearmlUrl, w.clearml('', token), 40), comet: await directP50(backend.info.emulatorUrls.comet ?? '', w.comet(''), 40) };
    const slowest = Math.max(direct.clearml, direct.comet);
    const callFloor = (t: Arrival['tracker']) => (t === 'clearml' ? direct.clearml : t === 'comet' ? direct.comet : slowest);
    out[`direct call p50 at ${delayMs} ms (ClearML / Comet)`] = `${direct.clearml.toFixed(1)} / ${direct.comet.toFixed(1)} ms`;
    for (const [label, req] of [['list tasks(first: 50)', w.list], ['task(id)', w.byId]] as const) {
      for (let i = 0; i < 3; i++) await post(`${gw.url}${req.path}`, req.body ?? '');
      await backend.arrivals();
      const latencies: number[] = [];
      const floors: number[] = [];
      const waveCounts = new Map<number, number>();
      let bad = 0;
      const deadline = performance.now() + 90_000;
      for (let i = 0; i < count && performance.now() < deadline; i++) {
        const started = performance.now();
        const res = await post(`${gw.url}${req.path}`, req.body ?? '');
        latencies.push(performance.now() - started);
        if (res.status !== 200 || res.text.includes('"errors"')) bad += 1;
        const ws = waves(await backend.arrivals(), delayMs);
        waveCounts.set(ws.length, (waveCounts.get(ws.length) ?? 0) + 1);
        floors.push(ws.reduce((sum, wave) => sum + Math.max(...wave.map((a) => callFloor(a.tracker))), 0));
      }
      const p50 = percentile(latencies, 50);
      const floor = percentile(floors, 50);
      const hist = [...waveCounts.entries()].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${k} wave${k === 1 ? '' : 's'}: ${n}`).join(', ');
      out[`${label}: p50 / floor p50`] = `${p50.toFixed(1)} / ${floor.toFixed(1)} ms (${latencies.length} requests, ${bad} bad; ${hist})`;
      out[`${label}: ratio (target ≤ 1.1×)`] = floor > 0 ? `${(p50 / floor).toFixed(2)}×` : 'no backend call on most requests (served from the sources’ caches)';
    }
  } finally {
    await backend.setFaults(0).catch(() => undefined);
    await gw.stop();
    await backend.stop();
  }
  return out;
}
