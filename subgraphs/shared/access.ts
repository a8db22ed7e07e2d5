/**
 * Access rules per principal (issue 8): which source instances a principal may read, which projects
 * (globs over project names), and whether it may write. One typed module the catalog and the gateway
 * share, so GraphQL, the REST passthrough and the union view apply the same rules.
 */

/** What a principal may do. Absent `sources`/`projects`: all of them. */
export interface AccessRule {
  /** Source instance names; absent: every source. */
  readonly sources?: readonly string[] | undefined;
  /** Globs over project names (`*` any run of characters but `/`, `**` any run, `?` one character); absent: every project. */
  readonly projects?: readonly string[] | undefined;
  readonly write: boolean;
}

/** Everything, writes included: the embedded demo's default. */
export const OPEN_ACCESS: AccessRule = { write: true };
/** The production default for a principal the config does not list: every source and project, read only. */
export const READ_ONLY_ACCESS: AccessRule = { write: false };

/** Principal id → its rule, with a default for principals not listed. */
export interface AccessPolicy {
  readonly principals: Readonly<Record<string, AccessRule>>;
  readonly defaultAccess: AccessRule;
}

/** Principals that act for Switchyard itself (cache invalidation after a REST write): never restricted. */
export function isSystemPrincipal(id: string): boolean {
  return id.startsWith('system:');
}

export function ruleFor(policy: AccessPolicy | undefined, principalId: string): AccessRule {
  if (!policy || isSystemPrincipal(principalId)) return OPEN_ACCESS;
  return Object.hasOwn(policy.principals, principalId) ? (policy.principals[principalId] as AccessRule) : policy.defaultAccess;
}

export function sourceAllowed(rule: AccessRule, source: string): boolean {
  return rule.sources === undefined || rule.sources.includes(source);
}

/** True when the rule limits projects (rows must then carry a project that matches). */
export function restrictsProjects(rule: AccessRule): boolean {
  return rule.projects !== undefined;
}

const globCache = new Map<string, RegExp>();

/** A project glob as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${out}$`);
  globCache.set(glob, re);
  return re;
}

/**
 * Whether an object in this project is visible. An object without a project is visible only to a rule
 * without project limits: a limited principal must never see what cannot be attributed.
 */
export function projectAllowed(rule: AccessRule, project: string | null | undefined): boolean {
  if (rule.projects === undefined) return true;
  if (project === null || project === undefined) return false;
  return rule.projects.some((g) => globToRegExp(g).test(project));
}

/** Whether a row (source + project name) is visible under the rule. */
export function rowAllowed(rule: AccessRule, row: { readonly source: string; readonly project?: string | null | undefined }): boolean {
  return sourceAllowed(rule, row.source) && projectAllowed(rule, row.project);
}
