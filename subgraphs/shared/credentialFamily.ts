/**
 * One object per distinct backend credential of a source instance (issue 8): the configured credential's
 * and one for each credential that config maps to a principal, principals sharing a credential sharing
 * the object. Used for the subgraphs' instances (connector, token, breaker, cache scope) and the REST
 * mounts' connectors alike.
 */
export interface CredentialFamily<T> {
  /** The object of the configured credential: everyone without a mapped credential of their own. */
  readonly base: T;
  /** The object for `principalId`: its mapped credential's, else `base`. */
  for(principalId: string | undefined): T;
  /** Every distinct object, `base` first. */
  readonly members: readonly T[];
}

export function credentialFamily<C, T>(base: T, baseKey: string, byPrincipal: Readonly<Record<string, C>>, keyOf: (credential: C) => string, make: (credential: C) => T): CredentialFamily<T> {
  const byKey = new Map<string, T>([[baseKey, base]]);
  const principals = new Map<string, T>();
  for (const [principal, credential] of Object.entries(byPrincipal)) {
    const key = keyOf(credential);
    let member = byKey.get(key);
    if (member === undefined) byKey.set(key, (member = make(credential)));
    principals.set(principal, member);
  }
  const members = [...byKey.values()];
  return { base, members, for: (principalId) => (principalId === undefined ? undefined : principals.get(principalId)) ?? base };
}
