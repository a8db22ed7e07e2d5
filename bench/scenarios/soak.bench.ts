/**
 * Soak (issue 8): steady open-loop load — 50 req/s of GraphQL (list, by id) and REST (ClearML
 * tasks.get_all, Comet /experiments) through the gateway in its own process — for SOAK_MINUTES (default
 * 30), sampling the gateway's RSS and open descriptors from /proc every 10 s. Flat means: the slope of
 * RSS after the first minute stays near zero and the descriptor count ends where it started.
 */
import { procSample, startBackend, startGatewayProcess } from '../cluster/index.js';
import { cannon } from '../cannon.js';
import { clearmlToken, workload } from '../workload.js';

export const name = 'soak';

interface Sample {
  readonly s: number;
  readonly rss: number;
  readonly fds: number;
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function run(): Promise<Record<string, string>> {
  const minutes = Number(process.env['SOAK_MINUTES'] ?? 30);
  const rate = Number(process.env['SOAK_RATE'] ?? 50);
  const backend = await startBackend();
  const gw = await startGatewayProcess('switchyard', backend);
  try {
    const w = await workload(gw.url, backend.info.emulatorUrls.comet ?? '');
    const token = await clearmlToken(`${gw.url}/clearml`);
    const samples: Sample[] = [];
    const started = Date.now();
    const sample = () => samples.push({ s: (Date.now() - started) / 1000, ...procSample(gw.pid) });
    sample();
    const timer = setInterval(sample, 10_000);
    const load = await cannon({
      url: gw.url,
      requests: [w.list, w.byId, w.clearml('/clearml', token), w.comet('/comet')],
      connections: 8,
      overallRate: rate,
      seconds: minutes * 60,
      maxRequests: Math.ceil(rate * minutes * 60 * 1.1),
    }).finally(() => clearInterval(timer));
    sample();
    const mb = (b: number) => b / 1024 / 1024;
    // The first minute is warm-up (caches, JIT, planner): the slope is taken after it when there is more.
    const steady = samples.filter((x) => x.s >= 60).length >= 3 ? samples.filter((x) => x.s >= 60) : samples;
    const rssSlope = slope(steady.map((x) => [x.s / 60, mb(x.rss)]));
    const fdSlope = slope(steady.map((x) => [x.s / 60, x.fds]));
    const first = samples[0] as Sample;
    const last = samples[samples.length - 1] as Sample;
    const after = steady[0] as Sample;
    return {
      load: `${minutes} min at ${rate} req/s offered: ${load.requests} requests (${load.rps.toFixed(1)}/s), non-2xx ${load.non2xx}, errors ${load.errors}, p50 ${load.p50} ms, p99 ${load.p99} ms`,
      'non-2xx answers': JSON.stringify(load.non2xxByRequest),
      'gateway RSS start / after 1 min / end / max': `${mb(first.rss).toFixed(0)} / ${mb(after.rss).toFixed(0)} / ${mb(last.rss).toFixed(0)} / ${mb(Math.max(...samples.map((x) => x.rss))).toFixed(0)} MB`,
      'gateway RSS slope (steady part)': `${rssSlope.toFixed(2)} MB/min`,
      'gateway descriptors start / after 1 min / end / max': `${first.fds} / ${after.fds} / ${last.fds} / ${Math.max(...samples.map((x) => x.fds))}`,
      'gateway descriptor slope (steady part)': `${fdSlope.toFixed(3)} /min`,
      samples: String(samples.length),
      'rss series (MB, every 10 s)': samples.map((x) => mb(x.rss).toFixed(0)).join(' '),
    };
  } finally {
    await gw.stop();
    await backend.stop();
  }
}
