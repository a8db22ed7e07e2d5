import type { IncomingMessage, ServerResponse } from 'node:http';
import { graphiqlAssetVersion, graphiqlEtag, loadGraphiQLAssets, type GraphiQLAsset } from './graphiqlAssets.js';
import { GRAPHIQL_CSP, renderGraphiQLPage } from './graphiqlPage.js';

/** Options for {@link createGraphiQLHandler}. */
export interface GraphiQLHandlerOptions {
  /** Path of the GraphQL endpoint; browsers GETting it (Accept: text/html) get GraphiQL. */
  readonly endpoint: string;
  /** Path prefix the assets are served under, e.g. `/graphiql-assets`. */
  readonly assetPath: string;
  /** Page title (escaped). */
  readonly title?: string;
  /** Initial query for a fresh editor tab. */
  readonly defaultQuery?: string;
  /** Preloaded assets (defaults to {@link loadGraphiQLAssets}); mainly for tests. */
  readonly assets?: ReadonlyMap<string, GraphiQLAsset>;
}

/** Node request handler; returns `true` when it wrote the response, `false` to pass it on. */
export type GraphiQLHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** q-value of the best Accept entry matching one of `types` (exact or `type/*`, not `*\/*`). */
function acceptQ(accept: string, types: readonly string[]): number {
  let best = 0;
  for (const part of accept.split(',')) {
    const [rawType = '', ...params] = part.split(';');
    const type = rawType.trim().toLowerCase();
    const matches = types.some((t) => t === type || `${t.split('/')[0] ?? ''}/*` === type);
    if (!matches) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k === 'q' && v !== undefined) q = Number.isNaN(Number(v)) ? 0 : Number(v);
    }
    best = Math.max(best, q);
  }
  return best;
}

/** True when the Accept header prefers HTML over GraphQL/JSON responses (as a browser does). */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false;
  const html = acceptQ(accept, ['text/html', 'application/xhtml+xml']);
  const json = acceptQ(accept, ['application/json', 'application/graphql-response+json']);
  return html > 0 && html > json;
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: Buffer | string,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'x-content-type-options': 'nosniff', ...headers, 'content-length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/**
 * Creates the GraphiQL handler. It serves, and only serves:
 * - `GET|HEAD <endpoint>` whose Accept prefers `text/html` and that carries no `query`
 *   parameter (a GraphQL-over-GET request) → the GraphiQL page, with {@link GRAPHIQL_CSP}
 *   and `cache-control: no-store`;
 * - `GET|HEAD <assetPath>/<name>` → the asset (long-lived cache, ETag, 304 on
 *   `If-None-Match`), or 404 for an unknown name.
 *
 * Everything else returns `false` untouched. Assets are read once, when this is called.
 */
export function createGraphiQLHandler(options: GraphiQLHandlerOptions): GraphiQLHandler {
  const assets = options.assets ?? loadGraphiQLAssets();
  const etags = new Map([...assets].map(([name, asset]) => [name, graphiqlEtag(asset.body)]));
  const assetPrefix = `${options.assetPath.replace(/\/+$/, '')}/`;
  const page = renderGraphiQLPage({
    endpoint: options.endpoint,
    assetBase: options.assetPath,
    assetVersion: graphiqlAssetVersion(assets),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.defaultQuery === undefined ? {} : { defaultQuery: options.defaultQuery }),
  });

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://localhost');

    if (url.pathname.startsWith(assetPrefix)) {
      const name = url.pathname.slice(assetPrefix.length);
      const asset = assets.get(name);
      const etag = etags.get(name);
      if (asset === undefined || etag === undefined) {
        send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'Not found\n');
        return true;
      }
      const cacheHeaders = { 'cache-control': ASSET_CACHE, etag };
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
        res.writeHead(304, cacheHeaders);
        res.end();
        return true;
      }
      send(req, res, 200, { 'content-type': asset.contentType, ...cacheHeaders }, asset.body);
      return true;
    }

    if (url.pathname === options.endpoint && !url.searchParams.has('query') && prefersHtml(req.headers.accept)) {
      send(
        req,
        res,
        200,
        {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': GRAPHIQL_CSP,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
        },
        page,
      );
      return true;
    }
    return false;
  };
}
