/**
 * What the union view's endpoints share: the request they get, the id rule, ClearML's time format,
 * the envelope (with the version ClearML would report) and a paged walk over a supergraph connection.
 *
 * Id rule (issue 9 item 2: "global ids sit in the tracker's id fields and by-id routes accept them"):
 * an object of the mount's own source keeps its native ClearML id, so ClearML SDK calls on it still work;
 * any other object (another tracker, or another ClearML instance) carries its Switchyard global id
 * (`comet:experiment:<key>`, `mlconnector:model:<uuid>`). The same rule applies to references (a model's
 * `task`, a row's `project`).
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationResult, OperationRunner } from '../shared/operationRunner.js';
import type { RestResponse } from '../shared/types.js';
import { CLEARML_ERRORS, clearmlError, clearmlErrorForCode, clearmlOk, type EnvelopeOptions, requestedVersion } from './envelope.js';
import type { Invalid } from './unionParams.js';
import { type Connection, lostRows, unionHeaders } from '../shared/unionRead.js';

export interface UnionViewInput {
  readonly params: Readonly<Record<string, unknown>>;
  /** From `switchyard.sources` or the header: 'all' or a comma-separated list of source names. */
  readonly sources: string;
  /** The mount's own source instance: its rows keep native ids. */
  readonly source: string;
  readonly envelope: EnvelopeOptions;
  readonly principal: Principal;
  readonly requestId: string;
  readonly run: OperationRunner;
}

export interface Origin {
  readonly source: string;
  readonly kind: string;
  readonly nativeId: string;
}

export type Row = Record<string, unknown>;

/** True for rows the mount's own source answered (they render as ClearML wrote them). */
export function isOwn(origin: Origin, source: string): boolean {
  return origin.source === source && origin.kind === 'CLEARML';
}

/** A row's `id`: native for the mount's own source, else the global id. */
export function rowId(globalId: string, origin: Origin, source: string): string {
  return isOwn(origin, source) ? origin.nativeId : globalId;
}

/** A reference given as a global id: native when it names an object of the mount's own source. */
export function refId(globalId: string, source: string): string {
  const prefix = `${source}:`;
  if (!globalId.startsWith(prefix)) return globalId;
  const rest = globalId.slice(prefix.length);
  const native = rest.slice(rest.indexOf(':') + 1);
  // ClearML tasks and models have a one-part native id; anything longer stays global.
  if (native.includes('/')) return globalId;
  try {
    return decodeURIComponent(native);
  } catch {
    return globalId;
  }
}

/**
 * A project id for rows not of the mount's own source, which have a project name but no ClearML project:
 * `<source>:project:<percent-encoded name>`, shaped like a global id so it is deterministic, unique
 * across sources and reversible (there is no `project` kind: it names a grouping, not an object).
 */
export function foreignProjectId(source: string, projectName: string): string {
  return `${source}:project:${encodeURIComponent(projectName)}`;
}

/** The system tag that marks a row from another source. */
export function sourceTag(source: string): string {
  return `switchyard:source=${source}`;
}

/** An ISO instant as python-rapidjson writes it (`…T10:11:12.345000+00:00`); undefined for none. */
export function clearmlTime(v: unknown): string | undefined {
  return typeof v === 'string' ? v.replace('Z', '000+00:00') : undefined;
}

export function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** A sorted string list (ClearML writes tags sorted). */
export function sortedTags(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string').sort() : [];
}

/** Min versions per endpoint (reference/clearml.md §5): the envelope reports the one that served. */
const MIN_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'tasks.get_all': ['2.1', '2.14', '2.15', '2.26'],
  'tasks.get_all_ex': ['2.1', '2.13', '2.14', '2.15', '2.23', '2.27'],
  'tasks.get_by_id': ['2.1'],
  'projects.get_all': ['2.1', '2.13', '2.14', '2.15'],
  'models.get_all': ['2.1', '2.15', '2.26'],
};

/** The envelope with the version clearml-server would report (the highest min version ≤ the requested one). */
export function withActualVersion(o: EnvelopeOptions): EnvelopeOptions {
  const num = (v: string) => v.split('.').map(Number) as [number, number];
  const [rMaj, rMin] = num(requestedVersion(o.path));
  const fits = (MIN_VERSIONS[o.endpoint] ?? ['2.1']).filter((v) => {
    const [maj, min] = num(v);
    return maj < rMaj || (maj === rMaj && min <= rMin);
  });
  return { ...o, actualVersion: fits[fits.length - 1] ?? '2.1' };
}

/** ClearML's 200 envelope, plus `x-switchyard-partial` naming the sources that failed. */
export function unionOk(data: unknown, input: UnionViewInput, partial: ReadonlySet<string>): RestResponse {
  const response = clearmlOk(data, input.envelope);
  return { ...response, headers: { ...response.headers, ...unionHeaders({ partial: [...partial].sort() }) } };
}

/** ClearML's 400/12 validation error naming what is wrong. */
export function unionInvalid(invalid: Invalid, input: UnionViewInput): RestResponse {
  const [code, sub, msg] = CLEARML_ERRORS.validation;
  return clearmlError(code, sub, `${msg} (${invalid.invalid})`, input.envelope, { reason: invalid.invalid });
}

/**
 * A supergraph operation that returned no data: the caller's mistake (an unknown source name, a scroll_id
 * that is no cursor) is ClearML's 400/12 with the supergraph's words; anything else as its code reads.
 */
export function unionFailed(input: UnionViewInput, errors: OperationResult['errors'] = []): RestResponse {
  const userError = errors.find((e) => e.extensions?.['code'] === 'BAD_USER_INPUT');
  if (userError) return unionInvalid({ invalid: userError.message }, input);
  const first = errors[0];
  const code = first?.extensions?.['code'];
  const source = first?.extensions?.['source'];
  return clearmlErrorForCode(typeof code === 'string' ? code : undefined, first?.message ?? 'no data', typeof source === 'string' ? source : 'the union view', input.envelope);
}

export interface PageRequest {
  readonly query: string;
  /** The connection's field on Query (`tasks`, `models`). */
  readonly field: string;
  readonly variables: Record<string, unknown>;
  readonly first: number;
  /** Offset paging: the 0-based page of `first` rows to return. */
  readonly page: number;
  readonly after: string | null;
}

export interface PageResult {
  readonly nodes: Row[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  /** Sources that did not answer fully. */
  readonly partial: Set<string>;
}

/**
 * One page of a supergraph connection. ClearML's page/page_size is an offset while the supergraph pages
 * by cursor, so earlier pages are walked (bounded by 500 × 1000 rows, the page parameter's range).
 */
export async function fetchPage(input: UnionViewInput, req: PageRequest): Promise<PageResult | { readonly errors: OperationResult['errors'] }> {
  let after = req.after;
  let nodes: Row[] = [];
  let endCursor: string | null = null;
  let hasNextPage = false;
  const partial = new Set<string>();
  for (let p = 0; p <= req.page; p += 1) {
    const result = await input.run(req.query, { ...req.variables, first: req.first, after }, input.principal, input.requestId);
    const conn = (result.data?.[req.field] ?? null) as Connection<Row> | null;
    if (!conn) return { errors: result.errors };
    conn.sources.filter(lostRows).forEach((s) => partial.add(s.source));
    nodes = conn.edges.flatMap((e) => (e.node ? [e.node] : []));
    endCursor = conn.pageInfo.endCursor;
    hasNextPage = conn.pageInfo.hasNextPage;
    if (!hasNextPage && p < req.page) return { nodes: [], endCursor, hasNextPage, partial };
    after = endCursor;
  }
  return { nodes, endCursor, hasNextPage, partial };
}
