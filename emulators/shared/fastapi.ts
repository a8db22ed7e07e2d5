/**
 * The answer shapes every FastAPI tracker (CMF Server, MLConnector) shares: `{"detail": …}` errors, pydantic v2's
 * 422 list, Starlette's 404, uvicorn's plain-text 500, and pydantic's lax integer parsing. Each emulator keeps
 * its own tracker-specific parts (405 headers, `missing` locations, request validators).
 */
import { type EmulatorResponse, json } from './httpKit.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface ValidationError {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly input: Json;
  readonly ctx?: JsonObject;
}

export const detail = (status: number, message: Json): EmulatorResponse => json(status, { detail: message });
export const unprocessable = (errors: readonly ValidationError[]): EmulatorResponse => json(422, { detail: errors as unknown as Json });
export const notFound = (): EmulatorResponse => detail(404, 'Not Found');
/** What uvicorn answers when a handler raises (DB integrity error, response validation): no JSON. */
export const internalError = (): EmulatorResponse => ({ status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' });

/** pydantic's lax int from a string: optional sign, digits, an all-zero fraction, surrounding spaces. */
export function parseIntLax(raw: string): number | undefined {
  const m = /^\s*([+-]?\d+)(?:\.0*)?\s*$/.exec(raw);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
