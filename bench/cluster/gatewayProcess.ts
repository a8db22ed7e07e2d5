/**
 * Bench child: one gateway alone in its process, so its CPU (process.cpuUsage, asked for over IPC), RSS
 * and descriptors are its own. `switchyard` is the product's gateway (gateway/server.ts), `plain` the
 * baseline (bench/baseline/plainGateway.ts), `bare` a Node http server answering BENCH_BARE_BODY.
 */
import { createServer } from 'node:http';
import type { SwitchyardConfig } from '../../gateway/config/index.js';
import { startGateway } from '../../gateway/server.js';
import { listen } from '../../subgraphs/shared/listen.js';
import { systemClock } from '../../subgraphs/shared/clock.js';
import { startPlainGateway } from '../baseline/plainGateway.js';
import type { ChildReply, ChildRequest, GatewayReady } from './messages.js';

const kind = process.argv[2];
const config = JSON.parse(process.env['BENCH_CONFIG'] ?? 'null') as SwitchyardConfig | null;
const subgraphUrls = JSON.parse(process.env['BENCH_SUBGRAPH_URLS'] ?? '{}') as Record<string, string>;

async function start(): Promise<{ url: string; close(): Promise<void> }> {
  if (kind === 'bare') {
    // The lower bound of any Node HTTP answer: the same bytes and content type, nothing computed.
    const body = Buffer.from(process.env['BENCH_BARE_BODY'] ?? '{}');
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body));
    });
    const l = await listen(server, 0, '127.0.0.1');
    return { url: `http://127.0.0.1:${l.port}`, close: l.close };
  }
  if (!config) throw new Error('BENCH_CONFIG is missing');
  if (kind === 'plain') return startPlainGateway({ subgraphUrls, principalSecret: config.secrets.principal });
  if (kind === 'switchyard') {
    // BENCH_RESPONSE_TTL_MS turns on the full-response cache (the response-cache scenario).
    const ttl = Number(process.env['BENCH_RESPONSE_TTL_MS'] ?? 0);
    const withCache = ttl > 0 ? { ...config, cache: { ...config.cache, responseTtlMs: ttl } } : config;
    return startGateway({ config: withCache, clock: systemClock, subgraphUrls, port: 0, host: '127.0.0.1' });
  }
  throw new Error(`unknown gateway kind "${kind ?? ''}"`);
}

const running = await start();
process.on('message', (m: ChildRequest) => {
  const reply = (r: ChildReply) => process.send?.(r);
  if (m.op === 'stats') {
    const c = process.cpuUsage();
    reply({ id: m.id, stats: { user: c.user, system: c.system, rss: process.memoryUsage().rss } });
  } else if (m.op === 'exit') {
    // process.exit (not a signal) so that --cpu-prof writes its profile.
    void running.close().finally(() => process.exit(0));
  } else reply({ id: m.id, ok: true });
});
process.on('disconnect', () => void running.close().finally(() => process.exit(0)));
process.send?.({ ready: 'gateway', url: running.url } satisfies GatewayReady);
