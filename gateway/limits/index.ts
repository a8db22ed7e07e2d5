/**
 * The gateway's limits (DESIGN §7, README "Limits"): depth and cost of GraphQL operations
 * (`complexityPlugin`), and per-principal rate limits per surface (`rateLimit`). Body limits are each
 * surface's own (`gateway.limits.graphqlBodyBytes`, `rest.<mount>.bodyLimitBytes`).
 */
import type { Clock } from '../../subgraphs/shared/clock.js';
import type { SwitchyardConfig } from '../config/index.js';
import { createRateLimiter, memoryRateStore, type RateLimiter, type RateRefusal, redisRateStore } from './rateLimit.js';

export { type ComplexityLimits, createComplexityPlugin, MERGED_ROOT_LISTS } from './complexityPlugin.js';
export { type CostDirectives, readCostDirectives } from './costDirectives.js';
export { CostRuleError, measureOperation, type CostModel, type OperationMeasure } from './operationCost.js';
export { createRateLimiter, memoryRateStore, rateKey, redisRateStore, takeToken, type RateLimiter, type RateRefusal } from './rateLimit.js';

type Warn = (fields: Record<string, unknown>, msg: string) => void;

/** The configured rate limiter (Redis when `cache.redisUrl` is set), or undefined when `gateway.limits.rate` is absent. */
export async function rateLimiterFor(config: SwitchyardConfig, clock: Clock, warn: Warn = () => undefined): Promise<RateLimiter | undefined> {
  const rate = config.gateway.limits.rate;
  if (!rate) return undefined;
  const store = config.cache.redisUrl ? await redisRateStore(config.cache.redisUrl, warn) : memoryRateStore();
  return createRateLimiter(rate, store, clock, warn);
}

/** The GraphQL answer for a principal over its limit: HTTP 429 with `Retry-After`. */
export function graphqlRateLimited(refusal: RateRefusal): { readonly status: 429; readonly headers: Readonly<Record<string, string>>; readonly body: unknown } {
  return {
    status: 429,
    headers: { 'retry-after': String(refusal.retryAfterSeconds) },
    body: {
      errors: [
        {
          message: `Rate limit exceeded: ${refusal.perMinute} requests per minute for this caller; retry after ${refusal.retryAfterSeconds} s.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: refusal.retryAfterSeconds },
        },
      ],
    },
  };
}
