/**
 * autocannon (DESIGN §10) with the bounds every bench loop has: a duration and a request cap. Counts
 * non-2xx answers, transport errors and, when `expectBody` is given, answers that differ from it.
 */
import autocannon from 'autocannon';

export interface CannonRequest {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface CannonOptions {
  readonly url: string;
  /** One request, or several sent in turn by each connection. */
  readonly requests: readonly CannonRequest[];
  readonly connections: number;
  readonly seconds: number;
  readonly maxRequests?: number;
  /** Open loop: this many requests per second overall (closed loop when absent). */
  readonly overallRate?: number;
  /** Every answer must be these bytes (only with one request). */
  readonly expectBody?: string;
}

export interface CannonResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly mismatches: number;
  /** Answers that were not 2xx, by request path and status (several-request runs only). */
  readonly non2xxByRequest: Readonly<Record<string, number>>;
}

export async function cannon(o: CannonOptions): Promise<CannonResult> {
  const non2xxByRequest: Record<string, number> = {};
  const one = o.requests.length === 1 ? o.requests[0] : undefined;
  // autocannon takes expectBody only with a single request given at the top level.
  const shape = one
    ? { url: `${o.url}${one.path}`, method: one.method ?? 'POST', headers: { 'content-type': 'application/json', ...one.headers }, ...(one.body !== undefined ? { body: one.body } : {}) }
    : {
        url: o.url,
        requests: o.requests.map((q) => ({
          method: q.method ?? 'POST',
          path: q.path,
          headers: { 'content-type': 'application/json', ...q.headers },
          ...(q.body !== undefined ? { body: q.body } : {}),
          onResponse: (status: number) => {
            if (status >= 200 && status < 300) return;
            const key = `${q.path.split('?')[0] ?? ''}${q.path === '/graphql' ? ` ${(q.body ?? '').slice(0, 20)}` : ''} → ${status}`;
            non2xxByRequest[key] = (non2xxByRequest[key] ?? 0) + 1;
          },
        })),
      };
  const r = await autocannon({
    ...shape,
    connections: o.connections,
    duration: o.seconds,
    maxOverallRequests: o.maxRequests ?? 1_000_000,
    ...(o.overallRate ? { overallRate: o.overallRate } : {}),
    ...(o.expectBody !== undefined ? { expectBody: o.expectBody } : {}),
  });
  const seconds = Math.max(r.duration, 0.001);
  return {
    requests: r.requests.total,
    rps: r.requests.total / seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    mismatches: r.mismatches,
    non2xxByRequest,
  };
}

/** A GraphQL POST body. */
export function gqlBody(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify(variables ? { query, variables } : { query });
}
