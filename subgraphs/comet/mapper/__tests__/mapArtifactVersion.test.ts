/** Artifact versions on the reference's `/artifacts/version` shape and the emulator's `get-all` item shape (hand-made). */
import { describe, expect, it } from '@jest/globals';
import { mapArtifactVersion } from '../index.js';

const artifact = { artifactId: 'a1', artifactName: 'data', projectId: 'p1', workspaceName: 'w', experimentKey: 'first', artifactType: 'dataset', owner: 'u', tags: ['t'] };
const ctx = { instance: 'comet', workspace: 'w', projectNames: new Map([['p1', 'vision']]) };

describe('mapArtifactVersion', () => {
  it('maps `/artifacts/version` (version fields plus `artifact`)', () => {
    const body = { artifactVersionId: 'v2', artifactVersion: '2.0.0', experimentKey: 'producer', owner: 'u', metadata: '{"rows":3}', added: 1_700_000_000_000, state: 'CLOSED', tags: ['x'], alias: ['latest'], sizeInBytes: 42, artifact };
    expect(mapArtifactVersion(body.artifact, body, ctx)).toMatchObject({
      __typename: 'CometArtifactVersion',
      id: 'comet:artifact-version:w/data/2.0.0',
      origin: { source: 'comet', kind: 'COMET', nativeId: 'v2', url: null },
      name: 'data',
      project: 'vision',
      createdAt: '2023-11-14T22:13:20.000Z',
      type: 'dataset',
      uri: null,
      hash: null,
      size: 42,
      artifactId: 'a1',
      version: '2.0.0',
      aliases: ['latest'],
      tags: ['x'],
      experimentKey: 'producer',
      state: 'CLOSED',
      metadata: { rows: 3 },
      consumers: [],
    });
  });

  it('maps a version listed inside its artifact; the producer falls back to the artifact\'s experiment', () => {
    const summary = { artifactVersionId: 'v1', artifactVersion: '1.0.0', state: 'OPEN', consumerExperimentKeys: ['c1', 'c2'] };
    const view = mapArtifactVersion({ ...artifact, projectId: 'gone', versions: [summary] }, summary, ctx);
    expect(view).toMatchObject({ experimentKey: 'first', consumers: ['c1', 'c2'], project: null, size: null, aliases: [] });
    expect(view?.raw).toEqual({ ...summary, artifact: { ...artifact, projectId: 'gone' } });
    expect(mapArtifactVersion({}, summary, ctx)).toBeNull();
    expect(mapArtifactVersion(artifact, {}, ctx)).toBeNull();
  });
});
