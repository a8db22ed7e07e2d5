/** MLConnector's recorded fixtures, as copied to test/fixtures/mlconnector (see its README). */
import { readFileSync } from 'node:fs';

export function fixturePath(name: string): URL {
  return new URL(`../../../test/fixtures/mlconnector/${name}`, import.meta.url);
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

export interface Exchange {
  readonly request: { readonly method: string; readonly path: string; readonly query?: Record<string, unknown>; readonly json?: unknown; readonly body?: unknown };
  readonly response: { readonly status: number; readonly content_type?: string; readonly body: unknown };
  readonly note?: string;
}

export const exchanges = (): Record<string, Exchange> => fixture<Record<string, Exchange>>('exchanges.json');
export const exchange = (name: string): Exchange => {
  const e = exchanges()[name];
  if (!e) throw new Error(`no exchange ${name}`);
  return e;
};
/** Northbound's Redis status values by name (pending, under_deployment, deployed, failed, …). */
export const statusValues = (): Record<string, string> =>
  fixture<{ endpoint_hash_values: Record<string, string> }>('northbound-ml.exchanges.json').endpoint_hash_values;
/** MLConnector's GET status answer for a plain-string Northbound status (raw JSON text). */
export const failedStatusResponse = (): string =>
  fixture<{ mlconnector_status_wrapping: { plain_string_status_Deployment_Failed: { body: { response: string } } } }>('northbound-ml.exchanges.json')
    .mlconnector_status_wrapping.plain_string_status_Deployment_Failed.body.response;
/** The inference container's recorded exchanges by name. */
export const inferenceExchanges = (): Record<string, Exchange> => fixture<Record<string, Exchange>>('inference-container.exchanges.json');
