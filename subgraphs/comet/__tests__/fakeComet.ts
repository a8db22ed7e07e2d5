/**
 * A tiny in-process Comet for the subgraph's tests: the read endpoints the source uses, answering in
 * the recorded shapes of test/fixtures/comet (each object starts from a recorded one), with request
 * counting and faults from emulators/shared. Not the Comet emulator: just enough data to page through.
 */
import { readFileSync } from 'node:fs';
import { type EmulatorHandle, type EmulatorRequest, json, startEmulatorServer } from '../../../emulators/shared/index.js';

export const API_KEY = 'switchyard-test-key';
export const BASE_MS = Date.UTC(2024, 0, 1);

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/comet/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function firstOf(name: string, key: string): Record<string, unknown> {
  const list = fixture(name)[key];
  if (!Array.isArray(list) || typeof list[0] !== 'object' || list[0] === null) throw new Error(`${name} has no ${key}[0]`);
  return list[0] as Record<string, unknown>;
}

export interface FakeExperiment {
  readonly wire: Record<string, unknown>;
  readonly tags: readonly string[];
}

export interface FakeData {
  readonly projects: readonly Record<string, unknown>[];
  readonly experiments: readonly FakeExperiment[];
}

/** 32-hex key for experiment i (keys sort like their numbers). */
export const keyOf = (i: number): string => i.toString(16).padStart(32, '0');

/**
 * Two workspaces, three projects, `count` experiments: creation times tie in threes (id tie-breaks),
 * names repeat every five, experiment 3 has no name, experiment 5 no start time, every 7th is archived,
 * every 4th running, every 10th tagged `best`.
 */
export function makeData(count = 30): FakeData {
  const projectTemplate = firstOf('cometr-get-projects.json', 'projects');
  const experimentTemplate = firstOf('cometr-get-experiments.json', 'experiments');
  const projects = [
    { ...projectTemplate, projectId: 'p'.repeat(32), projectName: 'vision', workspaceName: 'team' },
    { ...projectTemplate, projectId: 'q'.repeat(32), projectName: 'nlp', workspaceName: 'team' },
    { ...projectTemplate, projectId: 'r'.repeat(32), projectName: 'vision', workspaceName: 'solo' },
  ];
  const experiments: FakeExperiment[] = [];
  for (let i = 0; i < count; i += 1) {
    const p = projects[i % projects.length] as Record<string, unknown>;
    const start = i === 5 ? null : BASE_MS + Math.floor(i / 3) * 1000;
    const running = i % 4 === 0;
    const wire = {
      ...experimentTemplate,
      experimentKey: keyOf(i),
      experimentName: i === 3 ? null : `run-${i % 5}`,
      projectId: p['projectId'],
      projectName: p['projectName'],
      workspaceName: p['workspaceName'],
      durationMillis: running ? 0 : 500,
      startTimeMillis: start,
      endTimeMillis: running || start === null ? null : start + 500,
      archived: i % 7 === 6,
      running,
      throttle: false,
    };
    experiments.push({ wire, tags: i % 10 === 0 ? ['best', 'x'] : ['x'] });
  }
  return { projects, experiments };
}

export interface FakeComet extends EmulatorHandle {
  /** Most requests the fake had in flight at once. */
  readonly maxInFlight: number;
  /** Requests whose path ends with `suffix`. */
  count(suffix: string): number;
}

/** Start the fake; `delayMs` holds every answer that long (to observe concurrency). */
export async function startFakeComet(data: FakeData, options: { delayMs?: number } = {}): Promise<FakeComet> {
  let inFlight = 0;
  let maxInFlight = 0;
  const summary = fixture('metrics-summary-values.json');
  const parameters = fixture('parameters-summary-values.json');
  const others = fixture('log-other-summary-values.json');
  const notFound = json(404, { code: 404, msg: 'Experiment not found', sdk_error_code: 90211 });
  const byKey = new Map(data.experiments.map((e) => [e.wire['experimentKey'] as string, e]));

  const answer = (req: EmulatorRequest) => {
    if (req.headers['authorization'] !== API_KEY) return json(401, { code: 401, msg: 'Invalid API key', sdk_error_code: 90212 });
    const path = req.path.replace(/^\/api\/rest\/v2\//, '');
    const q = (name: string) => req.query.get(name);
    if (path === 'account-details') return json(200, { userName: 'switchyard', defaultWorkspaceName: 'team' });
    if (path === 'workspaces') return json(200, { workspaceNames: [...new Set(data.projects.map((p) => p['workspaceName']))] });
    if (path === 'projects') return json(200, { projects: data.projects.filter((p) => p['workspaceName'] === q('workspaceName')) });
    if (path === 'experiments') {
      const archived = q('archived') === 'true';
      const list = data.experiments.filter((e) => e.wire['projectId'] === q('projectId') && e.wire['archived'] === archived);
      return json(200, { experiments: list.map((e) => e.wire) });
    }
    const exp = byKey.get(q('experimentKey') ?? '');
    if (!exp) return notFound;
    if (path === 'experiment/metadata') return json(200, exp.wire);
    if (path === 'experiment/tags') return json(200, { tags: exp.tags });
    if (path === 'experiment/metrics/summary') return json(200, summary);
    if (path === 'experiment/parameters') return json(200, parameters);
    if (path === 'experiment/log-other') return json(200, others);
    return json(404, { code: 404, msg: 'no such endpoint', sdk_error_code: 0 });
  };

  const handle = await startEmulatorServer({
    name: 'fake-comet',
    handler: async (req) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        return answer(req);
      } finally {
        inFlight -= 1;
      }
    },
  });
  return {
    name: handle.name,
    url: handle.url,
    port: handle.port,
    faults: handle.faults,
    get requests() {
      return handle.requests;
    },
    clearRequests: () => handle.clearRequests(),
    close: () => handle.close(),
    get maxInFlight() {
      return maxInFlight;
    },
    count: (suffix: string) => handle.requests.filter((r) => r.path.endsWith(suffix)).length,
  };
}
