/**
 * Unified models and deployments rendered in MLConnector's shapes (pure). Rows of the mount's own source
 * keep MLConnector's ids and, where the supergraph carries it (`raw`), MLConnector's own object; rows of
 * any other source carry their global Switchyard id in `modelid` / as the deployment id.
 */

export interface UnionOrigin {
  readonly source: string;
  readonly kind: string;
  readonly nativeId: string;
}

export interface UnionModel {
  readonly id: string;
  readonly name: string;
  readonly framework: string | null;
  readonly tags: readonly string[] | null;
  readonly origin: UnionOrigin;
  /** MLConnectorModel only: the MLModel object as MLConnector answered it. */
  readonly raw?: unknown;
}

export interface UnionDeployment {
  readonly id: string;
  readonly createdAt: string | null;
  readonly status: string | null;
  readonly endpoint: string | null;
  readonly origin: UnionOrigin;
  /** MLConnectorDeployment only. */
  readonly raw?: unknown;
  readonly state?: string | null;
  readonly statusUpdatedAt?: string | null;
  readonly localEndpoint?: string | null;
  readonly globalEndpoint?: string | null;
}

const ownRow = (origin: UnionOrigin, source: string): boolean => origin.kind === 'MLCONNECTOR' && origin.source === source;

function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The `MLModel` response object, keys in pydantic's order (modelid last). */
export function renderModel(m: UnionModel, source: string): Record<string, unknown> {
  const raw = record(m.raw);
  if (ownRow(m.origin, source) && raw && typeof raw['modelid'] === 'string') return { ...raw };
  return {
    modelname: m.name,
    // `modelkind` is free text upstream ("classification", "Regressor"); the framework is the nearest unified fact.
    modelkind: m.framework ?? '',
    hyperparameter: null,
    // Other trackers' metrics are measured values, not the thresholds `modelperformance` holds.
    modelperformance: null,
    // `[]`, not null: MLConnector's response model rejects a null trainingresource (its 500 quirk).
    trainingresource: [],
    runresource: null,
    featurelist: null,
    inference: null,
    modeltags: m.tags ? [...m.tags] : null,
    drift_detection: null,
    modelid: ownRow(m.origin, source) ? m.origin.nativeId : m.id,
  };
}

/** Python `repr()` of a str. */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .split(quote)
    .join(`\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** Python `repr()` of a dict of strings. */
export function pyDict(d: Readonly<Record<string, string>>): string {
  return `{${Object.entries(d).map(([k, v]) => `${pyStr(k)}: ${pyStr(v)}`).join(', ')}}`;
}

/** Python `str(datetime)` of a naive UTC time, as Northbound writes `timestamp`: `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
export function pyDatetime(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return undefined;
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 19)}${ms % 1000 === 0 ? '' : `.${text.slice(20, 23)}000`}`;
}

/** Unified status → Northbound's state word (its plain-string states are failures and removals). */
const NORTHBOUND_WORD: Readonly<Record<string, string>> = {
  PENDING: 'pending', DEPLOYING: 'under_deployment', RUNNING: 'deployed', FAILED: 'Deployment_Failed', STOPPING: 'To_be_removed', STOPPED: 'Removed', UNKNOWN: 'unknown',
};
const PLAIN_STATES = new Set(['Deployment_Failed', 'To_be_removed', 'Removed']);

/** The Northbound status value of one deployment: MLConnector's own string when read, else built like Northbound writes it. */
export function statusValue(d: UnionDeployment): string {
  const raw = record(d.raw);
  if (d.origin.kind === 'MLCONNECTOR' && typeof raw?.['status'] === 'string') return raw['status'];
  const word = d.state ?? NORTHBOUND_WORD[d.status ?? 'UNKNOWN'] ?? 'unknown';
  if (PLAIN_STATES.has(word)) return word;
  const when = d.statusUpdatedAt ?? d.createdAt;
  const timestamp = when ? pyDatetime(when) : undefined;
  const value: Record<string, string> = { status: word, ...(timestamp ? { timestamp } : {}) };
  if (word === 'deployed') {
    const local = d.localEndpoint ?? null;
    const global = d.globalEndpoint ?? d.endpoint;
    if (local) value['local_endpoint'] = local;
    if (global) value['global_endpoint'] = global;
  }
  return pyDict(value);
}

/** The id a deployment goes by in MLConnector's answers. */
export function deploymentKey(d: UnionDeployment, source: string): string {
  return ownRow(d.origin, source) ? d.origin.nativeId : d.id;
}

/** `GET /deployment/all`: `{"System_status": {id: status}}`, or Northbound's empty answer. */
export function systemStatus(deployments: readonly UnionDeployment[], source: string): Record<string, unknown> {
  if (deployments.length === 0) return { status: 'No data in the system.' };
  return { System_status: Object.fromEntries(deployments.map((d) => [deploymentKey(d, source), statusValue(d)])) };
}

/**
 * `GET /deployment/get/status/{id}`: `{"response": str(northbound_json)}`; for a plain-string state
 * MLConnector's `literal_eval` fails and `response` is Northbound's JSON text instead.
 */
export function statusResponse(requestedId: string, d: UnionDeployment): { response: string } {
  const value = statusValue(d);
  if (!value.startsWith('{')) return { response: JSON.stringify({ 'Model ': requestedId, status: value }) };
  return { response: pyDict({ 'Model ': requestedId, status: value }) };
}
