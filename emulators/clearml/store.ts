/**
 * In-memory state of one emulator instance: the Mongo collections (projects, tasks, models) as plain
 * JSON documents in insertion order (Mongo's natural order), the Elasticsearch events per task, and the
 * Redis scroll positions of `get_all` scrolling.
 */
import { createHash } from 'node:crypto';
import { clone, type JsonObject } from './json.js';
import type { ScrollStates } from './query/getMany.js';

/** Scroll state lifetime (`scroll_state_expiration_seconds` in `services/_mongo.conf`). */
export const SCROLL_TTL_MS = 600_000;

/** Events of one task: scalar/plot/image events keyed by their deterministic id, log events in order. */
export interface TaskEvents {
  readonly keyed: Map<string, JsonObject>;
  readonly logs: JsonObject[];
}

/**
 * A serving container entry (`ServingContainerEntry`): the registration or last status report's
 * fields (`container_id`, `endpoint_name`, `endpoint_url`, `model_name`, `uptime_sec`,
 * `requests_num`, ...) plus `register_time`/`last_activity_time` (epoch ms) and `register_timeout` (s).
 */
export interface ServingContainer {
  readonly entry: JsonObject;
  /** Epoch ms after which the registration is gone; undefined = kept alive (the demo seed's containers). */
  readonly expiresAt: number | undefined;
}

/** A read-only view for tests and diagnostics (copies, never the live documents). */
export interface ClearMLStoreView {
  listProjects(): JsonObject[];
  listTasks(): JsonObject[];
  listModels(): JsonObject[];
  listQueues(): JsonObject[];
  /** Serving containers registered now (expired ones left out), in registration order. */
  listServingContainers(): JsonObject[];
  /** Every event stored for a task (keyed events first, then logs). */
  listEvents(taskId: string): JsonObject[];
}

/** `hash_field_name` in `apiserver/database/utils.py`: md5 hex of the name (keys of `last_metrics`). */
export function hashFieldName(name: string): string {
  return createHash('md5').update(name, 'utf8').digest('hex');
}

export class ClearMLStore implements ClearMLStoreView {
  readonly projects = new Map<string, JsonObject>();
  readonly tasks = new Map<string, JsonObject>();
  readonly models = new Map<string, JsonObject>();
  /** Queues (Mongo `queue` collection): `{id, name, system_tags, entries: [{task, added}], ...}`. */
  readonly queues = new Map<string, JsonObject>();
  /** Serving containers (Redis in the real server), keyed by container id. */
  readonly containers = new Map<string, ServingContainer>();
  readonly events = new Map<string, TaskEvents>();
  readonly #scrolls = new Map<string, { position: number; expires: number }>();
  /** The emulator clock (container expiry in the read-only view). */
  readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  readonly scrolls: ScrollStates = {
    get: (id, now) => {
      const s = this.#scrolls.get(id);
      if (!s || s.expires <= now) {
        this.#scrolls.delete(id);
        return undefined;
      }
      return s.position;
    },
    set: (id, position, now) => {
      this.#scrolls.set(id, { position, expires: now + SCROLL_TTL_MS });
    },
  };

  eventsOf(taskId: string): TaskEvents {
    let e = this.events.get(taskId);
    if (!e) {
      e = { keyed: new Map(), logs: [] };
      this.events.set(taskId, e);
    }
    return e;
  }

  listProjects(): JsonObject[] {
    return [...this.projects.values()].map((d) => clone(d));
  }

  listTasks(): JsonObject[] {
    return [...this.tasks.values()].map((d) => clone(d));
  }

  listModels(): JsonObject[] {
    return [...this.models.values()].map((d) => clone(d));
  }

  listQueues(): JsonObject[] {
    return [...this.queues.values()].map((d) => clone(d));
  }

  listServingContainers(): JsonObject[] {
    return this.liveContainers(this.now()).map((c) => clone(c.entry));
  }

  /** Containers whose registration has not expired at `now` (Redis `setex` with `register_timeout`). */
  liveContainers(now: number): ServingContainer[] {
    const live: ServingContainer[] = [];
    for (const [id, c] of this.containers) {
      if (c.expiresAt !== undefined && c.expiresAt <= now) this.containers.delete(id);
      else live.push(c);
    }
    return live;
  }

  listEvents(taskId: string): JsonObject[] {
    const e = this.events.get(taskId);
    return e ? [...e.keyed.values(), ...e.logs].map((d) => clone(d)) : [];
  }
}
