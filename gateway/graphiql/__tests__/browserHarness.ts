// Browser harness for the GraphiQL jsdom test: a resource loader that refuses every
// non-local URL, a bounded poller, and the few polyfills jsdom needs to run GraphiQL 4.
import { ResourceLoader, type DOMWindow, type FetchOptions, type ResourcePromise } from 'jsdom';

/** One same-origin load, with what came over the wire. */
export interface Loaded { url: string; status?: number; contentType?: string }

/** Resource loader that loads only from the test server and records every URL it refused. */
export class LocalOnlyLoader extends ResourceLoader {
  readonly refused: string[] = [];
  /** Same-origin loads with the status and content type that actually came over the wire. */
  readonly loaded: Loaded[] = [];
  readonly #origin: string;
  constructor(allowedOrigin: string) {
    super();
    this.#origin = allowedOrigin;
  }
  override fetch(url: string, options: FetchOptions): ResourcePromise | null {
    if (new URL(url).origin !== this.#origin) {
      this.refused.push(url);
      return null;
    }
    const entry: Loaded = { url };
    this.loaded.push(entry);
    const pending = super.fetch(url, options);
    // Observe, don't replace: jsdom reads extra properties off this exact promise object.
    const record = (): void => {
      const response = pending?.response;
      if (response === undefined) return;
      entry.status = response.statusCode;
      const type = response.headers['content-type'];
      if (typeof type === 'string') entry.contentType = type;
    };
    pending?.then(record, record);
    return pending;
  }
}

/** Polls `check` every 25 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Browser-side state the test observes through its polyfills. */
export interface PageProbe {
  readonly refusedFetches: string[];
  /** window.fetch calls whose response has not reached the page yet. */
  inFlight: number;
  /** Set before window.close(): a late response is then dropped instead of reaching a dead page. */
  closed: boolean;
}

/**
 * Browser APIs jsdom 26 lacks but GraphiQL 4 (React UI + CodeMirror 5) uses while mounting.
 * Each is the smallest stand-in that lets the real bundle run; none fakes GraphiQL itself.
 */
export function polyfill(window: DOMWindow, allowedOrigin: string, probe: PageProbe): void {
  // jsdom has no fetch; the page's fetcher uses it. Node's fetch, limited to the test origin.
  window['fetch'] = async (input: string | { url: string }, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input.url, window.location.href);
    if (url.origin !== allowedOrigin) {
      probe.refusedFetches.push(url.href);
      throw new TypeError(`refused non-local fetch ${url.href}`);
    }
    probe.inFlight += 1;
    try {
      const response = await fetch(url, init);
      if (probe.closed) return await new Promise<Response>(() => undefined);
      return response;
    } finally {
      probe.inFlight -= 1;
    }
  };
  // jsdom lacks the Encoding API; GraphiQL's bundle calls `new TextDecoder()` at load time.
  window['TextDecoder'] = TextDecoder;
  window['TextEncoder'] = TextEncoder;
  // CodeMirror 5 measures text through Range geometry, which jsdom's Range lacks (jsdom does
  // no layout): report empty rects, as jsdom's Element geometry methods do.
  const emptyRect = () => ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0 });
  window.Range.prototype['getBoundingClientRect'] = emptyRect;
  window.Range.prototype['getClientRects'] = () => Object.assign([], { item: () => null });
}

/** Text of a CodeMirror 5 editor (CM5 exposes its instance on the wrapper element). */
export function editorValue(wrapper: unknown): string {
  const cm = (wrapper as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror;
  return cm?.getValue() ?? '';
}
