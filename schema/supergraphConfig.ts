/** Reads supergraph.yaml (rover's config format): the subgraph names and their default routing URLs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './repoRoot.js';

export interface SubgraphEntry {
  readonly name: string;
  readonly routingUrl: string;
  readonly schemaFile: string;
}

export function readSupergraphConfig(path = join(repoRoot(), 'supergraph.yaml')): SubgraphEntry[] {
  const doc: unknown = parse(readFileSync(path, 'utf8'));
  const subgraphs = isRecord(doc) ? doc['subgraphs'] : undefined;
  if (!isRecord(subgraphs)) throw new Error('supergraph.yaml: missing "subgraphs"');
  return Object.entries(subgraphs).map(([name, value]) => {
    const routingUrl = isRecord(value) ? value['routing_url'] : undefined;
    const schema = isRecord(value) ? value['schema'] : undefined;
    const file = isRecord(schema) ? schema['file'] : undefined;
    if (typeof routingUrl !== 'string' || typeof file !== 'string') throw new Error(`supergraph.yaml: subgraph "${name}" needs routing_url and schema.file`);
    return { name, routingUrl, schemaFile: file };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
