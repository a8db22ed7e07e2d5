/**
 * Helpers for the CMF contract tests: fixtures (from test/fixtures, never /work/shared), an HTTP caller that never
 * follows redirects or throws on HTTP errors, multipart bodies, and emulators seeded with only `Test-env` (what
 * responses.synthetic.json was derived from).
 */
import { readFileSync } from 'node:fs';
import { ManualClock, startEmulatorServer } from '../../../emulators/shared/index.js';
import { type CmfEmulator, type CmfGeneration, CmfStore, createCmfHandler, pipelineDocument, startCmfEmulator, testEnvPipeline } from '../../../emulators/cmf/index.js';
import { type Json, type JsonRecord, isRecord } from '../../helpers/rawHttp.js';

export { type Answer, call, type CallOptions, isRecord, type Json, type JsonRecord } from '../../helpers/rawHttp.js';

export function fixtureText(relative: string): string {
  return readFileSync(new URL(`../../fixtures/${relative}`, import.meta.url), 'utf8');
}

export function fixture(relative: string): Json {
  return JSON.parse(fixtureText(relative)) as Json;
}

/** responses.synthetic.json, keyed "METHOD /path (generation)". */
export function synthetic(key: string): Json {
  const all = fixture('cmf/responses.synthetic.json');
  if (!isRecord(all) || !(key in all)) throw new Error(`no synthetic response ${key}`);
  return all[key] as Json;
}

/** The json_payload string cmflib sends for Test-env (the export, json.dumps'd). */
export const TEST_ENV_PAYLOAD = (fixture('cmf/mlmd_push-request.synthetic.json') as { json_payload: string }).json_payload;

/** A multipart/form-data body with one `file` part (what requests sends for `files={"file": (name, bytes)}`). */
export function multipart(filename: string | null, content: string | Buffer, field = 'file'): { body: Buffer; headers: Record<string, string> } {
  const boundary = '94d11f253af5efef5fc2b020517be61e';
  const disposition = `Content-Disposition: form-data; name="${field}"${filename === null ? '' : `; filename="${filename}"`}`;
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\n${disposition}\r\n\r\n`), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A push request body as cmflib builds it. */
export const pushBody = (payload: string, pipelineName: string | null = 'Test-env', execUuid: string | null = null): JsonRecord => ({ exec_uuid: execUuid, json_payload: payload, pipeline_name: pipelineName });

export const TEST_CLOCK_START = Date.UTC(2026, 10, 21, 12);

/** An emulator whose store holds only the seeded Test-env pipeline (ids and times of the fixture). */
export async function startTestEnvOnly(generation: CmfGeneration = 'C'): Promise<CmfEmulator> {
  const clock = new ManualClock(TEST_CLOCK_START);
  const store = new CmfStore(clock);
  await store.load([pipelineDocument(testEnvPipeline())]);
  const handle = await startEmulatorServer({ name: 'cmf', handler: createCmfHandler({ store, seed: false, generation, clock }) });
  return Object.assign(handle, { store, generation });
}

export const startEmpty = (generation: CmfGeneration = 'C', maxPushBytes?: number): Promise<CmfEmulator> =>
  startCmfEmulator({ seed: false, generation, clock: new ManualClock(TEST_CLOCK_START), ...(maxPushBytes === undefined ? {} : { maxPushBytes }) });

/** Drops keys whose value is null (the columns pandas adds when it unions rows). */
export function withoutNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}

/** Lineage layers with every parent list sorted (for comparisons that ignore CPython's set order). */
export function sortedParents(v: Json): Json {
  if (!Array.isArray(v)) return v;
  return v.map((layer) => (Array.isArray(layer) ? layer.map((n) => (isRecord(n) && Array.isArray(n['parents']) ? { ...n, parents: [...n['parents']].map(String).sort() } : n)) : layer));
}
