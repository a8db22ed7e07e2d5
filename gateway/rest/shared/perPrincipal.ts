/**
 * Backend connectors of a REST mount per principal: the principal's own credential on the mount's source
 * instance when config maps one, else the instance's (issue 8). One connector (token, breaker) per
 * distinct credential, made at start: principals sharing a credential share it.
 */
export interface PerPrincipal<C> {
  /** The connector that calls the tracker for this principal. */
  for(principalId: string): C;
}

export function connectorsPerPrincipal<Cred, C>(base: C, byPrincipal: Readonly<Record<string, Cred>>, keyOf: (cred: Cred) => string, make: (cred: Cred) => C): PerPrincipal<C> {
  const byKey = new Map<string, C>();
  const map = new Map<string, C>();
  for (const [principal, cred] of Object.entries(byPrincipal)) {
    const k = keyOf(cred);
    let c = byKey.get(k);
    if (c === undefined) byKey.set(k, (c = make(cred)));
    map.set(principal, c);
  }
  return { for: (principalId) => map.get(principalId) ?? base };
}
