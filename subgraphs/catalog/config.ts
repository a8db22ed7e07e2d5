/** Settings of the catalog: the sources it fans out to and the secrets it signs with. */
import type { AccessPolicy } from '../shared/access.js';
import type { TrackerKind } from '../shared/ids.js';
import type { IdempotencyOptions } from '../shared/idempotency.js';

export interface CatalogSourceConfig {
  /** Instance name (the first part of ids). */
  readonly name: string;
  readonly kind: TrackerKind;
  /** Base URL of the subgraph that serves this instance (its source contract lives under /source/v1). */
  readonly subgraphUrl: string;
  /** Budget for one source-contract call. @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** Budget for one write (a source's longest tracker call). @default timeoutMs */
  readonly writeTimeoutMs?: number | undefined;
  readonly emulated?: boolean | undefined;
  /** Other names link tags may use for this instance (docs/stitching.md). */
  readonly linkAliases?: readonly string[] | undefined;
}

export interface CatalogConfig {
  readonly sources: readonly CatalogSourceConfig[];
  /** HMAC secret for cursors, shared by all replicas. */
  readonly cursorSecret: string;
  /** Bumped when the meaning of a cursor changes, so old cursors are refused rather than misread. */
  readonly schemaVersion?: string;
  /** Access rules per principal (subgraphs/shared/access.ts); absent: everyone may do everything. */
  readonly access?: AccessPolicy | undefined;
  /** Where in-flight locks and first-request fingerprints of idempotency keys live (memory when no Redis). */
  readonly idempotency?: IdempotencyOptions | undefined;
}
