/**
 * The `get_all_ex` join (`apiserver/database/projection.py`, `get_many_with_join`): reference fields
 * come back as `{id}` objects instead of id strings, and a projection through a reference
 * (`project.name`) loads the referenced document's fields (`project: {id, name}`).
 */
import type { CallContext } from '../context.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { projectDoc } from '../query/projection.js';

export type ReferenceKind = 'project' | 'task' | 'model' | 'queue';

export interface JoinPlan {
  /** `only_fields` with every `ref.sub` path replaced by `ref`. */
  readonly onlyFields: Json | undefined;
  /** Reference field → the sub-paths requested through it. */
  readonly joins: ReadonlyMap<string, readonly string[]>;
}

/** Split `only_fields` into the main projection and the joined sub-projections. */
export function planJoin(onlyFields: Json | undefined, references: Readonly<Record<string, ReferenceKind>>): JoinPlan {
  if (!Array.isArray(onlyFields)) return { onlyFields, joins: new Map() };
  const joins = new Map<string, string[]>();
  const rewritten: Json[] = [];
  for (const f of onlyFields) {
    const ref = typeof f === 'string' ? Object.keys(references).find((r) => f.startsWith(`${r}.`)) : undefined;
    if (ref === undefined || typeof f !== 'string') {
      rewritten.push(f);
      continue;
    }
    const subs = joins.get(ref) ?? [];
    subs.push(f.slice(ref.length + 1));
    joins.set(ref, subs);
    if (!rewritten.includes(ref)) rewritten.push(ref);
  }
  return { onlyFields: rewritten, joins };
}

function lookup(ctx: CallContext, kind: ReferenceKind, id: string): JsonObject | undefined {
  const store = ctx.env.store;
  if (kind === 'project') return store.projects.get(id);
  if (kind === 'task') return store.tasks.get(id);
  if (kind === 'model') return store.models.get(id);
  return store.queues.get(id);
}

function replaceAt(node: Json, parts: readonly string[], replace: (id: string) => Json): void {
  if (Array.isArray(node)) {
    for (const item of node) replaceAt(item, parts, replace);
    return;
  }
  if (!isObject(node)) return;
  const [head = '', ...rest] = parts;
  const value = node[head];
  if (value === undefined) return;
  if (rest.length > 0) {
    replaceAt(value, rest, replace);
    return;
  }
  if (typeof value === 'string') node[head] = replace(value);
}

/** Turn the reference fields of a projected row into `{id}` objects / joined sub-documents. */
export function expandReferences(
  ctx: CallContext,
  row: JsonObject,
  references: Readonly<Record<string, ReferenceKind>>,
  joins: ReadonlyMap<string, readonly string[]>,
): JsonObject {
  for (const [field, kind] of Object.entries(references)) {
    const subs = joins.get(field);
    replaceAt(row, field.split('.'), (id) => {
      const target = subs ? lookup(ctx, kind, id) : undefined;
      return target && subs ? projectDoc(target, subs, []) : { id };
    });
  }
  return row;
}
