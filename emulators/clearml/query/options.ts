/**
 * Which request keys each entity's `get_all` treats as which kind of filter — the
 * `get_all_query_options` of the server's Mongo models (`apiserver/database/model/task/task.py`,
 * `model.py`, `project.py`). A trailing `*` matches every key with that prefix (`hyperparams.*`).
 */
export interface QueryOptions {
  /** "list contains" fields: values OR-ed, `-x` / `__$not` exclusion, `__$all` / `__$any`. */
  readonly list: readonly string[];
  /** `[min, max]` inclusive ranges; a null min also matches a missing value. */
  readonly range: readonly string[];
  /** `>=2025-01-01`-style constraints (or a 2-element range). */
  readonly datetime: readonly string[];
  /** Case-sensitive regular expressions. */
  readonly pattern: readonly string[];
  /** Plain equality. */
  readonly exact: readonly string[];
  /** Fields whose first-sort-key use switches on numeric string collation. */
  readonly numericCollation: readonly string[];
  /** Fields returned only when asked for (`exclude_by_default`). */
  readonly excludedByDefault: readonly string[];
  /** Fields holding ids of other documents; `get_all_ex` returns them as `{id}` objects. */
  readonly references: Readonly<Record<string, 'project' | 'task' | 'model' | 'queue'>>;
  /** Text-index fields searched by `search_text`. */
  readonly textFields: readonly string[];
}

export const TASK_QUERY_OPTIONS: QueryOptions = {
  list: ['id', 'user', 'tags', 'system_tags', 'type', 'status', 'project', 'parent', 'hyperparams.*', 'execution.queue', 'models.input.model'],
  range: ['created', 'started', 'active_duration', 'last_metrics.*', 'last_iteration'],
  datetime: ['status_changed', 'last_update', 'last_change'],
  pattern: ['name', 'comment', 'report'],
  exact: ['runtime.*'],
  numericCollation: ['execution.parameters.', 'last_metrics.', 'hyperparams.'],
  excludedByDefault: ['unique_metrics', 'company_origin', 'enqueue_status'],
  references: {
    project: 'project',
    parent: 'task',
    'execution.queue': 'queue',
    'models.input.model': 'model',
    'models.output.model': 'model',
  },
  textFields: ['name', 'id', 'comment', 'report', 'models.input.model', 'models.output.model', 'script.repository', 'script.entry_point'],
};

export const MODEL_QUERY_OPTIONS: QueryOptions = {
  list: ['tags', 'system_tags', 'framework', 'uri', 'id', 'user', 'project', 'task', 'parent', 'metadata.*'],
  range: ['created', 'last_metrics.*', 'last_iteration'],
  datetime: ['last_update', 'last_change'],
  pattern: ['name', 'comment'],
  exact: ['ready'],
  numericCollation: ['last_metrics.', 'metadata.'],
  excludedByDefault: ['ui_cache', 'company_origin', 'unique_metrics'],
  references: { project: 'project', task: 'task', parent: 'model' },
  textFields: ['name', 'id', 'comment', 'uri'],
};

export const PROJECT_QUERY_OPTIONS: QueryOptions = {
  list: ['tags', 'system_tags', 'id', 'parent', 'path'],
  range: ['last_update'],
  datetime: [],
  pattern: ['name', 'basename', 'description'],
  exact: [],
  numericCollation: [],
  excludedByDefault: ['path', 'company_origin'],
  references: { parent: 'project' },
  textFields: ['name', 'id', 'description'],
};

/** The request keys matching an option list (`x.*` matches `x.<anything>`). */
export function matchingKeys(patterns: readonly string[], keys: Iterable<string>): string[] {
  const all = [...keys];
  const out = new Set<string>();
  for (const p of patterns) {
    if (p.endsWith('*')) {
      const prefix = p.slice(0, -1);
      for (const k of all) if (k.startsWith(prefix)) out.add(k);
    } else if (all.includes(p)) {
      out.add(p);
    }
  }
  return [...out];
}
