/**
 * Experiment assets: `POST /write/experiment/upload-asset` (multipart; all metadata in the query string),
 * `GET /experiment/asset/list` and `GET /experiment/asset/get-asset` (reference §3.3, §4, §5.7).
 */
import { json } from '../../shared/index.js';
import type { RouteHandler } from '../context.js';
import { CometError, cometErrors } from '../errors.js';
import { newHexId } from '../ids.js';
import { multipartBoundary, parseMultipart } from '../multipart.js';
import { assetView } from '../views.js';

/**
 * Stores the `file` part (or the `link` part with `isRemote=true`). The answer's shape is not recorded anywhere;
 * it is the generic write body plus `assetId`, which is what a client needs to fetch the asset back.
 */
export const uploadAsset: RouteHandler = (r) => {
  const input = r.input();
  const store = r.ctx.store;
  const e = store.requireExperiment(input.string('experimentKey'), 'write');
  const boundary = multipartBoundary(r.req.headers['content-type']);
  if (boundary === undefined) throw new CometError(400, 'upload-asset expects multipart/form-data');
  const parts = parseMultipart(r.req.body, boundary);
  const file = parts.find((p) => p.name === 'file');
  const link = parts.find((p) => p.name === 'link');
  const metadataPart = parts.find((p) => p.name === 'metadata');
  const remote = input.boolean('isRemote') ?? false;
  if (remote ? !link : !file) throw cometErrors.missingField(remote ? 'link' : 'file');
  const fileName = input.string('fileName') ?? file?.filename ?? link?.data.toString('utf8') ?? 'asset';
  const assetId = newHexId();
  e.log.addAsset(
    {
      assetId,
      fileName,
      type: input.string('type') ?? 'asset',
      step: input.integer('step') ?? null,
      runContext: input.string('context') ?? null,
      metadata: metadataPart ? metadataPart.data.toString('utf8') : (input.string('metadata') ?? null),
      createdAt: r.ctx.clock.now(),
      content: remote ? null : (file?.data ?? null),
      remoteLink: remote && link ? link.data.toString('utf8') : null,
    },
    input.boolean('overwrite') ?? false,
  );
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

/** Raw bytes of an uploaded asset. */
export const getAsset: RouteHandler = (r) => {
  const input = r.input();
  const e = r.ctx.store.requireExperiment(input.string('experimentKey'), 'read');
  const assetId = input.requiredString('assetId');
  const asset = e.log.assets().find((a) => a.assetId === assetId);
  if (!asset) throw new CometError(404, `Asset not found: ${assetId}`);
  if (asset.content === null) throw new CometError(400, `Asset ${assetId} is remote: ${asset.remoteLink ?? ''}`);
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: asset.content };
};
