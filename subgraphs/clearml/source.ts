/**
 * ClearML as a source: one connector per configured instance, the project index (id ↔ name), and a
 * task loader that reads many tasks in one `tasks.get_all` call and keeps them briefly in the shared
 * cache, so the catalog's listing and the gateway's `_entities` call that follows cost one backend read.
 */
import type { Clock } from '../shared/clock.js';
import { type CacheScope, credentialFingerprint, type SourceCache } from '../shared/cache.js';
import { switchyardError } from '../shared/errors.js';
import type { ClearMLInstanceConfig } from './config.js';
import { ClearMLConnector, type ClearMLTaskWire, isProjectWire, isTaskWire, listOf } from './connector/index.js';
import { type ClearMLTaskView, mapTask } from './mapper/index.js';

/** ClearML caps every get_all page at 500 rows (reference/clearml.md §7). */
export const CLEARML_MAX_PAGE = 500;
const PROJECT_INDEX_TTL_MS = 60_000;
const RUNNING_TTL_MS = 2_000;
const FINISHED_TTL_MS = 60_000;
const ACTIVE_STATUSES = new Set(['created', 'queued', 'in_progress']);

export interface ProjectIndex {
  readonly byId: ReadonlyMap<string, string>;
  readonly byName: ReadonlyMap<string, string>;
}

export class ClearMLInstance {
  readonly config: ClearMLInstanceConfig;
  readonly connector: ClearMLConnector;
  readonly scope: CacheScope;
  readonly #cache: SourceCache;

  constructor(config: ClearMLInstanceConfig, cache: SourceCache, clock: Clock) {
    this.config = config;
    this.#cache = cache;
    this.connector = new ClearMLConnector({
      instance: config.name,
      baseUrl: config.url,
      credentials: config.credentials,
      clock,
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    });
    this.scope = { instance: config.name, fingerprint: credentialFingerprint(config.credentials.accessKey, config.credentials.secretKey) };
  }

  /** Every project's id and full name, paged 500 at a time and cached for a minute. */
  async projectIndex(refresh = false): Promise<ProjectIndex> {
    let entries = refresh ? undefined : await this.#cache.get<[string, string][]>(this.scope, 'projects');
    if (!entries) {
      entries = await this.#fetchProjects();
      await this.#cache.set(this.scope, 'projects', entries, PROJECT_INDEX_TTL_MS);
    }
    return { byId: new Map(entries), byName: new Map(entries.map(([id, name]) => [name, id])) };
  }

  async #fetchProjects(): Promise<[string, string][]> {
    const all: [string, string][] = [];
    for (let page = 0; ; page += 1) {
      const data = await this.connector.call('projects.get_all', { only_fields: ['id', 'name'], search_hidden: true, page, page_size: CLEARML_MAX_PAGE, order_by: ['id'] }, 'read');
      const projects = listOf(data, 'projects', isProjectWire);
      for (const p of projects) all.push([p.id, p.name ?? p.id]);
      if (projects.length < CLEARML_MAX_PAGE) return all;
    }
  }

  /** Map tasks to the unified view, resolving project names (refreshing the index once for unknown ids). */
  async view(tasks: readonly ClearMLTaskWire[]): Promise<ClearMLTaskView[]> {
    let index = await this.projectIndex();
    if (tasks.some((t) => t.project && !index.byId.has(t.project))) index = await this.projectIndex(true);
    return tasks.map((t) => mapTask(t, { instance: this.config.name, projectName: t.project ? (index.byId.get(t.project) ?? null) : null, webUrl: this.config.webUrl }));
  }

  /** Remember full task objects briefly (running ones for seconds only). */
  async remember(tasks: readonly ClearMLTaskWire[]): Promise<void> {
    await Promise.all(tasks.map((t) => this.#cache.set(this.scope, `task:${t.id}`, t, t.status && ACTIVE_STATUSES.has(t.status) ? RUNNING_TTL_MS : FINISHED_TTL_MS)));
  }

  /** Tasks by native id, in request order (undefined for absent ones): cache first, then one get_all for the rest. */
  async loadTasks(nativeIds: readonly string[]): Promise<(ClearMLTaskWire | undefined)[]> {
    const found = new Map<string, ClearMLTaskWire>();
    const cached = await Promise.all(nativeIds.map((id) => this.#cache.get<ClearMLTaskWire>(this.scope, `task:${id}`)));
    cached.forEach((t) => t && found.set(t.id, t));
    const missing = [...new Set(nativeIds.filter((id) => !found.has(id)))];
    for (let i = 0; i < missing.length; i += CLEARML_MAX_PAGE) {
      const chunk = missing.slice(i, i + CLEARML_MAX_PAGE);
      // get_all with `id` also finds hidden tasks (the server skips the hidden filter when ids are given).
      const data = await this.connector.call('tasks.get_all', { id: chunk, page: 0, page_size: CLEARML_MAX_PAGE }, 'read');
      const tasks = listOf(data, 'tasks', isTaskWire);
      await this.remember(tasks);
      for (const t of tasks) found.set(t.id, t);
    }
    return nativeIds.map((id) => found.get(id));
  }

  /** Forget what this instance's cache holds: called after writes through Switchyard. */
  async invalidate(): Promise<void> {
    await this.#cache.invalidate(this.scope);
  }
}

export class ClearMLSource {
  readonly #instances = new Map<string, ClearMLInstance>();

  constructor(configs: readonly ClearMLInstanceConfig[], cache: SourceCache, clock: Clock) {
    for (const c of configs) this.#instances.set(c.name, new ClearMLInstance(c, cache, clock));
  }

  instance(name: string): ClearMLInstance {
    const found = this.#instances.get(name);
    if (!found) throw switchyardError('BAD_USER_INPUT', `Unknown ClearML source "${name}".`, { source: name });
    return found;
  }

  get instances(): readonly ClearMLInstance[] {
    return [...this.#instances.values()];
  }
}
