/** `projects.*`: hierarchical projects addressed by name paths (`a/b/c`). */
import { randomUUID } from 'node:crypto';
import { type CallContext, type EndpointHandler, identityOf, nowIso } from '../context.js';
import { newProjectDoc } from '../documents.js';
import { apiError, errors } from '../errors.js';
import { clone, type JsonObject, str, strings } from '../json.js';
import { getMany } from '../query/getMany.js';
import { PROJECT_QUERY_OPTIONS } from '../query/options.js';
import { projectDoc, splitProjection } from '../query/projection.js';
import { hasSystemTag } from '../statusMachine.js';
import type { ClearMLStore } from '../store.js';
import { storedTime } from '../time.js';
import { flag, projectOr401, requiredString } from './common.js';
import { expandReferences, planJoin } from './references.js';

/** `_validate_project_name`: surrounding and repeated `/` are dropped; an empty name is invalid. */
export function normaliseProjectName(name: string): string {
  const tokens = name.split('/').filter((t) => t.length > 0);
  if (tokens.length === 0) throw apiError(400, 407, undefined, { name });
  return tokens.join('/');
}

/** Find a project by its full name. */
export function projectByName(store: ClearMLStore, name: string): JsonObject | undefined {
  for (const p of store.projects.values()) if (p['name'] === name) return p;
  return undefined;
}

/**
 * Create `name` and any missing ancestors (parents are created implicitly, with empty
 * descriptions). Throws 400/801 when the full name exists already.
 */
export function createProjectPath(ctx: CallContext, rawName: string, fields: JsonObject, newId: () => string): string {
  const store = ctx.env.store;
  const identity = identityOf(ctx);
  const name = normaliseProjectName(rawName);
  if (projectByName(store, name)) {
    throw errors.expectedUniqueData('Project with the same name already exists', { name, company: identity.company });
  }
  const now = nowIso(ctx);
  const tokens = name.split('/');
  const path: string[] = [];
  let parent: string | undefined;
  for (let i = 1; i < tokens.length; i++) {
    const ancestorName = tokens.slice(0, i).join('/');
    let ancestor = projectByName(store, ancestorName);
    if (!ancestor) {
      ancestor = newProjectDoc({ id: newId(), name: ancestorName, identity, now, fields: {}, parent, path });
      store.projects.set(String(ancestor['id']), ancestor);
    }
    parent = String(ancestor['id']);
    path.push(parent);
  }
  const doc = newProjectDoc({ id: newId(), name, identity, now, fields, parent, path });
  store.projects.set(String(doc['id']), doc);
  return String(doc['id']);
}

const randomId = (): string => randomUUID().replace(/-/g, '');

/** Common `get_all`/`get_all_ex` filtering: hidden projects, `shallow_search`, parent → descendants. */
function queryProjects(ctx: CallContext, data: JsonObject): { rows: JsonObject[]; scrollId?: string } {
  const params: JsonObject = { ...data };
  const ids = params['id'];
  const showHidden = flag(params, 'search_hidden') || (Array.isArray(ids) ? ids.length > 0 : Boolean(ids));
  const parents = params['parent'];
  let structural: (d: JsonObject) => boolean = () => true;
  if (flag(params, 'shallow_search')) {
    if (parents === undefined || parents === null) structural = (d) => d['parent'] === undefined;
  } else if (parents !== undefined && parents !== null) {
    // Without shallow_search a parent filter means "anywhere below these projects".
    params['path'] = parents;
    delete params['parent'];
  }
  const docs = [...ctx.env.store.projects.values()];
  return getMany(docs, params, PROJECT_QUERY_OPTIONS, { fidelity: ctx.env.fidelity, now: ctx.env.clock.now(), scrolls: ctx.env.store.scrolls }, (d) =>
    structural(d) && (showHidden || !hasSystemTag(d, 'hidden')),
  );
}

const getAll: EndpointHandler = (ctx) => {
  const { rows, scrollId } = queryProjects(ctx, ctx.data);
  return { projects: rows, ...(scrollId !== undefined ? { scroll_id: scrollId } : {}) };
};

/** Task counters of `get_all_ex` `include_stats` (non-archived tasks of the project and, by default, its children). */
function projectStats(ctx: CallContext, project: JsonObject, withChildren: boolean): JsonObject {
  const id = String(project['id']);
  const projectIds = new Set([id]);
  if (withChildren) for (const p of ctx.env.store.projects.values()) if (strings(p, 'path').includes(id)) projectIds.add(String(p['id']));
  const counts: JsonObject = { created: 0, queued: 0, in_progress: 0, stopped: 0, published: 0, closed: 0, failed: 0, completed: 0, unknown: 0 };
  let total = 0;
  let runtime = 0;
  let completed24h = 0;
  let lastRun: string | undefined;
  const now = ctx.env.clock.now();
  for (const t of ctx.env.store.tasks.values()) {
    if (!projectIds.has(String(t['project'])) || hasSystemTag(t, 'archived')) continue;
    const status = str(t, 'status') ?? 'unknown';
    const prev = counts[status];
    counts[status] = (typeof prev === 'number' ? prev : 0) + 1;
    total += 1;
    const duration = t['active_duration'];
    if (typeof duration === 'number') runtime += duration;
    const completed = str(t, 'completed');
    if (completed && now - storedTime(completed) <= 86_400_000) completed24h += 1;
    const started = str(t, 'started');
    if (started && (lastRun === undefined || started > lastRun)) lastRun = started;
  }
  return {
    active: {
      status_count: counts,
      total_tasks: total,
      total_runtime: runtime,
      completed_tasks_24h: completed24h,
      ...(lastRun ? { last_task_run: lastRun } : {}),
    },
  };
}

const getAllEx: EndpointHandler = (ctx) => {
  const plan = planJoin(ctx.data['only_fields'], PROJECT_QUERY_OPTIONS.references);
  const { rows, scrollId } = queryProjects(ctx, { ...ctx.data, ...(plan.onlyFields !== undefined ? { only_fields: plan.onlyFields } : {}) });
  const withStats = flag(ctx.data, 'include_stats');
  const ownContents = flag(ctx.data, 'check_own_contents');
  const projects = rows.map((row) => {
    const stored = ctx.env.store.projects.get(String(row['id']));
    const out = expandReferences(ctx, row, PROJECT_QUERY_OPTIONS.references, plan.joins);
    if (!stored) return out;
    if (withStats) {
      out['stats'] = projectStats(ctx, stored, flag(ctx.data, 'stats_with_children', true));
      out['sub_projects'] = [...ctx.env.store.projects.values()]
        .filter((p) => p['parent'] === stored['id'])
        .map((p) => ({ id: p['id'] ?? null, name: p['name'] ?? null }));
    }
    if (ownContents) {
      out['own_tasks'] = [...ctx.env.store.tasks.values()].filter((t) => t['project'] === stored['id']).length;
      out['own_models'] = [...ctx.env.store.models.values()].filter((m) => m['project'] === stored['id']).length;
    }
    return out;
  });
  return { projects, ...(scrollId !== undefined ? { scroll_id: scrollId } : {}) };
};

const getById: EndpointHandler = (ctx) => {
  const project = projectOr401(ctx, requiredString(ctx.data, 'project'));
  const { exclude } = splitProjection(undefined, PROJECT_QUERY_OPTIONS.excludedByDefault);
  return { project: projectDoc(clone(project), [], exclude) };
};

const create: EndpointHandler = (ctx) => {
  const id = createProjectPath(ctx, requiredString(ctx.data, 'name'), ctx.data, randomId);
  return { id };
};

export const projectHandlers: Readonly<Record<string, EndpointHandler>> = {
  'projects.get_all': getAll,
  'projects.get_all_ex': getAllEx,
  'projects.get_by_id': getById,
  'projects.create': create,
};
