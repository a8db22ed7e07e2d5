/**
 * Comet's error envelope. Every non-200 answer of the emulator is `{"code","msg","sdk_error_code"}` with a JSON
 * content type (reference/comet.md §6.1): R's `check_response` reads `sdk_error_code` then `msg`, the Python SDK
 * reads `msg`, the Java SDK parses the body for 400/403/405.
 */
import { json, type EmulatorResponse } from '../shared/index.js';

/** `sdk_error_code` values the emulator uses; names come from the Comet backend (reference §6.3). */
export const SdkErrorCode = {
  /** Generic errors with no backend-specific code (unknown path, malformed JSON, 501). */
  none: 0,
  apiKeyNotRegistered: 90212,
  nonExistingRun: 90211,
  nonExistingTeam: 90219,
  noProjectNameSpecified: 98219,
  experimentKeyNotSpecified: 90998,
  experimentAlreadyExists: 90999,
  projectNameTooLong: 1341241,
  /** Model registry (reference §6.3). */
  invalidVersion: 42001,
  noModelToUpdate: 42006,
  registryModelNotFound: 42008,
  /** Artifacts (reference §6.3; cometr reads 624523 / 90402 / 90403). */
  noArtifactFound: 624522,
  noArtifactVersionFound: 624523,
  artifactVersionExists: 90399,
  artifactVersionStateImmutable: 90401,
  artifactVersionStateNotClosed: 90402,
  artifactVersionStateNotClosedErrorOccurred: 90403,
  artifactVersionStateInvalid: 90410,
} as const;

/** The wire shape of a Comet error body. */
export interface CometErrorBody {
  readonly code: number;
  readonly msg: string;
  readonly sdk_error_code: number;
}

/**
 * Thrown by the store and handlers; the router turns it into the error envelope. Using an exception keeps the
 * handlers linear: validation reads like the happy path.
 */
export class CometError extends Error {
  readonly status: number;
  readonly sdkErrorCode: number;
  constructor(status: number, msg: string, sdkErrorCode: number = SdkErrorCode.none) {
    super(msg);
    this.name = 'CometError';
    this.status = status;
    this.sdkErrorCode = sdkErrorCode;
  }
  /** The JSON body sent on the wire; `code` repeats the HTTP status as the real backend does. */
  body(): CometErrorBody {
    return { code: this.status, msg: this.message, sdk_error_code: this.sdkErrorCode };
  }
}

/** A complete error response. */
export function errorResponse(status: number, msg: string, sdkErrorCode: number = SdkErrorCode.none): EmulatorResponse {
  return json(status, new CometError(status, msg, sdkErrorCode).body());
}

/** Which side of the API asked: the not-found status for an unknown experiment differs (see `unknownExperiment`). */
export type ApiSide = 'read' | 'write';

/** Named constructors for the errors several handlers raise, so the messages stay identical everywhere. */
export const cometErrors = {
  missingExperimentKey: (): CometError =>
    new CometError(400, 'experimentKey is required', SdkErrorCode.experimentKeyNotSpecified),
  /**
   * Unknown experiment key. Reads answer 404 (the Python SDK's `API.get_experiment_by_key` says "older backends
   * return 400, newer 404" and maps 404 to `NotFound`); writes answer 400, the status the Java SDK parses for a
   * body-carrying business error. Both carry `nonExistingRun` (90211).
   */
  unknownExperiment: (key: string, side: ApiSide): CometError =>
    new CometError(side === 'read' ? 404 : 400, `Experiment not found: ${key}`, SdkErrorCode.nonExistingRun),
  missingWorkspace: (): CometError => new CometError(400, 'workspaceName is required', SdkErrorCode.nonExistingTeam),
  unknownWorkspace: (name: string): CometError =>
    new CometError(400, `Workspace does not exist: ${name}`, SdkErrorCode.nonExistingTeam),
  missingProjectName: (): CometError =>
    new CometError(400, 'projectName is required', SdkErrorCode.noProjectNameSpecified),
  unknownProject: (what: string): CometError => new CometError(404, `Project not found: ${what}`),
  missingField: (name: string): CometError => new CometError(400, `${name} is required`),
  badField: (name: string, expected: string): CometError => new CometError(400, `${name} must be ${expected}`),
  /** A field over the emulator's size limit (README "Limits"): 400, the status the Java SDK parses and does not retry. */
  tooLarge: (name: string, bytes: number, limit: number): CometError =>
    new CometError(400, `${name} is too large: ${bytes} bytes, the limit is ${limit} bytes`),
  /** An invalid `POST /project/query` predicate. */
  invalidQuery: (detail: string): CometError => new CometError(400, `Invalid query: ${detail}`),
} as const;
