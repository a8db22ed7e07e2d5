/**
 * Model stages and Switchyard's system tags. ClearML has one lifecycle flag, `ready` (published), and
 * free system tags. So: `published` when ready, else `draft`; `archived` when the system tag is set;
 * and any other stage is recorded as the system tag `stage:<name>` (system tags, because users do not
 * see or edit them in the web UI, so a stage cannot be lost by editing tags there).
 */

export const STAGE_TAG_PREFIX = 'stage:';
export const IDEMPOTENCY_TAG_PREFIX = 'switchyard:idempotency=';
/** Stages that map to ClearML's own state rather than to a `stage:` tag. */
export const NATIVE_STAGES = ['published', 'draft', 'archived'] as const;

export function idempotencyTag(key: string): string {
  return `${IDEMPOTENCY_TAG_PREFIX}${key}`;
}

export function modelStages(ready: boolean, systemTags: readonly string[]): string[] {
  const stages = [ready ? 'published' : 'draft'];
  if (systemTags.includes('archived')) stages.push('archived');
  for (const tag of systemTags) if (tag.startsWith(STAGE_TAG_PREFIX) && tag.length > STAGE_TAG_PREFIX.length) stages.push(tag.slice(STAGE_TAG_PREFIX.length));
  return stages;
}

/** The system tags a model should carry for `stages`, keeping the ones that are not Switchyard stages. */
export function systemTagsForStages(current: readonly string[], stages: readonly string[]): string[] {
  const kept = current.filter((t) => t !== 'archived' && !t.startsWith(STAGE_TAG_PREFIX));
  const custom = stages.filter((s) => !(NATIVE_STAGES as readonly string[]).includes(s)).map((s) => `${STAGE_TAG_PREFIX}${s}`);
  return [...new Set([...kept, ...(stages.includes('archived') ? ['archived'] : []), ...custom])].sort();
}
