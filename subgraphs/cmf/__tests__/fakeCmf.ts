/**
 * A tiny in-process CMF Server for the subgraph's tests (not the CMF emulator): `/pipelines`, the pull
 * of each generation (A: `GET mlmd_pull/{p}`; B/C: `POST mlmd_pull`, with the global delta pull), C's
 * `/pipeline-stages`, and a push that merges by Execution_uuid and stamps server times, answering as
 * reference/cmf.md says. Seeded with the synthetic `Test-env` export and a copy of it named
 * `fraud-detection` (other uuids, one day later). Requests are counted; faults come from emulators/shared.
 */
import { readFileSync } from 'node:fs';
import { type EmulatorHandle, type EmulatorRequest, type EmulatorResponse, json, startEmulatorServer } from '../../../emulators/shared/index.js';
import type { Clock } from '../../shared/clock.js';

export type Generation = 'A' | 'B' | 'C';
type Json = Record<string, unknown>;

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../../test/fixtures/cmf/${name}`, import.meta.url), 'utf8');
}

export function fixture<T = Json>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export const DAY_MS = 86_400_000;

/** Every `*_since_epoch` time (numbers and digit strings) moved by `ms`. */
function shiftTimes(v: unknown, ms: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shiftTimes(x, ms));
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, k.endsWith('_since_epoch') && typeof x === 'number' ? x + ms : k.endsWith('_since_epoch') && typeof x === 'string' ? String(Number(x) + ms) : shiftTimes(x, ms)]),
  );
}

/** The seed: Test-env as exported, and fraud-detection (same shape, other uuids, a day later). */
export function seedPipelines(): Json[] {
  const text = fixtureText('mlmd-export-Test-env.synthetic.json');
  const testEnv = (JSON.parse(text) as { Pipeline: Json[] }).Pipeline[0] as Json;
  const copy = JSON.parse(text.replaceAll('Test-env', 'fraud-detection').replaceAll('-76f6-11ee-', '-76f6-11ef-')) as { Pipeline: Json[] };
  return [testEnv, shiftTimes(copy.Pipeline[0], DAY_MS) as Json];
}

export interface FakeCmfOptions {
  readonly generation: Generation;
  /** Serve the API only under `/api` (CMF behind its nginx). */
  readonly apiOnly?: boolean;
  readonly clock: Clock;
  readonly pipelines?: Json[];
}

export interface FakeCmf extends EmulatorHandle {
  /** Requests whose path (without `/api`) starts with `prefix`. */
  count(prefix: string): number;
  /** Pulls of one pipeline, and global delta pulls, since start or `clearRequests()`. */
  readonly pulls: number;
  readonly deltas: number;
  readonly store: Map<string, Json>;
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const notFound = json(404, { detail: 'Not Found' });
const uuidOf = (e: Json) => (e['properties'] as Json | undefined)?.['Execution_uuid'];

export async function startFakeCmf(o: FakeCmfOptions): Promise<FakeCmf> {
  const store = new Map((o.pipelines ?? seedPipelines()).map((p) => [p['name'] as string, p]));
  const counts = { pulls: 0, deltas: 0 };
  const dump = (pipelines: Json[]): EmulatorResponse => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: JSON.stringify({ Pipeline: pipelines }) });
  const pull = (name: unknown, generationA: boolean) => {
    counts.pulls += 1;
    const p = typeof name === 'string' ? store.get(name) : undefined;
    return p ? dump([p]) : json(generationA ? 406 : 404, { detail: `Pipeline ${String(name)} not found.` });
  };
  /** Executions changed after `since`, with their stages and pipelines (B/C's global delta pull). */
  const delta = (since: number) => {
    counts.deltas += 1;
    return dump(
      [...store.values()].flatMap((p) => {
        const stages = list(p['stages'])
          .map((s) => ({ ...s, executions: list(s['executions']).filter((e) => Number(e['last_update_time_since_epoch']) > since) }))
          .filter((s) => s.executions.length > 0);
        return stages.length > 0 ? [{ ...p, stages }] : [];
      }),
    );
  };

  const push = (body: Json): EmulatorResponse => {
    const name = body['pipeline_name'];
    let doc: { Pipeline?: unknown };
    try {
      doc = JSON.parse(String(body['json_payload'])) as { Pipeline?: unknown };
    } catch {
      return json(422, { detail: [{ type: 'value_error', loc: ['body'], msg: 'Value error, JSON payload is not valid JSON' }] });
    }
    const pipelines = list(doc.Pipeline);
    if (pipelines.length === 0) return json(400, { detail: 'Invalid JSON payload. The pipeline name is missing.' });
    const incoming = pipelines.find((p) => p['name'] === name);
    if (!incoming) return o.generation === 'A' ? json(404, { detail: `Pipeline name '${String(name)}' does not exist.` }) : json(200, { status: 'pipeline_not_exist' });
    const executions = list(incoming['stages']).flatMap((s) => list(s['executions']));
    if (executions.some((e) => !e['name'] && !uuidOf(e))) return json(422, { detail: 'version_update' });
    const now = o.clock.now();
    const target = store.get(name as string) ?? { ...incoming, stages: [], last_update_time_since_epoch: now };
    const known = new Set(list(target['stages']).flatMap((s) => list(s['executions']).map(uuidOf)));
    let merged = 0;
    for (const stage of list(incoming['stages'])) {
      const fresh = list(stage['executions']).filter((e) => !known.has(uuidOf(e)));
      if (fresh.length === 0) continue;
      merged += fresh.length;
      const stamped = fresh.map((e) => ({ ...e, last_update_time_since_epoch: now, custom_properties: { ...(e['custom_properties'] as Json), original_create_time_since_epoch: String(e['create_time_since_epoch']) } }));
      const stages = list(target['stages']);
      const existing = stages.find((s) => s['name'] === stage['name']);
      if (existing) existing['executions'] = [...list(existing['executions']), ...stamped];
      else stages.push({ ...stage, executions: stamped });
      target['stages'] = stages;
    }
    store.set(name as string, target);
    return json(200, { status: merged > 0 ? 'success' : 'exists' });
  };

  const answer = (req: EmulatorRequest): EmulatorResponse => {
    const hasApi = req.path === '/api' || req.path.startsWith('/api/');
    if (o.apiOnly && !hasApi) return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>CMF UI</html>' };
    const path = hasApi ? req.path.slice(4) : req.path;
    const body = req.body.length > 0 ? (JSON.parse(req.body.toString('utf8')) as Json) : {};
    if (req.method === 'GET' && (path === '/' || path === '')) return json(200, ['cmf-server']);
    if (req.method === 'GET' && path === '/pipelines') return json(200, [...store.keys()]);
    if (req.method === 'POST' && path === '/mlmd_push') return push(body);
    if (o.generation === 'A') return req.method === 'GET' && path.startsWith('/mlmd_pull/') ? pull(path.slice('/mlmd_pull/'.length), true) : notFound;
    if (req.method === 'POST' && path === '/mlmd_pull') return body['pipeline_name'] == null ? delta(Number(body['last_sync_time'] ?? 0)) : pull(body['pipeline_name'], false);
    if (o.generation === 'C' && req.method === 'GET' && path.startsWith('/pipeline-stages/')) {
      const p = store.get(path.slice('/pipeline-stages/'.length));
      if (!p) return json(404, { detail: 'Pipeline not found.' });
      const stages = list(p['stages']).map((s) => String(s['name'])).sort();
      return json(200, { stages, total_stages: stages.length });
    }
    return notFound;
  };

  const handle = await startEmulatorServer({ name: `fake-cmf-${o.generation}`, handler: answer });
  return {
    name: handle.name,
    url: handle.url,
    port: handle.port,
    faults: handle.faults,
    get requests() {
      return handle.requests;
    },
    clearRequests: () => {
      handle.clearRequests();
      counts.pulls = 0;
      counts.deltas = 0;
    },
    close: () => handle.close(),
    store,
    get pulls() {
      return counts.pulls;
    },
    get deltas() {
      return counts.deltas;
    },
    count: (prefix: string) => handle.requests.filter((r) => r.path.replace(/^\/api(?=\/)/, '').startsWith(prefix)).length,
  };
}
