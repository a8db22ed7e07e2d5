import type { JwtPolicy } from '../http/jwtBearer.js';
/** The resolved configuration: secrets read, defaults applied, every source concrete. */
import type { AccessRule } from '../../subgraphs/shared/access.js';
import type { BreakerSettings } from '../../subgraphs/shared/resilience/SourceBreaker.js';

/** Resilience settings every source kind takes (absent: the defaults of subgraphs/shared/resilience). */
export interface SourceResilienceSettings {
  /** The instance's circuit breaker. */
  readonly breaker?: BreakerSettings | undefined;
  /** Per-operation timeouts in ms (operation → ms), over `timeoutMs`. */
  readonly timeouts?: Readonly<Record<string, number>> | undefined;
}

export interface ClearMLSourceSettings extends SourceResilienceSettings {
  readonly kind: 'clearml';
  readonly name: string;
  readonly url: string;
  readonly webUrl?: string | undefined;
  readonly timeoutMs: number;
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  readonly emulated: boolean;
  /** Other instance names that link tags may use for this source (its earlier names), docs/stitching.md. */
  readonly linkAliases?: readonly string[] | undefined;
}

export interface CometSourceSettings extends SourceResilienceSettings {
  readonly kind: 'comet';
  readonly name: string;
  readonly url: string;
  readonly webUrl?: string | undefined;
  readonly timeoutMs: number;
  readonly apiKey: string;
  readonly workspaces?: readonly string[] | undefined;
  readonly emulated: boolean;
  /** Other instance names that link tags may use for this source (its earlier names), docs/stitching.md. */
  readonly linkAliases?: readonly string[] | undefined;
}

export interface CmfSourceSettings extends SourceResilienceSettings {
  readonly kind: 'cmf';
  readonly name: string;
  readonly url: string;
  readonly webUrl?: string | undefined;
  readonly timeoutMs: number;
  readonly emulated: boolean;
  /** Other instance names that link tags may use for this source (its earlier names), docs/stitching.md. */
  readonly linkAliases?: readonly string[] | undefined;
}

export interface MLConnectorSourceSettings extends SourceResilienceSettings {
  readonly kind: 'mlconnector';
  readonly name: string;
  readonly url: string;
  readonly webUrl?: string | undefined;
  readonly timeoutMs: number;
  readonly fidelity: 'real' | 'documented';
  readonly ownerId: string;
  /** Further owners whose inference operations are read (MLConnector lists operations only by owner). */
  readonly owners?: readonly string[] | undefined;
  readonly emulated: boolean;
  /** Other instance names that link tags may use for this source (its earlier names), docs/stitching.md. */
  readonly linkAliases?: readonly string[] | undefined;
}

export type SourceSettings = ClearMLSourceSettings | CometSourceSettings | CmfSourceSettings | MLConnectorSourceSettings;

/** A token bucket: `perMinute` tokens flow in per minute, up to `burst` (default: `perMinute`). */
export interface RateSettings {
  readonly perMinute: number;
  readonly burst?: number | undefined;
}

/** gateway.limits (README "Limits"). */
export interface LimitsSettings {
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly defaultListSize: number;
  readonly graphqlBodyBytes: number;
  /** Off when absent. */
  readonly rate?: (RateSettings & { readonly principals: Readonly<Record<string, RateSettings>>; readonly keyPrefix: string }) | undefined;
}

export interface SwitchyardConfig {
  readonly gateway: {
    readonly host: string;
    readonly port: number;
    readonly apiKeys: readonly { readonly id: string; readonly sha256: string; readonly principal?: string | undefined }[];
    readonly anonymous: boolean;
    /** JWT bearer verification for GraphQL (secrets resolved, JWKS read). */
    readonly jwt?: JwtPolicy | undefined;
    readonly limits: LimitsSettings;
  };
  readonly secrets: { readonly cursor: string; readonly principal: string; readonly clearmlJwt: string };
  readonly subgraphs: { readonly host: string; readonly ports: { readonly catalog: number; readonly clearml: number; readonly comet: number; readonly cmf: number; readonly mlconnector: number } };
  /** `responseTtlMs`: the GraphQL full-response cache (docs/adr/0013), off when absent. */
  readonly cache: { readonly redisUrl?: string | undefined; readonly maxEntries: number; readonly responseTtlMs?: number | undefined; readonly namespace?: string | undefined };
  readonly sources: readonly SourceSettings[];
  /** Configured principals: access rules and backend credentials per source instance. */
  readonly principals: readonly PrincipalSettings[];
  /** The rule of a principal not listed (embedded demo: everything; a config file: read only unless set). */
  readonly defaultAccess: AccessRule;
  readonly rest: {
    /** `passthroughCredentials`: the caller's own tracker credential goes to the tracker (README "Identity and access"). */
    readonly clearml?: { readonly source: string; readonly keys: readonly { readonly accessKey: string; readonly secretSha256: string; readonly principal: string }[]; readonly passthroughCredentials?: boolean | undefined; readonly routeWritesTo?: string | undefined; readonly bodyLimitBytes?: number | undefined } | undefined;
    readonly comet?: { readonly source: string; readonly keys: readonly { readonly sha256: string; readonly principal: string }[]; readonly passthroughCredentials?: boolean | undefined; readonly routeWritesTo?: string | undefined; readonly bodyLimitBytes?: number | undefined } | undefined;
    readonly cmf?: { readonly source: string; readonly principal: string; readonly bodyLimitBytes?: number | undefined } | undefined;
    readonly mlconnector?: { readonly source: string; readonly principal: string; readonly bodyLimitBytes?: number | undefined } | undefined;
    readonly acceptAnyCredential: boolean;
  };
  /** True when no config file was given: the embedded emulators stand in for every tracker. */
  readonly embedded: boolean;
}

/** A principal's own backend credential on one source instance. */
export type BackendCredential = { readonly accessKey: string; readonly secretKey: string } | { readonly apiKey: string };

export interface PrincipalSettings {
  readonly id: string;
  readonly access: AccessRule;
  /** Source instance name → credential (secrets resolved). */
  readonly credentials: Readonly<Record<string, BackendCredential>>;
}
