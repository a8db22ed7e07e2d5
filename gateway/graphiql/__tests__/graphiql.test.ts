import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql } from 'graphql';
import { JSDOM, VirtualConsole } from 'jsdom';
import {
  GRAPHIQL_ASSET_NAMES,
  GRAPHIQL_CSP,
  createGraphiQLHandler,
  loadGraphiQLAssets,
  prefersHtml,
  renderGraphiQLPage,
} from '../index.js';
import { LocalOnlyLoader, editorValue, polyfill, waitFor, type PageProbe } from './browserHarness.js';

const ENDPOINT = '/graphql';
const ASSET_PATH = '/graphiql-assets';
const TITLE = 'Test <GraphiQL> & "co"';
const DEFAULT_QUERY = '{ experiments { id name } }';

const schema = buildSchema(`
  type Experiment { id: ID! name: String! }
  type Query { experiments: [Experiment!]! experiment(id: ID!): Experiment }
`);
const rootValue = {
  experiments: () => [{ id: '1', name: 'baseline' }],
  experiment: ({ id }: { id: string }) => ({ id, name: `exp-${id}` }),
};

/** GraphQL POST bodies the test server received. */
const graphqlBodies: Array<{ query?: string; operationName?: string; apiKey?: string }> = [];
const handler = createGraphiQLHandler({ endpoint: ENDPOINT, assetPath: ASSET_PATH, title: TITLE, defaultQuery: DEFAULT_QUERY });

async function answerGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
    query?: string; operationName?: string; variables?: Record<string, unknown>;
  };
  const apiKey = req.headers['x-api-key'];
  graphqlBodies.push(typeof apiKey === 'string' ? { ...body, apiKey } : body);
  const result = await graphql({
    schema, rootValue, source: body.query ?? '', variableValues: body.variables ?? null, operationName: body.operationName ?? null,
  });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(result));
}

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handler(req, res)) return;
    if (req.method === 'POST' && req.url === ENDPOINT) {
      answerGraphQL(req, res).catch(() => { res.writeHead(500); res.end(); });
      return;
    }
    res.writeHead(418); // "not handled by GraphiQL" marker for the tests below
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('GraphiQL page in jsdom (local assets only)', () => {
  it('loads only same-origin assets, mounts GraphiQL and introspects the endpoint', async () => {
    const loader = new LocalOnlyLoader(origin);
    const probe: PageProbe = { refusedFetches: [], inFlight: 0, closed: false };
    const scriptErrors: string[] = [];
    const consoleErrors: string[] = [];
    const virtualConsole = new VirtualConsole();
    virtualConsole.on('jsdomError', (e) => {
      // jsdom's CSS parser cannot parse GraphiQL's modern stylesheet; that only means jsdom
      // ignores the styles (it has no layout anyway). Every other jsdom error is a failure.
      if (e.type !== 'css parsing') scriptErrors.push(`${e.message}\n${String(e.detail ?? '')}`);
    });
    virtualConsole.on('error', (...args) => consoleErrors.push(args.map(String).join(' ')));

    const dom = await JSDOM.fromURL(`${origin}${ENDPOINT}`, {
      runScripts: 'dangerously',
      resources: loader,
      pretendToBeVisual: true,
      virtualConsole,
      beforeParse: (window) => polyfill(window, origin, probe),
    });
    const { window } = dom;
    const { document } = window;
    try {
      await waitFor(() => document.querySelector('.graphiql-container') !== null || scriptErrors.length > 0, 10_000, 'GraphiQL to mount');
      expect(scriptErrors).toEqual([]);
      await waitFor(
        () => graphqlBodies.some((b) => b.operationName === 'IntrospectionQuery') && probe.inFlight === 0,
        10_000,
        'the introspection round trip',
      );
      // The introspection result really reached GraphiQL: its doc explorer lists our root type.
      document.querySelector('button[aria-label="Show Documentation Explorer"]')?.click();
      await waitFor(() => (document.querySelector('.graphiql-doc-explorer')?.textContent ?? '').includes('Query'), 10_000, 'the doc explorer');
      // The page's fetcher executes the editor's (default) query, with the credential input's
      // value as the chosen header.
      const keyInput = document.querySelector('#graphiql-auth-value') as unknown as { value: string; dispatchEvent(e: unknown): boolean };
      keyInput.value = 'k-123';
      keyInput.dispatchEvent(new (window['Event'] as new (type: string) => unknown)('input'));
      document.querySelector('button[aria-label^="Execute query"]')?.click();
      await waitFor(() => graphqlBodies.some((b) => b.query === DEFAULT_QUERY) && probe.inFlight === 0, 10_000, 'query execution');
      expect(graphqlBodies.find((b) => b.query === DEFAULT_QUERY)?.apiKey).toBe('k-123');
      expect((window['localStorage'] as { getItem(k: string): string | null }).getItem('switchyard:graphiql:auth')).toContain('k-123');
      // ... and shows the result (read through CodeMirror 5's API: jsdom has no layout, so
      // CodeMirror only renders the first line into the DOM).
      const responseText = (): string => editorValue(document.querySelector('.graphiql-response .CodeMirror'));
      await waitFor(() => responseText().includes('baseline'), 10_000, 'the response editor');
      expect(JSON.parse(responseText())).toEqual({ data: { experiments: [{ id: '1', name: 'baseline' }] } });

      expect(scriptErrors).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(loader.refused).toEqual([]);
      expect(probe.refusedFetches).toEqual([]);
      expect(document['title']).toBe(TITLE);
      expect(loader.loaded).toHaveLength(1 + GRAPHIQL_ASSET_NAMES.length); // the page + its assets
      for (const name of GRAPHIQL_ASSET_NAMES) {
        const hit = loader.loaded.find((l) => new URL(l.url).pathname === `${ASSET_PATH}/${name}`);
        expect(hit).toMatchObject({ status: 200, contentType: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8' });
      }
      expect(typeof window['GraphiQL']).toBe('function');
      expect(document.querySelector('#graphiql .graphiql-container')).not.toBeNull();
      const introspection = graphqlBodies.find((b) => b.operationName === 'IntrospectionQuery');
      expect(introspection?.query).toContain('__schema');
    } finally {
      probe.closed = true;
      window.close();
    }
  }, 30_000);
});

/** A response object that fails the test if the handler touches it. */
const untouchable = new Proxy({}, { get: () => { throw new Error('handler touched the response'); } }) as unknown as ServerResponse;
const fakeRequest = (method: string, url: string, accept?: string): IncomingMessage =>
  ({ method, url, headers: accept === undefined ? {} : { accept } }) as unknown as IncomingMessage;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('createGraphiQLHandler', () => {
  it('serves each asset with its content type, a long cache lifetime and an ETag', async () => {
    const assets = loadGraphiQLAssets();
    for (const name of GRAPHIQL_ASSET_NAMES) {
      const res = await fetch(`${origin}${ASSET_PATH}/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toContain('max-age=31536000');
      expect(Buffer.from(await res.arrayBuffer()).equals(assets.get(name)?.body ?? Buffer.alloc(0))).toBe(true);
      const etag = res.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect((await fetch(`${origin}${ASSET_PATH}/${name}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
  });

  it('answers 404 for unknown assets', async () => {
    for (const path of ['nope.js', '%2e%2e%2fpackage.json', 'react.production.min.js/x', '']) {
      const res = await fetch(`${origin}${ASSET_PATH}/${path}`);
      expect(res.status).toBe(404);
    }
  });

  it('serves the page to HTML-preferring GETs with the CSP and no-store', async () => {
    const res = await fetch(`${origin}${ENDPOINT}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('<div id="graphiql">');
  });

  it('leaves GraphQL requests and other paths alone', async () => {
    for (const [url, accept] of [
      [ENDPOINT, 'application/json'],
      [ENDPOINT, 'application/graphql-response+json, text/html;q=0.5'],
      [ENDPOINT, undefined],
      [`${ENDPOINT}?query=%7B__typename%7D`, BROWSER_ACCEPT],
      ['/elsewhere', BROWSER_ACCEPT],
      [`${ENDPOINT}/`, BROWSER_ACCEPT],
    ] as const) {
      expect(handler(fakeRequest('GET', url, accept), untouchable)).toBe(false);
    }
    expect(handler(fakeRequest('POST', ENDPOINT, BROWSER_ACCEPT), untouchable)).toBe(false);
    expect(handler(fakeRequest('POST', `${ASSET_PATH}/graphiql.css`), untouchable)).toBe(false);
    expect((await fetch(`${origin}${ENDPOINT}`, { headers: { accept: 'application/json' } })).status).toBe(418);
  });

  it('negotiates on the Accept header like a browser vs. a GraphQL client', () => {
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml('text/html;q=0, application/json')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
  });
});

describe('renderGraphiQLPage and GRAPHIQL_CSP', () => {
  const page = renderGraphiQLPage({ endpoint: ENDPOINT, assetBase: ASSET_PATH });

  it('has a CSP with no external origin that admits exactly the inline boot script', () => {
    const directives = GRAPHIQL_CSP.split(';').map((d) => d.trim().split(/\s+/));
    expect(directives[0]).toEqual(['default-src', "'self'"]);
    for (const [, ...sources] of directives) {
      for (const source of sources) expect(source).toMatch(/^('self'|'none'|'unsafe-inline'|'sha256-[A-Za-z0-9+/]+=*'|data:)$/);
    }
    const scriptSrc = directives.find(([name]) => name === 'script-src') ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const inline = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256').update(inline[0] ?? '', 'utf8').digest('base64');
    expect(scriptSrc).toContain(`'sha256-${hash}'`);
  });

  it('references only same-origin assets under the asset base', () => {
    const urls = [...page.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls.sort()).toEqual(GRAPHIQL_ASSET_NAMES.map((n) => `${ASSET_PATH}/${n}`).sort());
  });

  it('escapes every interpolated value', () => {
    const evil = '</script><script>alert(1)</script><!-- \u2028 & "\'';
    const html = renderGraphiQLPage({ endpoint: `/g"><script>x()</script>`, assetBase: `/a"><script>y()</script>`, title: evil, defaultQuery: evil });
    expect(html).not.toMatch(/<script>(alert|x\(|y\()/);
    expect(html).toContain('<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- \u2028 &amp; &quot;&#39;</title>');
    const { document } = new JSDOM(html).window; // parse only: scripts do not run
    expect(document['title']).toBe(evil);
    expect(document.querySelectorAll('script')).toHaveLength(5);
    const config = JSON.parse(document.querySelector('#graphiql-config')?.textContent ?? 'null') as unknown;
    expect(config).toEqual({ endpoint: `/g"><script>x()</script>`, defaultQuery: evil });
  });
});
