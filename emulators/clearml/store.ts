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

/** A read-only view for tests and diagnostics (copies, never the live documents). */
export interface ClearMLStoreView {
  listProjects(): JsonObject[];
  listTasks(): JsonObject[];
  listModels(): JsonObject[];
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
  readonly events = new Map<string, TaskEvents>();
  readonly #scrolls = new Map<string, { position: number; expires: number }>();

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

  listEvents(taskId: string): JsonObject[] {
    const e = this.events.get(taskId);
    return e ? [...e.keyed.values(), ...e.logs].map((d) => clone(d)) : [];
  }
}
