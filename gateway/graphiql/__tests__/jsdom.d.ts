// Minimal typings for the slice of jsdom 26 the GraphiQL test uses: @types/jsdom is not
// installed (and this component may not add packages). Delete this file if @types/jsdom is
// ever added as a dev dependency.
declare module 'jsdom' {
  /** Options jsdom passes to {@link ResourceLoader.fetch}. */
  export interface FetchOptions {
    accept?: string;
    referrer?: string;
    element?: unknown;
    cookieJar?: unknown;
  }

  /** A pending resource load; jsdom reads `response` after it settles. */
  export type ResourcePromise = Promise<Buffer> & { abort?: () => void; response?: { statusCode: number; headers: Record<string, string | string[] | undefined> } };

  export class ResourceLoader {
    constructor(options?: { strictSSL?: boolean; proxy?: string; userAgent?: string });
    /** Return `null` to skip loading the resource. */
    fetch(url: string, options: FetchOptions): ResourcePromise | null;
  }

  export class VirtualConsole {
    constructor();
    on(event: 'jsdomError', listener: (error: Error & { detail?: unknown; type?: string }) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  /** Element, narrowed to what the test reads. */
  export interface DOMElement {
    readonly textContent: string | null;
    readonly outerHTML: string;
    getAttribute(name: string): string | null;
    click(): void;
  }

  /** The jsdom window: known members typed, everything else (globals, polyfill targets) open. */
  export interface DOMWindow {
    [key: string]: unknown;
    readonly document: {
      querySelector(selectors: string): DOMElement | null;
      querySelectorAll(selectors: string): ArrayLike<DOMElement>;
      readonly readyState: string;
      [key: string]: unknown;
    };
    readonly location: { readonly href: string; readonly origin: string };
    readonly Element: { prototype: Record<string, unknown> };
    readonly Range: { prototype: Record<string, unknown> };
    close(): void;
  }

  export interface ConstructorOptions {
    url?: string;
    referrer?: string;
    contentType?: string;
    runScripts?: 'dangerously' | 'outside-only';
    resources?: 'usable' | ResourceLoader;
    pretendToBeVisual?: boolean;
    virtualConsole?: VirtualConsole;
    beforeParse?(window: DOMWindow): void;
  }

  export class JSDOM {
    constructor(html?: string, options?: ConstructorOptions);
    static fromURL(url: string, options?: Omit<ConstructorOptions, 'url' | 'contentType'>): Promise<JSDOM>;
    readonly window: DOMWindow;
    serialize(): string;
  }
}
