export { loadConfig, parseConfig, embeddedConfig, ConfigError, EMBEDDED_URL, type LoadConfigOptions } from './loadConfig.js';
export type { SwitchyardConfig, SourceSettings, ClearMLSourceSettings, CometSourceSettings, LimitsSettings, RateSettings } from './types.js';
