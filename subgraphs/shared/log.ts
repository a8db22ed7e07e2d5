/**
 * Structured logs (pino, JSON lines): one logger per process component, every line carrying the request
 * id of the work it belongs to (requestContext.ts). Credentials never reach a log: fields that hold them
 * are redacted by path, and callers log what happened (source, route, status, duration), never request
 * or response bodies. `SWITCHYARD_LOG_LEVEL` sets the level (default `info`).
 */
import { destination, pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './requestContext.js';

export type { Logger };

/** Field paths that may hold a credential wherever they appear in a logged object (two levels deep). */
export const REDACTED_PATHS: readonly string[] = [
  'authorization', 'password', 'secret', 'secretKey', 'accessKey', 'apiKey', 'token', 'credentials', 'cookie',
  '*.authorization', '*.password', '*.secret', '*.secretKey', '*.accessKey', '*.apiKey', '*.token', '*.credentials', '*.cookie',
  'headers["x-api-key"]', 'headers["comet-sdk-api"]', '*.headers.authorization', '*.headers["x-api-key"]', '*.headers["comet-sdk-api"]', '*.headers.cookie',
];

export interface LoggerOptions {
  /** The component: gateway, catalog, clearml, an emulator… */
  readonly name: string;
  /** @default process.env.SWITCHYARD_LOG_LEVEL ?? 'info' */
  readonly level?: string;
  /** Where lines go. @default stdout */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env['SWITCHYARD_LOG_LEVEL'] ?? 'info',
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    options.destination ?? destination({ sync: false }),
  );
}

/** A logger that writes nothing (components started without one). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Only the error's class, code and message: upstream bodies and stacks of expected failures stay out. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err) };
  const code = (err as { extensions?: { code?: unknown } }).extensions?.code;
  return { errorType: err.name, ...(typeof code === 'string' ? { code } : {}), error: err.message };
}

let processLogger: Logger = silentLogger;

/**
 * The logger of the components deep inside a process (connectors), set once by the server that owns the
 * process (gateway or subgraph server): they log through it without a logger passed down every call.
 */
export function useProcessLogger(logger: Logger): void {
  processLogger = logger;
}

export function backendLogger(): Logger {
  return processLogger;
}
