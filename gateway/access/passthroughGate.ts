/**
 * Access rules on the REST mounts (issue 8 item 1; the catalog applies the same rules to GraphQL and to
 * the union view, which runs as the caller's principal). A passthrough is refused, in the tracker's own
 * 403 shape, when the caller's principal may not use the mount's source, when it is read-only and the
 * request writes, or when its rule limits projects: a raw tracker answer cannot be filtered by project
 * reliably, so such principals read through the union view or GraphQL instead.
 */
import { type AccessRule, restrictsProjects, sourceAllowed } from '../../subgraphs/shared/access.js';

export interface RequestKind {
  /** The request changes something in the tracker. */
  readonly write: boolean;
  /** Served by Switchyard's rendered path (the union view, routed writes), not passed through. */
  readonly rendered: boolean;
  /** The source instance the request really writes to, when not the mount's own (a routed write). */
  readonly source?: string | undefined;
}

export type GateVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function passthroughVerdict(rule: AccessRule, mountSource: string, kind: RequestKind): GateVerdict {
  const source = kind.source ?? mountSource;
  if (!sourceAllowed(rule, source)) return { ok: false, reason: `this principal may not use source "${source}"` };
  if (kind.write && !rule.write) return { ok: false, reason: 'this principal may only read' };
  if (!kind.rendered && restrictsProjects(rule)) return { ok: false, reason: 'this principal is limited to some projects: read through the union view or GraphQL' };
  return { ok: true };
}

/** ClearML actions (`service.action`) that change state; everything else reads. */
const CLEARML_WRITE = /^(add|archive|clone|close|completed|create|delete|dequeue|edit|enqueue|failed|make|merge|move|publish|reset|set|started|stop|stopped|unarchive|update|upload|validate_delete)/;

export function clearmlRequestKind(path: string, union: boolean): RequestKind {
  const endpoint = path.replace(/^\/+(v\d+\.\d+\/)?/, '');
  const action = endpoint.slice(endpoint.indexOf('.') + 1);
  // auth.login issues a token: a read of the caller's own identity.
  return { write: endpoint !== 'auth.login' && CLEARML_WRITE.test(action), rendered: union };
}

/** Comet writes live under /write/ (GET-style writes included); uploads are writes too. `union`: the request carries the union flag (the mount renders it or refuses it, never passes it through). */
export function cometRequestKind(method: string, path: string, union = false): RequestKind {
  return { write: /\/write\//.test(path) || method === 'PUT' || method === 'DELETE', rendered: union };
}

/** CMF reads are GETs and the newer POST /mlmd_pull; pushes and uploads write. With the union flag nothing passes through. */
export function cmfRequestKind(method: string, path: string, union = false): RequestKind {
  return { write: method !== 'GET' && method !== 'HEAD' && !/\/mlmd_pull\/?$/.test(path), rendered: union };
}

/** MLConnector writes with POST, PATCH, PUT and DELETE. With the union flag nothing passes through. */
export function mlconnectorRequestKind(method: string, union = false): RequestKind {
  return { write: ['POST', 'PATCH', 'PUT', 'DELETE'].includes(method), rendered: union };
}
