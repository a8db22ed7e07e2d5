/**
 * The multi-process bench stack (DESIGN §10): emulators and subgraphs in one child process, each gateway
 * under test in a child of its own, the load generator (autocannon) here. Gateway CPU is read from the
 * child itself, so the load generator's is never counted.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendUsage, TrackerName } from '../../scripts/stack.js';
import type { Arrival, BackendReady, ChildReply, ChildRequest, GatewayReady, ProcessStats } from './messages.js';

type Request = ChildRequest extends infer R ? (R extends { readonly id: number } ? Omit<R, 'id'> : never) : never;

/** A forked child answering requests by id; killed after `timeoutMs` if it never says it is ready. */
class Child<Ready> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (r: ChildReply) => void>();
  #next = 1;
  readonly ready: Promise<Ready>;

  constructor(file: string, args: readonly string[], env: Readonly<Record<string, string>>, execArgv: readonly string[] = [], timeoutMs = 60_000) {
    this.#child = fork(fileURLToPath(new URL(file, import.meta.url)), [...args], {
      env: { ...process.env, ...env },
      execArgv: [...process.execArgv, ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => (this.#child.kill('SIGKILL'), reject(new Error(`${file} did not start in ${timeoutMs} ms`))), timeoutMs);
      // The first message without an id is the child's ready message; the rest answer requests.
      this.#child.on('message', (m: unknown) => {
        if (typeof m !== 'object' || m === null) return;
        if ('id' in m) {
          const reply = m as ChildReply;
          this.#pending.get(reply.id)?.(reply);
          this.#pending.delete(reply.id);
        } else if ('ready' in m) {
          clearTimeout(timer);
          resolve(m as Ready);
        }
      });
      this.#child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${file} exited (${code ?? 'signal'})`));
      });
    });
    this.ready.catch(() => undefined);
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  ask(request: Request, timeoutMs = 30_000): Promise<ChildReply> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.#pending.delete(id), reject(new Error(`no answer to ${request.op} in ${timeoutMs} ms`))), timeoutMs);
      this.#pending.set(id, (r) => (clearTimeout(timer), resolve(r)));
      this.#child.send({ ...request, id });
    });
  }

  /** Ask the child to exit (so a --cpu-prof profile is written); kill it if it has not in 10 s. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    const kill = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    try {
      this.#child.send({ id: 0, op: 'exit' });
    } catch {
      this.#child.kill('SIGKILL');
    }
    await exited;
    clearTimeout(kill);
  }
}

export interface Backend {
  readonly info: BackendReady;
  readonly pid: number;
  /** Every emulator endpoint waits `delayMs` before answering; `track` records arrival times. */
  setFaults(delayMs: number, track?: boolean): Promise<void>;
  /** Arrival times since the last call (when tracking). */
  arrivals(): Promise<readonly Arrival[]>;
  usage(clear?: boolean): Promise<Partial<Record<TrackerName, BackendUsage>>>;
  stop(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  const child = new Child<BackendReady>('./backendProcess.ts', [], {});
  const info = await child.ready;
  return {
    info,
    pid: child.pid,
    setFaults: async (delayMs, track = false) => void (await child.ask({ op: 'faults', delayMs, track })),
    arrivals: async () => {
      const r = await child.ask({ op: 'arrivals' });
      return 'arrivals' in r ? r.arrivals : [];
    },
    usage: async (clear = false) => {
      const r = await child.ask({ op: 'usage', clear });
      return 'usage' in r ? r.usage : {};
    },
    stop: () => child.stop(),
  };
}

export type GatewayKind = 'switchyard' | 'plain' | 'bare';

export interface GatewayProcess {
  readonly kind: GatewayKind;
  readonly url: string;
  readonly pid: number;
  /** The child's own CPU time and RSS. */
  stats(): Promise<ProcessStats>;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** Extra node flags for the child, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
  /** For `bare`: the bytes it answers. */
  readonly bareBody?: string;
  /** For `switchyard`: turn the full-response cache on with this TTL. */
  readonly responseTtlMs?: number;
}

export async function startGatewayProcess(kind: GatewayKind, backend: Backend | undefined, options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const env = {
    BENCH_CONFIG: JSON.stringify(backend?.info.config ?? null),
    BENCH_SUBGRAPH_URLS: JSON.stringify(backend?.info.subgraphUrls ?? {}),
    BENCH_BARE_BODY: options.bareBody ?? '{}',
    BENCH_RESPONSE_TTL_MS: String(options.responseTtlMs ?? 0),
    SWITCHYARD_LOG_LEVEL: 'silent',
  };
  const child = new Child<GatewayReady>('./gatewayProcess.ts', [kind], env, options.execArgv);
  const { url } = await child.ready;
  return {
    kind,
    url,
    pid: child.pid,
    stats: async () => {
      const r = await child.ask({ op: 'stats' });
      if (!('stats' in r)) throw new Error('no stats');
      return r.stats;
    },
    stop: () => child.stop(),
  };
}

/** RSS (bytes) and open descriptors of a process, read from /proc without involving it. */
export function procSample(pid: number): { rss: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rss: kb * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}
