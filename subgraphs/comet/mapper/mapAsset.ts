/**
 * Comet experiment assets (AssetLink, reference/comet.md §5.7) → the unified artifact plus Comet's own
 * fields. Pure. Comet keeps no content hash (`hash` null). `uri` is the asset's link with a pre-signed
 * query string dropped (DESIGN §4: presigned links are normalised before comparing), so two reads of
 * the same file compare equal; links whose query names the object (Comet's own
 * `get-asset?experimentKey=…&assetId=…`) keep it.
 */
import { encodeId } from '../../shared/ids.js';
import type { ArtifactRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { CometAssetWire } from '../connector/wire.js';
import { mapTime } from './mapTime.js';
import { experimentLink, jsonValue, safeInt, stringList, text } from './values.js';

/** The experiment an asset belongs to, as far as the caller knows it. */
export interface AssetOwner {
  readonly experimentKey: string;
  readonly project: string | null;
  readonly workspace: string | null;
}

export interface MapAssetContext {
  readonly instance: string;
  readonly webUrl?: string | undefined;
  readonly owner: AssetOwner;
}

export interface CometAssetView extends ArtifactRow {
  readonly raw: unknown;
  readonly experimentKey: string;
  readonly assetId: string;
  readonly fileName: string | null;
  readonly fileSize: number | null;
  readonly assetType: string | null;
  readonly step: number | null;
  readonly runContext: string | null;
  /** The link as Comet sent it (a pre-signed link included). */
  readonly link: string | null;
  readonly dir: string | null;
  readonly metadata: unknown;
  /** The asset's tags where the server lists them (JAVA `AssetLink`; the emulator does not): stitching links. */
  readonly tags: readonly string[];
}

export function mapAsset(a: CometAssetWire, ctx: MapAssetContext): CometAssetView {
  const key = ctx.owner.experimentKey;
  const fileSize = safeInt(a.fileSize);
  const type = text(a.type);
  const link = text(a.link);
  return {
    __typename: 'CometAsset',
    id: assetId(ctx.instance, key, a.assetId),
    origin: { source: ctx.instance, kind: 'COMET', nativeId: a.assetId, url: experimentLink(ctx.webUrl, ctx.owner.workspace, ctx.owner.project, key) },
    name: text(a.fileName) ?? a.assetId,
    project: ctx.owner.project,
    createdAt: mapTime(a.createdAt),
    type,
    uri: normaliseLink(link),
    hash: null,
    size: fileSize !== null && fileSize >= 0 ? fileSize : null,
    raw: capRaw(a),
    experimentKey: key,
    assetId: a.assetId,
    fileName: text(a.fileName),
    fileSize,
    assetType: type,
    step: safeInt(a.step),
    runContext: text(a.runContext),
    link,
    dir: text(a.dir),
    metadata: jsonValue(a.metadata),
    tags: stringList(a.tags) ?? [],
  };
}

export function assetId(instance: string, experimentKey: string, asset: string): string {
  return encodeId({ instance, kind: 'asset', native: [experimentKey, asset] });
}

/** Query parameters that make a link pre-signed (S3 v2/v4, GCS, Azure SAS, CloudFront): they expire. */
const PRESIGNED = /^(x-amz-.*|x-goog-.*|awsaccesskeyid|signature|expires|policy|key-pair-id|sig|se|sp|sv|sr|st|skoid|sktid|skt|ske|sks|skv)$/i;

/**
 * A link comparable across reads: fragment dropped, and the whole query string dropped when it carries
 * a signature (a pre-signed URL changes on every read). Anything that does not parse as a URL is kept.
 */
export function normaliseLink(link: string | null): string | null {
  if (link === null) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  url.hash = '';
  if ([...url.searchParams.keys()].some((k) => PRESIGNED.test(k))) url.search = '';
  return url.toString();
}
