/** Resilience towards trackers (DESIGN §7), one concern per module; connectors use `SourceGuard`. */
export { type Answered, isFailedAnswer, isFailedError, isTransient, statusOf } from './availability.js';
export { type BreakerSettings, circuitOpenError, DEFAULT_BREAKER, SourceBreaker, type SourceBreakerOptions } from './SourceBreaker.js';
export { DEFAULT_RETRY_BUDGET, RetryBudget, type RetryBudgetSettings } from './RetryBudget.js';
export { createSourceGuard, type GuardedCall, SourceGuard, type SourceGuardOptions } from './SourceGuard.js';
export { type OperationContext, type OperationTimeouts, resolveTimeout, type TimeoutPolicy, timeoutsByOperation } from './timeouts.js';
export { type Outcome, type RetryOptions, withRetry } from './withRetry.js';
