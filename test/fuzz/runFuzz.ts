/**
 * Runs generated bad input through a stack and judges every answer (issue 8 item 5):
 * - Switchyard itself never answers 5xx: a 5xx is allowed only when the tracker (emulator) answered that
 *   request with a 5xx of its own, which the passthrough carries byte for byte;
 * - an answer Switchyard makes itself (the tracker never saw the request) is in the tracker's own shape
 *   and leaks no internals;
 * - GraphQL never answers INTERNAL_SERVER_ERROR or a 5xx, every error has a code from the registry (or
 *   graphql-js's request codes), and no error leaks internals;
 * - the process does not crash (every request gets an answer).
 * Requests run one after another so each answer is matched to the emulator requests it caused.
 */
import fc from 'fast-check';
import { ERROR_CODES } from '../../subgraphs/shared/errors.js';
import type { Stack } from '../helpers/stack.js';
import { fuzzOperations } from './graphqlArbitraries.js';
import { type FuzzRequest, fuzzRequests, type MountName } from './restArbitraries.js';

export interface FuzzFinding {
  readonly problem: string;
  readonly request: string;
  readonly status: number;
  readonly body: string;
}

export interface FuzzReport {
  readonly requests: number;
  /** Answers by status class, e.g. `{ "2xx": 10, "4xx": 180 }`. */
  readonly statuses: Readonly<Record<string, number>>;
  /** 5xx answers that were the tracker's own (carried through). */
  readonly trackerErrors: number;
  readonly findings: readonly FuzzFinding[];
}

const GRAPHQL_REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);
const LEAK = /stacktrace|127\.0\.0\.1|localhost|at [A-Za-z.]+ \(|node_modules/;

/** Is `body` an error answer in the tracker's own format (for answers Switchyard made itself)? */
function trackerShaped(mount: MountName, status: number, body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const obj = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  switch (mount) {
    case 'clearml': {
      const meta = obj['meta'] as Record<string, unknown> | undefined;
      return typeof meta === 'object' && meta !== null && meta['result_code'] === status;
    }
    case 'comet':
      return typeof obj['msg'] === 'string' || typeof obj['code'] === 'number';
    case 'cmf':
    case 'mlconnector':
      return 'detail' in obj;
  }
}

const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
const classOf = (status: number) => `${Math.floor(status / 100)}xx`;

export async function fuzzMount(stack: Stack, mount: MountName, options: { readonly runs: number; readonly seed: number }): Promise<FuzzReport> {
  const emulator = stack.emulators[mount];
  if (!emulator) throw new Error(`no ${mount} emulator in this stack`);
  const statuses: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let trackerErrors = 0;
  for (const req of fc.sample(fuzzRequests(mount), { numRuns: options.runs, seed: options.seed })) {
    const before = emulator.requests.length;
    const label = `${req.method} ${req.path}`;
    let status: number;
    let body: string;
    try {
      const res = await send(stack, req);
      status = res.status;
      body = res.body;
    } catch (err) {
      findings.push({ problem: `no answer: ${err instanceof Error ? err.message : String(err)}`, request: label, status: 0, body: '' });
      continue;
    }
    statuses[classOf(status)] = (statuses[classOf(status)] ?? 0) + 1;
    const caused = emulator.requests.slice(before);
    const trackerFailed = caused.some((r) => r.status >= 500);
    if (status >= 500) {
      if (trackerFailed) trackerErrors += 1;
      else findings.push({ problem: 'Switchyard answered 5xx itself', request: label, status, body: short(body) });
    }
    // An error Switchyard made itself (the tracker never saw the request) must look like the tracker's.
    if (status >= 400 && caused.length === 0 && req.method !== 'HEAD' && !trackerShaped(mount, status, body)) {
      findings.push({ problem: 'error not in the tracker shape', request: label, status, body: short(body) });
    }
    // A passthrough answer is the tracker's own data (MLConnector's endpoints name its hosts); only what
    // Switchyard says itself must not leak.
    if (caused.length === 0 && LEAK.test(body)) findings.push({ problem: 'answer leaks internals', request: label, status, body: short(body) });
  }
  return { requests: options.runs, statuses, trackerErrors, findings };
}

async function send(stack: Stack, req: FuzzRequest): Promise<{ status: number; body: string }> {
  const res = await fetch(`${stack.gateway.url}${req.path}`, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD' ? { body: req.body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.text() };
}

export async function fuzzGraphQL(stack: Stack, options: { readonly runs: number; readonly seed: number }): Promise<FuzzReport> {
  const statuses: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  for (const op of fc.sample(fuzzOperations, { numRuns: options.runs, seed: options.seed })) {
    const label = `${op.query.slice(0, 60)} ${short(JSON.stringify(op.variables))}`;
    let status: number;
    let body: string;
    try {
      const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(op), signal: AbortSignal.timeout(30_000) });
      status = res.status;
      body = await res.text();
    } catch (err) {
      findings.push({ problem: `no answer: ${err instanceof Error ? err.message : String(err)}`, request: label, status: 0, body: '' });
      continue;
    }
    statuses[classOf(status)] = (statuses[classOf(status)] ?? 0) + 1;
    if (status >= 500) findings.push({ problem: 'GraphQL answered 5xx', request: label, status, body: short(body) });
    let errors: readonly { readonly extensions?: { readonly code?: unknown } }[] = [];
    try {
      errors = ((JSON.parse(body) as { errors?: typeof errors }).errors ?? []);
    } catch {
      findings.push({ problem: 'GraphQL answer is not JSON', request: label, status, body: short(body) });
    }
    for (const e of errors) {
      const code = e.extensions?.code;
      if (typeof code !== 'string' || (!(code in ERROR_CODES) && !GRAPHQL_REQUEST_CODES.has(code))) findings.push({ problem: `error code ${String(code)}`, request: label, status, body: short(body) });
    }
    if (LEAK.test(body)) findings.push({ problem: 'answer leaks internals', request: label, status, body: short(body) });
  }
  return { requests: options.runs, statuses, trackerErrors: 0, findings };
}
