/**
 * The one registry of Switchyard error codes (DESIGN §7). Every GraphQL error we raise carries one of
 * these in `extensions.code`; docs/errors.md is generated from this table (npm run docs:errors) and a
 * test fails when the two drift. Codes are never reused once published.
 */
import { GraphQLError } from 'graphql';

export interface ErrorCodeSpec {
  /** What the code means, for docs/errors.md. */
  readonly description: string;
  /** HTTP status a REST mount or the gateway maps it to. */
  readonly httpStatus: number;
  /** Whether a client may retry the same request unchanged. */
  readonly retryable: boolean;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: {
    description: 'An argument is malformed or out of range: a malformed id, an unknown source or kind, a tampered or foreign cursor, `first` outside 1..500.',
    httpStatus: 400,
    retryable: false,
  },
  NOT_FOUND: {
    description: 'A well-formed id names an object the source does not have (or the caller cannot see).',
    httpStatus: 404,
    retryable: false,
  },
  UNAUTHENTICATED: {
    description: 'No credential, or one the gateway does not recognise (gateway API key, principal token, tracker credential).',
    httpStatus: 401,
    retryable: false,
  },
  FORBIDDEN: {
    description: 'The principal is known but may not perform this operation or read this source.',
    httpStatus: 403,
    retryable: false,
  },
  SOURCE_UNAVAILABLE: {
    description: 'A tracker could not be reached (connection refused, reset, 502/503) or its circuit breaker is open.',
    httpStatus: 503,
    retryable: true,
  },
  SOURCE_TIMEOUT: {
    description: "A tracker did not answer within the source's timeout.",
    httpStatus: 504,
    retryable: true,
  },
  SOURCE_ERROR: {
    description: 'A tracker answered with an error Switchyard cannot attribute to the caller (5xx, an unreadable body).',
    httpStatus: 502,
    retryable: false,
  },
  NOT_SUPPORTED_BY_SOURCE: {
    description: 'The operation or field asks for a capability the source does not have (see `sources { capabilities }`).',
    httpStatus: 501,
    retryable: false,
  },
  RATE_LIMITED: {
    description: 'The principal exceeded its rate limit, or the tracker throttled Switchyard.',
    httpStatus: 429,
    retryable: true,
  },
  QUERY_TOO_COMPLEX: {
    description: 'The operation exceeds the depth or fan-out cost limits.',
    httpStatus: 400,
    retryable: false,
  },
  CONFLICT: {
    description: "The write conflicts with the object's current state (e.g. an invalid status change) or with a concurrent write.",
    httpStatus: 409,
    retryable: false,
  },
  INTERNAL_SERVER_ERROR: {
    description: 'A bug in Switchyard. The message is masked; the log carries the request id and the original error.',
    httpStatus: 500,
    retryable: false,
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/**
 * The registry code for an HTTP error status from a source that speaks plain HTTP semantics (FastAPI servers:
 * CMF, MLConnector). Callers decide NOT_FOUND first, since a 404 can also mean "no such route".
 */
export function httpStatusErrorCode(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'BAD_USER_INPUT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SOURCE_UNAVAILABLE';
  return 'SOURCE_ERROR';
}

/**
 * Why an error happened, where the code alone does not say and a caller acts on it: `circuit-open`
 * is a SOURCE_UNAVAILABLE answered without calling the tracker (its breaker is open), which the
 * catalog reports as outcome CIRCUIT_OPEN. Carried in `extensions.reason` and on the source wire.
 */
export type ErrorReason = 'circuit-open';

export function isErrorReason(value: unknown): value is ErrorReason {
  return value === 'circuit-open';
}

export interface SwitchyardErrorOptions {
  /** The source instance involved (e.g. "clearml"). */
  readonly source?: string | undefined;
  /** The entity id involved. */
  readonly id?: string | undefined;
  readonly reason?: ErrorReason | undefined;
  /** Extra, client-safe extensions. Never upstream bodies, URLs or credentials. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** Build a GraphQLError carrying a registry code (and source/id where they apply). */
export function switchyardError(code: ErrorCode, message: string, options: SwitchyardErrorOptions = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      ...(options.source !== undefined ? { source: options.source } : {}),
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
      ...options.extensions,
    },
    ...(options.cause instanceof Error ? { originalError: options.cause } : {}),
  });
}

/** The code of an error raised through the registry, or undefined for anything else. */
export function errorCodeOf(err: unknown): ErrorCode | undefined {
  if (err instanceof GraphQLError) {
    const code = err.extensions['code'];
    return isErrorCode(code) ? code : undefined;
  }
  return undefined;
}

/** The reason of an error raised through the registry with one, else undefined. */
export function reasonOf(err: unknown): ErrorReason | undefined {
  if (err instanceof GraphQLError) {
    const reason = err.extensions['reason'];
    return isErrorReason(reason) ? reason : undefined;
  }
  return undefined;
}
