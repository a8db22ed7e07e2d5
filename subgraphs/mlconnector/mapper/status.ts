/**
 * Deployment status strings → DeploymentStatus (reference/mlconnector.md §7). Two vocabularies:
 * MLConnector's DB (`waiting` until a status read) and Northbound's Redis value, a Python-repr dict
 * `{'status': 'pending'|'under_deployment'|'deployed', 'timestamp', 'local_endpoint'?, 'global_endpoint'?}`
 * or a plain string (`Deployment_Failed`, `To_be_removed`, `Removed`).
 */
import type { DeploymentStatus } from '../../shared/model.js';
import { isRecord } from '../connector/wire.js';
import { parsePyLiteral } from './pyLiteral.js';

export interface ParsedStatus {
  /** The upstream state word (`deployed`, `Deployment_Failed`, …), null when none could be read. */
  readonly state: string | null;
  readonly status: DeploymentStatus;
  /** Northbound's timestamp as it wrote it (Python `str(datetime)`, no zone), converted to ISO UTC. */
  readonly updatedAt: string | null;
  readonly localEndpoint: string | null;
  readonly globalEndpoint: string | null;
}

const STATES: Readonly<Record<string, DeploymentStatus>> = {
  waiting: 'PENDING',
  pending: 'PENDING',
  under_deployment: 'DEPLOYING',
  deployed: 'RUNNING',
  deployment_failed: 'FAILED',
  failed: 'FAILED',
  to_be_removed: 'STOPPING',
  removed: 'STOPPED',
};

export function mapDeploymentState(state: string | null | undefined): DeploymentStatus {
  if (!state) return 'UNKNOWN';
  return STATES[state.trim().toLowerCase()] ?? 'UNKNOWN';
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `2025-07-01 10:17:03.654321` (naive, UTC on the Northbound host) → `2025-07-01T10:17:03.654Z`. */
export function pythonTime(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const ms = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  const date = new Date(`${m[1]}T${m[2]}.${ms}${m[4] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** One Northbound status value: a Python-repr dict, a plain state string, or already an object. */
export function parseStatusValue(value: unknown): ParsedStatus {
  let inner: unknown = value;
  if (typeof value === 'string') {
    const literal = value.trim().startsWith('{') ? parsePyLiteral(value) : undefined;
    inner = literal ?? value;
  }
  if (typeof inner === 'string') {
    return { state: inner.trim() || null, status: mapDeploymentState(inner), updatedAt: null, localEndpoint: null, globalEndpoint: null };
  }
  if (isRecord(inner)) {
    const state = str(inner['status']);
    return {
      state,
      status: mapDeploymentState(state),
      updatedAt: pythonTime(inner['timestamp']),
      localEndpoint: str(inner['local_endpoint']),
      globalEndpoint: str(inner['global_endpoint']),
    };
  }
  return { state: null, status: 'UNKNOWN', updatedAt: null, localEndpoint: null, globalEndpoint: null };
}

/**
 * GET /deployment/get/status/{id}'s `response`: `str()` of `{'Model ': id, 'status': "<repr>"}`, or the
 * raw Northbound JSON text when the inner status was a plain string (literal_eval failed upstream).
 */
export function parseStatusResponse(response: string): ParsedStatus {
  let outer: unknown = parsePyLiteral(response);
  if (outer === undefined) {
    try {
      outer = JSON.parse(response) as unknown;
    } catch {
      return parseStatusValue(response);
    }
  }
  if (isRecord(outer) && 'status' in outer) return parseStatusValue(outer['status']);
  return parseStatusValue(outer);
}

/** The endpoint a client calls: the node port when there is one, else the cluster-internal one. */
export function endpointOf(parsed: ParsedStatus): string | null {
  const hostPort = parsed.globalEndpoint ?? parsed.localEndpoint;
  if (!hostPort) return null;
  return /^https?:\/\//.test(hostPort) ? hostPort : `http://${hostPort}`;
}
