/**
 * Fault injection for emulators: tests make a tracker slow, failing or unreachable per endpoint
 * without touching the emulator's logic. Rules are matched in order; the first match applies.
 */
export interface FaultRule {
  /** Path matcher: a substring of the pathname, or a RegExp tested against it. Omit to match every request. */
  readonly match?: string | RegExp;
  /** Wait this long (real time) before answering. Pair with a short client timeout in tests. */
  readonly delayMs?: number;
  /** Answer with this status instead of calling the handler. */
  readonly status?: number;
  /** Body for `status` (default: a short plain-text reason). */
  readonly body?: string;
  readonly contentType?: string;
  /** Destroy the socket without answering (a connection reset). */
  readonly reset?: boolean;
  /** Apply to this many matching requests only, then drop the rule. */
  readonly times?: number;
}

export class FaultController {
  #rules: { rule: FaultRule; left: number }[] = [];

  /** Replace every rule. */
  set(rules: readonly FaultRule[]): void {
    this.#rules = rules.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  reset(): void {
    this.#rules = [];
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
