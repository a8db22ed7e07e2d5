import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One servable file: its bytes and its `content-type` header value. */
export interface GraphiQLAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** Asset names served under the asset path, in the order the page loads them. */
export const GRAPHIQL_ASSET_NAMES = [
  'react.production.min.js',
  'react-dom.production.min.js',
  'graphiql.min.js',
  'graphiql.css',
] as const;

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** name → [package, file inside the package, content type]. */
const SOURCES: ReadonlyArray<readonly [string, string, string, string]> = [
  ['react.production.min.js', 'react', 'umd/react.production.min.js', JS],
  ['react-dom.production.min.js', 'react-dom', 'umd/react-dom.production.min.js', JS],
  ['graphiql.min.js', 'graphiql', 'dist/index.umd.js', JS],
  ['graphiql.css', 'graphiql', 'dist/style.css', CSS],
];

type Require = ReturnType<typeof createRequire>;

/**
 * Module resolvers to try, in order. From source (`gateway/graphiql/`), this file's own
 * resolver reaches `gateway/node_modules` (React 18, which still ships UMD builds) before the
 * root `node_modules` (React 19, no UMD). From `dist/gateway/graphiql/` it would skip
 * `gateway/node_modules`, so the gateway workspace package (symlinked into the root
 * `node_modules` by npm workspaces and resolved to its real path) is the fallback anchor.
 */
function resolvers(): Require[] {
  const own = createRequire(import.meta.url);
  const list = [own];
  try {
    list.push(createRequire(own.resolve('@switchyard/gateway/package.json')));
  } catch {
    // Not installed as a workspace (e.g. a copied tree): only the own resolver applies.
  }
  return list;
}

/** Absolute path of `file` inside `pkg`, from the first resolver whose copy of `pkg` has it. */
function locate(pkg: string, file: string, requires: readonly Require[]): string {
  const tried: string[] = [];
  for (const req of requires) {
    let root: string;
    try {
      root = dirname(req.resolve(`${pkg}/package.json`));
    } catch {
      continue;
    }
    const candidate = join(root, file);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }
  throw new Error(`GraphiQL asset ${pkg}/${file} not found (tried: ${tried.join(', ') || 'package not resolvable'})`);
}

/**
 * Reads GraphiQL's four browser assets from the installed packages (`react` and `react-dom`
 * 18 UMD builds, `graphiql` 4 UMD bundle and stylesheet) into memory. Call once at start-up;
 * throws if a file is missing, so a broken install fails fast instead of serving 404s.
 */
export function loadGraphiQLAssets(): Map<string, GraphiQLAsset> {
  const requires = resolvers();
  const assets = new Map<string, GraphiQLAsset>();
  for (const [name, pkg, file, contentType] of SOURCES) {
    assets.set(name, { body: readFileSync(locate(pkg, file, requires)), contentType });
  }
  return assets;
}

/** Strong ETag (quoted, sha256-based) for a body. */
export function graphiqlEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Short token that changes whenever any asset changes; used to bust caches of asset URLs. */
export function graphiqlAssetVersion(assets: ReadonlyMap<string, GraphiQLAsset>): string {
  const hash = createHash('sha256');
  for (const [name, asset] of [...assets].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(name).update('\0').update(asset.body);
  }
  return hash.digest('base64url').slice(0, 12);
}
