import { describe, expect, it } from '@jest/globals';
import { composeSupergraph, staleArtifacts } from '../compose.js';

describe('npm run compose', () => {
  const result = composeSupergraph();

  it('composes supergraph.yaml without errors', () => {
    expect(result.files.get('schema/supergraph.graphql')).toContain('@join__graph');
  });

  it('matches the checked-in supergraph and subgraph schemas (run npm run compose when this fails)', () => {
    expect(staleArtifacts(result)).toEqual([]);
  });

  it('gives the catalog a key-only stub for every source type that implements Task', () => {
    const catalog = result.files.get('schema/subgraphs/catalog.graphql') ?? '';
    expect(catalog).toMatch(/type ClearMLTask implements Task & Node @key\(fields: "id"\)/);
    expect(catalog).toMatch(/type CometExperiment implements Task & Node @key\(fields: "id"\)/);
    expect(catalog).not.toContain('queueId');
  });
});
