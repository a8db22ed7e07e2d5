export { catalogBudgets, gatewayBudgets, longestWriteMs } from './budgets.js';
export { loadConfig, parseConfig, embeddedConfig, ConfigError, EMBEDDED_URL, type LoadConfigOptions } from './loadConfig.js';
export type { SwitchyardConfig, SourceSettings, ClearMLSourceSettings, CometSourceSettings, LimitsSettings, RateSettings } from './types.js';
export { accessPolicy, clearmlCredentialsByPrincipal, cometKeysByPrincipal } from './principals.js';
export type { BackendCredential, PrincipalSettings } from './types.js';
