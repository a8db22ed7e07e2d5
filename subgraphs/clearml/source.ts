/**
 * ClearML as a source: one connector per configured instance, the project index (id ↔ name), and
 * task and model loaders that read many objects in one `get_all` call and keep them briefly in the
 * shared cache, so the catalog's listing and the gateway's `_entities` call that follows cost one
 * backend read.
 */
import type { Clock } from '../shared/clock.js';
import { type CacheScope, credentialFingerprint, type SourceCache } from '../shared/cache.js';
import { switchyardError } from '../shared/errors.js';
import { currentPrincipal } from '../shared/principalToken.js';
import type { ClearMLInstanceConfig } from './config.js';
import {
  ClearMLConnector,
  type ClearMLCredentials,
  type ClearMLEndpointWire,
  type ClearMLModelWire,
  type ClearMLTaskWire,
  isArtifactWire,
  isEndpointWire,
  isModelWire,
  isProjectWire,
  isTaskWire,
  listOf,
} from './connector/index.js';
import { type ClearMLArtifactView, type ClearMLModelView, type ClearMLTaskView, mapArtifact, mapModel, mapTask } from './mapper/index.js';
import { type CredentialFamily, credentialFamily } from '../shared/credentialFamily.js';

/** ClearML caps every get_all page at 500 rows (reference/clearml.md §7). */
export const CLEARML_MAX_PAGE = 500;
const PROJECT_INDEX_TTL_MS = 60_000;
const RUNNING_TTL_MS = 2_000;
const FINISHED_TTL_MS = 60_000;
const SERVING_TTL_MS = 10_000;
const ACTIVE_STATUSES = new Set(['created', 'queued', 'in_progress']);

interface LoadSpec<W> {
  readonly endpoint: string;
  readonly key: string;
  /** Cache key prefix. */
  readonly prefix: string;
  readonly guard: (v: unknown) => v is W;
  readonly remember: (read: readonly W[]) => Promise<void>;
}

export interface ProjectIndex {
  readonly byId: ReadonlyMap<string, string>;
  readonly byName: ReadonlyMap<string, string>;
}

export class ClearMLInstance {
  readonly config: ClearMLInstanceConfig;
  readonly connector: ClearMLConnector;
  readonly scope: CacheScope;
  readonly #cache: SourceCache;

  /** Every instance of this source name, one per backend credential: a write through any drops all their caches. */
  #family: () => readonly ClearMLInstance[] = () => [this];

  /** @param credentials the backend credential this instance calls with @default config.credentials */
  constructor(config: ClearMLInstanceConfig, cache: SourceCache, clock: Clock, credentials: ClearMLCredentials = config.credentials) {
    this.config = config;
    this.#cache = cache;
    this.connector = new ClearMLConnector({
      instance: config.name,
      baseUrl: config.url,
      credentials,
      clock,
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      breaker: config.breaker,
      timeouts: config.timeouts,
    });
    this.scope = { instance: config.name, fingerprint: credentialFingerprint(credentials.accessKey, credentials.secretKey) };
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

  /** Project id → name for these objects' projects, refreshing the index once when one is unknown. */
  async projectNames(objects: readonly { readonly project?: string | null | undefined }[]): Promise<ReadonlyMap<string, string>> {
    let index = await this.projectIndex();
    if (objects.some((o) => o.project && !index.byId.has(o.project))) index = await this.projectIndex(true);
    return index.byId;
  }

  /** Map tasks to the unified view, resolving project names. */
  async view(tasks: readonly ClearMLTaskWire[]): Promise<ClearMLTaskView[]> {
    const names = await this.projectNames(tasks);
    return tasks.map((t) => mapTask(t, { instance: this.config.name, projectName: t.project ? (names.get(t.project) ?? null) : null, webUrl: this.config.webUrl }));
  }

  async viewModels(models: readonly ClearMLModelWire[]): Promise<ClearMLModelView[]> {
    const names = await this.projectNames(models);
    return models.map((m) => mapModel(m, { instance: this.config.name, projectName: m.project ? (names.get(m.project) ?? null) : null, webUrl: this.config.webUrl }));
  }

  /** Every artifact of these tasks (which must have been read with `execution.artifacts`). */
  async viewArtifacts(tasks: readonly ClearMLTaskWire[]): Promise<ClearMLArtifactView[]> {
    const names = await this.projectNames(tasks);
    return tasks.flatMap((t) => {
      const ctx = { instance: this.config.name, taskId: t.id, projectId: t.project ?? null, projectName: t.project ? (names.get(t.project) ?? null) : null, webUrl: this.config.webUrl };
      return (t.execution?.artifacts ?? []).filter(isArtifactWire).map((a) => mapArtifact(a, ctx));
    });
  }

  /** Remember full task objects briefly (running ones for seconds only). */
  async remember(tasks: readonly ClearMLTaskWire[]): Promise<void> {
    await Promise.all(tasks.map((t) => this.#cache.set(this.scope, `task:${t.id}`, t, t.status && ACTIVE_STATUSES.has(t.status) ? RUNNING_TTL_MS : FINISHED_TTL_MS)));
  }

  async rememberModels(models: readonly ClearMLModelWire[]): Promise<void> {
    await Promise.all(models.map((m) => this.#cache.set(this.scope, `model:${m.id}`, m, FINISHED_TTL_MS)));
  }

  /** Tasks by native id, in request order (undefined for absent ones): cache first, then one get_all for the rest. */
  async loadTasks(nativeIds: readonly string[]): Promise<(ClearMLTaskWire | undefined)[]> {
    // get_all with `id` also finds hidden tasks (the server skips the hidden filter when ids are given).
    return this.#loadByIds(nativeIds, { endpoint: 'tasks.get_all', key: 'tasks', prefix: 'task', guard: isTaskWire, remember: (t) => this.remember(t) });
  }

  /** Models by native id, in request order, like `loadTasks`. */
  async loadModels(nativeIds: readonly string[]): Promise<(ClearMLModelWire | undefined)[]> {
    return this.#loadByIds(nativeIds, { endpoint: 'models.get_all', key: 'models', prefix: 'model', guard: isModelWire, remember: (m) => this.rememberModels(m) });
  }

  async #loadByIds<W extends { readonly id: string }>(nativeIds: readonly string[], spec: LoadSpec<W>): Promise<(W | undefined)[]> {
    const found = new Map<string, W>();
    const cached = await Promise.all(nativeIds.map((id) => this.#cache.get<W>(this.scope, `${spec.prefix}:${id}`)));
    cached.forEach((w) => w && found.set(w.id, w));
    const missing = [...new Set(nativeIds.filter((id) => !found.has(id)))];
    for (let i = 0; i < missing.length; i += CLEARML_MAX_PAGE) {
      const data = await this.connector.call(spec.endpoint, { id: missing.slice(i, i + CLEARML_MAX_PAGE), page: 0, page_size: CLEARML_MAX_PAGE }, 'read');
      const read = listOf(data, spec.key, spec.guard);
      await spec.remember(read);
      for (const w of read) found.set(w.id, w);
    }
    return nativeIds.map((id) => found.get(id));
  }

  /** `serving.get_endpoints` (API 2.31+), kept for a few seconds: its numbers are live statistics. */
  async loadEndpoints(): Promise<ClearMLEndpointWire[]> {
    return this.cached('serving', SERVING_TTL_MS, async () => listOf(await this.connector.call('serving.get_endpoints', {}, 'read'), 'endpoints', isEndpointWire));
  }

  /** A value this instance noted in its cache (dropped by `invalidate` and at expiry). */
  async recall<T>(key: string): Promise<T | undefined> {
    return this.#cache.get<T>(this.scope, key);
  }

  async note(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.#cache.set(this.scope, key, value, ttlMs);
  }

  /** Read through the instance's cache (scoped to its credential, dropped by `invalidate`). */
  async cached<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    return this.#cache.wrap(this.scope, key, ttlMs, compute);
  }

  /**
   * Forget what this source name's caches hold, under every credential: called after writes through
   * Switchyard (what one principal wrote may be visible to another).
   */
  async invalidate(): Promise<void> {
    await Promise.all(this.#family().map((i) => this.#cache.invalidate(i.scope)));
  }

  /** Joins the instances of one source name (ClearMLSource does, at start). */
  setFamily(family: () => readonly ClearMLInstance[]): void {
    this.#family = family;
  }
}

export class ClearMLSource {
  /** Per source name: one instance per distinct credential (connector, token, breaker, cache scope). */
  readonly #families = new Map<string, CredentialFamily<ClearMLInstance>>();

  constructor(configs: readonly ClearMLInstanceConfig[], cache: SourceCache, clock: Clock) {
    for (const c of configs) {
      const base = new ClearMLInstance(c, cache, clock);
      const family = credentialFamily(base, base.scope.fingerprint, c.principalCredentials ?? {}, (cred) => credentialFingerprint(cred.accessKey, cred.secretKey), (cred) => new ClearMLInstance(c, cache, clock, cred));
      for (const inst of family.members) inst.setFamily(() => family.members);
      this.#families.set(c.name, family);
    }
  }

  /** The instance by name, calling with the current principal's credential when it has one mapped (else the configured one). */
  instance(name: string): ClearMLInstance {
    const family = this.#families.get(name);
    if (!family) throw switchyardError('BAD_USER_INPUT', `Unknown ClearML source "${name}".`, { source: name });
    return family.for(currentPrincipal()?.id);
  }

  get instances(): readonly ClearMLInstance[] {
    return [...this.#families.values()].map((f) => f.base);
  }
}
