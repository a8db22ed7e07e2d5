/**
 * Fault injection for emulators: tests make a tracker slow, failing, unreadable or unreachable per
 * endpoint without touching the emulator's logic. Rules are matched in order; the first match applies.
 * The fault modes of DESIGN §7, in terms of this kit:
 * - slow: `{ delayMs }` (pair it with a short source timeout);
 * - 5xx: `{ status: 503 }`;
 * - malformed JSON: `malformedJson()` (a 200 whose JSON body is cut short);
 * - connection reset: `{ reset: true }`;
 * - down: `await faults.down()` … `await faults.up()` (the listener is closed: connections are refused);
 * - saved, then failed: `{ statusAfterHandling: 500 }` (the handler runs, the caller gets a 500);
 * - a tracker's own partial answers (ClearML's partial `events.add_batch`): `{ mapRequestBody }` spoils
 *   part of a request, and the emulator's own handler answers it as the real server would.
 */
export interface FaultRule {
  /** Path matcher: a substring of the pathname, or a RegExp tested against it. Omit to match every request. */
  readonly match?: string | RegExp;
  /** Wait this long (real time) before answering. Pair with a short client timeout in tests. */
  readonly delayMs?: number;
  /** Answer with this status instead of calling the handler. */
  readonly status?: number;
  /**
   * Call the handler — its writes happen — and then answer with this status (and `body`) instead of its
   * answer: a write saved but its answer lost (a 500 after save, a proxy timing out after the commit).
   */
  readonly statusAfterHandling?: number;
  /** Body for `status` (default: a short plain-text reason). */
  readonly body?: string;
  readonly contentType?: string;
  /** Destroy the socket without answering (a connection reset). */
  readonly reset?: boolean;
  /** Rewrite the request body before the handler sees it (the handler still answers). */
  readonly mapRequestBody?: (body: Buffer) => Buffer | string;
  /** Apply to this many matching requests only, then drop the rule. */
  readonly times?: number;
}

/** A 200 whose JSON body stops half-way, as a proxy or a crashed worker may leave it. */
export function malformedJson(match?: string | RegExp): FaultRule {
  return { ...(match !== undefined ? { match } : {}), status: 200, contentType: 'application/json', body: '{"data": [{"id": "' };
}

/** What the emulator server does when the controller takes it down or brings it back. */
export type AvailabilityHook = (up: boolean) => Promise<void>;

export class FaultController {
  #rules: { rule: FaultRule; left: number }[] = [];
  readonly #hooks = new Set<AvailabilityHook>();
  #down = false;

  /** Replace every rule. */
  set(rules: readonly FaultRule[]): void {
    this.#rules = rules.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Drop every rule (a server taken `down()` stays down until `up()`). */
  reset(): void {
    this.#rules = [];
  }

  /** True between `down()` and `up()`. */
  get isDown(): boolean {
    return this.#down;
  }

  /** Stop listening and drop open connections: new connections are refused, as by a stopped tracker. */
  async down(): Promise<void> {
    this.#down = true;
    for (const hook of this.#hooks) await hook(false);
  }

  /** Listen again on the same address. */
  async up(): Promise<void> {
    this.#down = false;
    for (const hook of this.#hooks) await hook(true);
  }

  /** For the emulator server: called on `down()` and `up()`; returns the detach function. */
  onAvailability(hook: AvailabilityHook): () => void {
    this.#hooks.add(hook);
    return () => this.#hooks.delete(hook);
  }

  /** The rule that applies to this request, consuming one use of it. */
  take(pathname: string): FaultRule | undefined {
    const entry = this.#rules.find(({ rule }) =>
      rule.match === undefined
        ? true
        : typeof rule.match === 'string'
          ? pathname.includes(rule.match)
          : rule.match.test(pathname),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.#rules = this.#rules.filter((e) => e !== entry);
    return entry.rule;
  }
}
