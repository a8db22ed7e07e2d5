import { createHash } from 'node:crypto';

/** Options for {@link renderGraphiQLPage}. */
export interface GraphiQLPageOptions {
  /** Same-origin path (or URL) GraphiQL POSTs GraphQL requests to, e.g. `/graphql`. */
  readonly endpoint: string;
  /** Same-origin path prefix the four assets are served under, e.g. `/graphiql-assets`. */
  readonly assetBase: string;
  /** Document title; defaults to `Switchyard GraphiQL`. */
  readonly title?: string;
  /** Initial query for a fresh editor tab (GraphiQL keeps later edits in localStorage). */
  readonly defaultQuery?: string;
  /** Cache-busting token appended as `?v=` to asset URLs (see `graphiqlAssetVersion`). */
  readonly assetVersion?: string;
}

/**
 * The one inline script of the page. It is a constant (all per-page values travel in a
 * non-executable `application/json` block), so its CSP hash is a constant too.
 * It builds a plain `fetch` fetcher (same-origin credentials), optionally adds an auth header
 * from the small input in the page header (persisted in localStorage), and mounts GraphiQL
 * (UMD globals `React`, `ReactDOM`, `GraphiQL`; the doc-explorer and history plugins are bundled).
 */
const BOOT_SCRIPT = `
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('graphiql-config').textContent);
  var KEY = 'switchyard:graphiql:auth';
  var nameEl = document.getElementById('graphiql-auth-header');
  var valueEl = document.getElementById('graphiql-auth-value');
  function load() {
    try { var s = JSON.parse(window.localStorage.getItem(KEY) || 'null'); if (s) { nameEl.value = s.name; valueEl.value = s.value; } } catch (e) { /* ignore */ }
  }
  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify({ name: nameEl.value, value: valueEl.value })); } catch (e) { /* ignore */ }
  }
  load();
  nameEl.addEventListener('change', save);
  valueEl.addEventListener('input', save);
  function fetcher(params, opts) {
    var headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    if (valueEl.value) { headers[nameEl.value] = valueEl.value; }
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (k) { headers[k] = String(extra[k]); });
    return window.fetch(cfg.endpoint, {
      method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(params)
    }).then(function (res) { return res.json(); });
  }
  var props = { fetcher: fetcher };
  if (typeof cfg.defaultQuery === 'string') { props.defaultQuery = cfg.defaultQuery; }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;

/** `sha256-…` CSP source for {@link BOOT_SCRIPT}. */
export const GRAPHIQL_BOOT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(BOOT_SCRIPT, 'utf8').digest('base64')}'`;

/**
 * Content-Security-Policy for the GraphiQL page: everything same-origin, no external origin.
 * Scripts: same-origin files plus the hashed boot script (no `unsafe-eval`/`unsafe-inline`).
 * Styles need `'unsafe-inline'` (React `style` props, CodeMirror); fonts and icons in
 * GraphiQL's CSS are `data:` URIs.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  `script-src 'self' ${GRAPHIQL_BOOT_SCRIPT_HASH}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON that is safe inside a `<script>` element (no `</script>`, `<!--`, or line separators). */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Renders the GraphiQL HTML page. It loads only same-origin assets
 * (`<assetBase>/react.production.min.js`, `react-dom.production.min.js`, `graphiql.min.js`,
 * `graphiql.css`) and is meant to be served with {@link GRAPHIQL_CSP}. Every interpolated
 * value is escaped (HTML escaping in markup, script-safe JSON in the config block).
 */
export function renderGraphiQLPage(options: GraphiQLPageOptions): string {
  const base = options.assetBase.replace(/\/+$/, '');
  const query = options.assetVersion === undefined ? '' : `?v=${encodeURIComponent(options.assetVersion)}`;
  const asset = (name: string): string => escapeHtml(`${base}/${name}${query}`);
  const config: { endpoint: string; defaultQuery?: string } = { endpoint: options.endpoint };
  if (options.defaultQuery !== undefined) config.defaultQuery = options.defaultQuery;
  const title = escapeHtml(options.title ?? 'Switchyard GraphiQL');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="${asset('graphiql.css')}">
<style>
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
#graphiql-auth { display: flex; gap: .5rem; align-items: center; padding: .25rem .75rem; font-size: .8rem; }
#graphiql-auth input { flex: 0 1 24rem; }
#graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="graphiql-auth">
<label for="graphiql-auth-value">Credential</label>
<select id="graphiql-auth-header" aria-label="Header name"><option value="x-api-key">x-api-key</option><option value="authorization">authorization</option></select>
<input id="graphiql-auth-value" type="password" autocomplete="off" placeholder="sent with every request (stored in this browser)">
</div>
<div id="graphiql">Loading GraphiQL…</div>
<script type="application/json" id="graphiql-config">${scriptSafeJson(config)}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script>${BOOT_SCRIPT}</script>
</body>
</html>
`;
}
