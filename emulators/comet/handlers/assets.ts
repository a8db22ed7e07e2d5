/**
 * Experiment assets: `POST /write/experiment/upload-asset` (multipart; all metadata in the query string),
 * `GET /experiment/asset/list`, `GET /experiment/asset/get-asset`, and the experiment-model file list
 * `GET /experiment/model/asset/list` (reference §3.3, §4, §5.7).
 */
import { json } from '../../shared/index.js';
import type { RouteHandler } from '../context.js';
import { CometError, cometErrors } from '../errors.js';
import { newHexId } from '../ids.js';
import type { AssetRecord } from '../log.js';
import { multipartBoundary, parseMultipart } from '../multipart.js';
import { registryErrors } from '../registry.js';
import { assetView } from '../views.js';

/**
 * Stores the `file` part (or the `link` part with `isRemote=true`), with the query's `fileName`, `type` (default
 * `asset`), `step`, `epoch`, `context`, `overwrite`, `groupingName` and `metadata` (or a `metadata` part). Uploads
 * with `artifactVersionId` become files of that (OPEN) artifact version instead of experiment assets; `model-element`
 * uploads with a `groupingName` form the experiment model of that name. The answer's shape is not recorded anywhere:
 * the generic write body plus `assetId`, which is what a client needs to fetch the asset back.
 */
export const uploadAsset: RouteHandler = (r) => {
  const input = r.input();
  const store = r.ctx.store;
  const e = store.requireExperiment(input.string('experimentKey'), 'write');
  const boundary = multipartBoundary(r.req.headers['content-type']);
  if (boundary === undefined) throw new CometError(400, 'upload-asset expects multipart/form-data');
  if (r.req.body.length === 0) throw cometErrors.missingField('file');
  const parts = parseMultipart(r.req.body, boundary);
  const file = parts.find((p) => p.name === 'file');
  const link = parts.find((p) => p.name === 'link');
  const metadataPart = parts.find((p) => p.name === 'metadata');
  const remote = input.boolean('isRemote') ?? false;
  if (remote ? !link : !file) throw cometErrors.missingField(remote ? 'link' : 'file');
  const metadata = metadataPart ? metadataPart.data.toString('utf8') : (input.string('metadata') ?? null);
  if (metadata !== null && metadata !== '') {
    try {
      JSON.parse(metadata);
    } catch {
      throw cometErrors.badField('metadata', 'a JSON-encoded string');
    }
  }
  const fileName = input.string('fileName') ?? file?.filename ?? link?.data.toString('utf8') ?? 'asset';
  const assetId = newHexId();
  const asset: AssetRecord = {
    assetId,
    fileName,
    type: input.string('type') ?? 'asset',
    step: input.integer('step') ?? null,
    epoch: input.integer('epoch') ?? null,
    runContext: input.string('context') ?? null,
    metadata: metadata === '' ? null : metadata,
    groupingName: input.string('groupingName') ?? null,
    createdAt: r.ctx.clock.now(),
    content: remote ? null : (file?.data ?? null),
    remoteLink: remote && link ? link.data.toString('utf8') : null,
  };
  const overwrite = input.boolean('overwrite') ?? false;
  const artifactVersionId = input.string('artifactVersionId');
  if (artifactVersionId !== undefined && artifactVersionId !== '') {
    store.artifacts.addFile(artifactVersionId, asset, overwrite);
  } else {
    store.ingest(() => e.log.addAsset(asset, overwrite));
  }
  store.touch(e);
  return json(200, { msg: 'ok', code: 200, sdk_error_code: 0, assetId });
};

/** `type` filters by asset type; absent or `all` lists everything, in upload order. */
export const assetList: RouteHandler = (r) => {
  const input = r.input();
  const e = r.ctx.store.requireExperiment(input.string('experimentKey'), 'read');
  const type = input.string('type');
  const assets = e.log.assets().filter((a) => type === undefined || type === '' || type === 'all' || a.type === type);
  return json(200, { assets: assets.map((a) => assetView(a, r.origin, e.key)) });
};

/** Raw bytes of an uploaded asset; with `artifactVersionId`, of a file of that artifact version. */
export const getAsset: RouteHandler = (r) => {
  const input = r.input();
  const store = r.ctx.store;
  const e = store.requireExperiment(input.string('experimentKey'), 'read');
  const assetId = input.requiredString('assetId');
  const versionId = input.string('artifactVersionId');
  let asset: AssetRecord | undefined;
  if (versionId !== undefined && versionId !== '') {
    asset = store.artifacts.versionById(versionId)?.version.files.find((f) => f.assetId === assetId);
  } else {
    asset = e.log.assets().find((a) => a.assetId === assetId);
  }
  if (!asset) throw new CometError(404, `Asset not found: ${assetId}`);
  if (asset.content === null) throw new CometError(400, `Asset ${assetId} is remote: ${asset.remoteLink ?? ''}`);
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: asset.content };
};

/** `GET /experiment/model/asset/list?experimentKey&modelName` → `{assets}`: the model's `model-element` files. */
export const experimentModelAssets: RouteHandler = (r) => {
  const input = r.input();
  const e = r.ctx.store.requireExperiment(input.string('experimentKey'), 'read');
  const name = input.requiredString('modelName');
  if (!e.log.model(name)) throw registryErrors.noExperimentModel(`${e.key}/${name}`);
  return json(200, { assets: e.log.modelAssets(name).map((a) => assetView(a, r.origin, e.key)) });
};
