import { describe, expect, it } from '@jest/globals';
import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { assembleAll } from '../../../schema/assemble.js';

describe('the CMF subgraph schema', () => {
  const names = ['catalog', 'clearml', 'comet', 'cmf'];
  const sdls = assembleAll(names);

  it('composes with the catalog and the other sources', () => {
    const result = composeServices(names.map((name) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(sdls.get(name) ?? '') })));
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect(result.supergraphSdl).toContain('type CmfModel implements Model & Node');
  });

  it('gives the catalog a stub for each CMF type and keeps CMF-only fields out of it', () => {
    const catalog = sdls.get('catalog') ?? '';
    expect(catalog).toMatch(/type CmfExecution implements Task & Node @key\(fields: "id"\)/);
    expect(catalog).toMatch(/type CmfArtifact implements Artifact & Node @key\(fields: "id"\)/);
    expect(catalog).toMatch(/type CmfModel implements Model & Node @key\(fields: "id"\)/);
    expect(catalog).not.toContain('executionUuid');
  });

  it('declares no cross-tracker field (the catalog owns them)', () => {
    const own = parse(readFileSync(new URL('../schema/cmf.graphql', import.meta.url), 'utf8'));
    const fields = own.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION ? (d.fields ?? []).map((f) => f.name.value) : []));
    expect(fields).toContain('executionUuid');
    for (const field of ['lineage', 'producedBy', 'consumedBy', 'sameAs', 'deployments', 'models', 'artifacts', 'parent']) expect(fields).not.toContain(field);
  });
});
