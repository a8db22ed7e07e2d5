/**
 * The `{meta, data}` envelope of every JSON answer (`APICall.get_response`): HTTP status equals
 * `meta.result_code`, `trx` echoes `X-ClearML-Trx` (else the call id), versions are strings except
 * for clients asking for a version below 2.1, `error_stack` stays null (2.3.0 does not return stacks).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../shared/index.js';
import type { JsonObject } from './json.js';

/** Response header every answer carries (`apiserver.response.headers.server`). */
export const SERVER_HEADER = 'clearml';

export interface EnvelopeInput {
  readonly endpointName: string;
  readonly requestedVersion: string | number | null;
  readonly actualVersion: string | number | null;
  readonly trx: string | undefined;
  readonly code: number;
  readonly subcode: number;
  readonly msg: string;
  readonly errorData: JsonObject;
  readonly data: JsonObject;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A new call id: uuid4 hex, like `database.utils.id()`. */
export function newCallId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Python prints floats with a fraction (`1.0`); JSON.stringify would print `1`. */
function pyFloat(v: string | number | null): string {
  if (typeof v !== 'number') return JSON.stringify(v);
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** Build the HTTP response for a call result. */
export function envelope(input: EnvelopeInput): EmulatorResponse {
  const id = newCallId();
  const body = {
    meta: {
      id,
      trx: input.trx ?? id,
      endpoint: { name: input.endpointName, requested_version: '@REQ@', actual_version: '@ACT@' },
      result_code: input.code,
      result_subcode: input.subcode,
      result_msg: input.msg,
      error_stack: null,
      error_data: input.errorData,
    },
    data: input.data,
  };
  const text = JSON.stringify(body)
    .replace('"requested_version":"@REQ@"', `"requested_version":${pyFloat(input.requestedVersion)}`)
    .replace('"actual_version":"@ACT@"', `"actual_version":${pyFloat(input.actualVersion)}`);
  return {
    status: input.code,
    headers: { 'content-type': 'application/json', server: SERVER_HEADER, ...input.headers },
    body: text,
  };
}

/** A plain-text answer (415 content encoding, 500 "Failed processing request"). */
export function plainText(status: number, text: string): EmulatorResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', server: SERVER_HEADER }, body: text };
}
