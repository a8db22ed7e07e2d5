/** In-process calls against the emulator's handler, for unit tests. */
import { ManualClock } from '../../shared/index.js';
import { isObject, type JsonObject } from '../json.js';
import { CLEARML_DEMO_CREDENTIALS, type ClearMLEmulatorOptions, createClearMLHandlerBundle } from '../server.js';
import type { ClearMLStore } from '../store.js';

export const BASIC = `Basic ${Buffer.from(`${CLEARML_DEMO_CREDENTIALS.accessKey}:${CLEARML_DEMO_CREDENTIALS.secretKey}`).toString('base64')}`;

export interface CallResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly meta: JsonObject;
  readonly data: JsonObject;
  readonly text: string;
}

export interface TestEmulator {
  readonly clock: ManualClock;
  readonly store: ClearMLStore;
  call(path: string, body?: unknown, init?: { method?: string; headers?: Record<string, string>; raw?: string }): Promise<CallResult>;
}

/** A fresh emulator (no seed unless asked) on a manual clock at 2026-02-01T00:00:00Z. */
export function testEmulator(options: ClearMLEmulatorOptions = {}): TestEmulator {
  const clock = new ManualClock(Date.UTC(2026, 1, 1));
  const { handler, store } = createClearMLHandlerBundle({ seed: false, clock, ...options });
  return {
    clock,
    store,
    async call(path, body, init = {}) {
      const url = new URL(path, 'http://emulator.local');
      const raw = init.raw ?? (body === undefined ? '' : JSON.stringify(body));
      const res = await handler({
        method: init.method ?? 'POST',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: { 'content-type': 'application/json', authorization: BASIC, ...init.headers },
        body: Buffer.from(raw),
      });
      const text = String(res.body ?? '');
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const meta = isObject(parsed) && isObject(parsed['meta']) ? parsed['meta'] : {};
      const data = isObject(parsed) && isObject(parsed['data']) ? parsed['data'] : {};
      return { status: res.status, headers: res.headers ?? {}, meta, data, text };
    },
  };
}

/** Narrow an unknown JSON value to an object (throws in tests when it is not). */
export function asObject(value: unknown): JsonObject {
  if (!isObject(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

/** Narrow to an array of objects. */
export function asObjects(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value.map(asObject);
}
