/**
 * Ids in the /comet union view. Rows of the mount's own Comet source keep Comet's native ids
 * (experimentKey, registryModelId, registryModelItemId), so a client can follow up with a plain
 * passthrough call; rows of every other source carry their global Switchyard id in those fields
 * (`clearml:task:<id>`, `mlconnector:model:<uuid>`, `comet-eu:experiment:<key>`). Projects have no
 * entity in the unified model and their name is what the GraphQL filter takes, so every project id,
 * the own source's included, is Switchyard-made in the global id's syntax: `<source>:project:<name>`,
 * or `<source>:project:<workspace>/<name>` for Comet sources, whose project names are per workspace.
 */
import { encodeId } from '../../../subgraphs/shared/ids.js';

export interface RowOrigin {
  readonly source: string;
  readonly kind: string;
  readonly nativeId: string;
}

/** The value of a Comet id field for a row: native for the mount's own source, else the global id. */
export function cometIdOf(globalId: string, origin: RowOrigin, mountSource: string): string {
  return origin.source === mountSource ? origin.nativeId : globalId;
}

/** A Switchyard project id; `workspace` only for Comet sources. */
export function projectIdOf(source: string, workspace: string | null, project: string): string {
  return encodeId({ instance: source, kind: 'project', native: workspace === null ? [project] : [workspace, project] });
}

export interface ProjectRef {
  readonly source: string;
  readonly workspace: string | null;
  readonly project: string;
}

/** The inverse of `projectIdOf`; undefined for anything else (Comet's native project ids included). */
export function parseProjectId(raw: string): ProjectRef | undefined {
  const m = /^([a-z][a-z0-9-]{0,31}):project:([^/]+)(?:\/([^/]+))?$/.exec(raw);
  if (!m) return undefined;
  const parts = [m[2], m[3]].filter((p): p is string => p !== undefined).map(decode);
  if (parts.some((p) => p === undefined)) return undefined;
  const [a, b] = parts as string[];
  const source = m[1] as string;
  return b === undefined ? { source, workspace: null, project: a as string } : { source, workspace: a as string, project: b };
}

/** The global task id an `experimentKey` names: a global id as given, else a key of the mount's own source. */
export function taskIdOf(experimentKey: string, mountSource: string): string {
  return experimentKey.includes(':') ? experimentKey : encodeId({ instance: mountSource, kind: 'experiment', native: [experimentKey] });
}

/** The source instance a global id names. */
export function sourceOfId(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf(':')));
}

function decode(piece: string): string | undefined {
  try {
    const d = decodeURIComponent(piece);
    // Canonical encodings only, as for global ids: one project, one id.
    return encodeURIComponent(d) === piece ? d : undefined;
  } catch {
    return undefined;
  }
}
