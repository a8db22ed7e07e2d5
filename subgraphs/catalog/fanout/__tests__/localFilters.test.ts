import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Kind, parse } from 'graphql';
import { FILTER_FIELDS } from '../../../shared/sourceContract.js';
import { withLocalFilters } from '../listSources.js';

const INPUTS = { task: 'TaskFilter', model: 'ModelFilter', artifact: 'ArtifactFilter', deployment: 'DeploymentFilter' } as const;

describe('filter fields', () => {
  it('are the fields of each GraphQL filter input but `sources`', () => {
    const sdl = parse(readFileSync(new URL('../../../../schema/shared/connections.graphql', import.meta.url), 'utf8'));
    for (const [kind, input] of Object.entries(INPUTS)) {
      const def = sdl.definitions.find((d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === input);
      const fields = def && def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ? (def.fields ?? []).map((f) => f.name.value).filter((f) => f !== 'sources') : [];
      expect([...(FILTER_FIELDS[kind as keyof typeof INPUTS] ?? [])].sort()).toEqual(fields.sort());
    }
  });
});

describe('withLocalFilters', () => {
  it('lists the filters a listable kind leaves to Switchyard, and none for a kind that is not listable', () => {
    const out = withLocalFilters([
      { kind: 'task', listable: true, orderBy: [], filters: ['projects', 'status'], byIds: true, writes: [] },
      { kind: 'deployment', listable: false, orderBy: [], filters: [], byIds: false, writes: [] },
    ]);
    expect(out.map((c) => c.localFilters)).toEqual([['tags', 'nameContains', 'createdAfter', 'createdBefore', 'archived'], []]);
  });
});
