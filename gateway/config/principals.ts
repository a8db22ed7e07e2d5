/**
 * The principals part of the resolved config as each component takes it: backend credentials per
 * principal per source instance (the ClearML and Comet subgraphs, the REST mounts) and the access
 * policy (the catalog, the gateway).
 */
import type { AccessPolicy } from '../../subgraphs/shared/access.js';
import type { SwitchyardConfig } from './types.js';

/** Principal id → its ClearML key pair on `instance` (principals without one are absent: they use the instance's). */
export function clearmlCredentialsByPrincipal(config: Pick<SwitchyardConfig, 'principals'>, instance: string): Record<string, { accessKey: string; secretKey: string }> {
  const out: Record<string, { accessKey: string; secretKey: string }> = {};
  for (const p of config.principals) {
    const c = p.credentials[instance];
    if (c && 'accessKey' in c) out[p.id] = { accessKey: c.accessKey, secretKey: c.secretKey };
  }
  return out;
}

/** Principal id → its Comet API key on `instance`. */
export function cometKeysByPrincipal(config: Pick<SwitchyardConfig, 'principals'>, instance: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of config.principals) {
    const c = p.credentials[instance];
    if (c && 'apiKey' in c) out[p.id] = c.apiKey;
  }
  return out;
}

/** The access rules of every configured principal and the default for the others. */
export function accessPolicy(config: Pick<SwitchyardConfig, 'principals' | 'defaultAccess'>): AccessPolicy {
  return { principals: Object.fromEntries(config.principals.map((p) => [p.id, p.access])), defaultAccess: config.defaultAccess };
}
