/**
 * ClearML request parameters as clearml-server reads them (reference/clearml.md §2.1): the JSON body
 * (on GET too) merged with query-string arguments, where `a.b=1` nests, repeated keys make lists and
 * numeric / boolean strings are converted. Used only where the mount itself reads parameters.
 */
import type { RestRequest } from '../shared/types.js';

export type Parsed = { readonly value: Record<string, unknown> } | { readonly invalid: string };

export function parseClearMLParams(req: RestRequest): Parsed {
  let body: Record<string, unknown> = {};
  const text = req.body.toString('utf8').trim();
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { invalid: 'Invalid request body: expected a JSON object' };
      body = parsed as Record<string, unknown>;
    } catch {
      return { invalid: 'Invalid request body: malformed JSON' };
    }
  }
  const query = new URLSearchParams(req.search);
  const merged: Record<string, unknown> = { ...body };
  for (const rawKey of new Set(query.keys())) {
    if (rawKey === 'switchyard.sources') continue;
    const values = query.getAll(rawKey).map(convert);
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const value = values.length > 1 || rawKey.endsWith('[]') ? values : values[0];
    setPath(merged, key.split('.'), value);
  }
  if (query.has('switchyard.sources')) merged['switchyard.sources'] = query.get('switchyard.sources');
  return { value: merged };
}

function convert(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = target[head];
  const child = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
  target[head] = child;
  setPath(child, rest, value);
}
