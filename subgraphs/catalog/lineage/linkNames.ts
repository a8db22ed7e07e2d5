/**
 * Link tags name objects as `<instance>:<kind>:<native>`, where the instance part may also be one of
 * the source's configured `linkAliases` (its name before a rename): docs/stitching.md. This module
 * turns a link value into the object's global id, and an id into every spelling a link may use.
 */
import { decodeId, encodeId, type InstanceMap } from '../../shared/ids.js';

export interface LinkNames {
  /** The global id a link value names, or undefined when it names no configured object kind. */
  resolve(value: string): string | undefined;
  /** Every spelling a link tag naming `id` may have (the id itself first). */
  spellings(id: string): string[];
}

export function createLinkNames(instances: InstanceMap, aliases: ReadonlyMap<string, readonly string[]>): LinkNames {
  const instanceOf = new Map<string, string>([...instances.keys()].map((name) => [name, name]));
  for (const [name, list] of aliases) for (const alias of list) if (!instanceOf.has(alias)) instanceOf.set(alias, name);
  const resolve = (value: string): string | undefined => {
    const colon = value.indexOf(':');
    const instance = colon > 0 ? instanceOf.get(value.slice(0, colon)) : undefined;
    if (instance === undefined) return undefined;
    try {
      // Re-encode through the canonical codec: a link must name one object exactly as its id does.
      const d = decodeId(`${instance}${value.slice(colon)}`, instances);
      return encodeId(d);
    } catch {
      return undefined;
    }
  };
  const spellings = (id: string): string[] => {
    const colon = id.indexOf(':');
    if (colon <= 0) return [id];
    const rest = id.slice(colon);
    return [id, ...(aliases.get(id.slice(0, colon)) ?? []).map((alias) => `${alias}${rest}`)];
  };
  return { resolve, spellings };
}
