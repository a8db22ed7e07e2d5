import { describe, expect, it } from '@jest/globals';
import { type CometExperimentWire, isExperimentWire, listOf } from '../../connector/index.js';
import { mapExperiment, withDetails } from '../index.js';
import { cometFixture } from './fixtures.js';

const recorded = listOf(cometFixture('cometr-get-experiments.json'), 'experiments', isExperimentWire);
const ctx = { instance: 'comet' };

/** The Python SDK's docstring example of `/experiment/metadata` (reference/comet.md §5.3). */
const metadataExample: CometExperimentWire = {
  archived: false,
  durationMillis: 7,
  endTimeMillis: 1586174765277,
  experimentKey: '5dc346a883964bd2b8864c40940fd864',
  experimentName: null,
  fileName: null,
  filePath: null,
  optimizationId: null,
  projectId: 'PROJECT-ID',
  projectName: 'PROJECT-NAME',
  running: false,
  startTimeMillis: 1586174757596,
  throttle: false,
  workspaceName: 'WORKSPACE-NAME',
};

describe('mapExperiment', () => {
  it('maps the recorded /experiments item to every shared and Comet field', () => {
    const wire = recorded[0];
    if (!wire) throw new Error('fixture has no experiment');
    const view = mapExperiment(wire, ctx);
    expect(view).toMatchObject({
      __typename: 'CometExperiment',
      id: 'comet:experiment:c352827bcdcb45e3ad40d0decec0b43c',
      origin: { source: 'comet', kind: 'COMET', nativeId: 'c352827bcdcb45e3ad40d0decec0b43c', url: null },
      name: 'testexperiment1',
      project: 'cometrtestproject',
      createdAt: '2020-04-23T19:58:52.216Z',
      status: 'COMPLETED',
      archived: false,
      type: null,
      user: null,
      startedAt: '2020-04-23T19:58:52.216Z',
      endedAt: '2020-04-23T19:58:52.275Z',
      experimentKey: 'c352827bcdcb45e3ad40d0decec0b43c',
      experimentName: 'testexperiment1',
      workspace: 'testuser-cometr',
      projectId: 'ebfbbc1212004f92b618d50db41f27f3',
      optimizationId: null,
      running: null,
      throttle: null,
      filePath: null,
      fileName: null,
      durationMillis: 0,
    });
    expect(view.raw).toEqual(wire);
    // /experiments carries no tags: they are "not read" (undefined), not "none" or "failed" (null).
    expect(view.tags).toBeUndefined();
    // Not read from metadata: the catalog asks for details, the resolvers load them.
    expect(view.parameters).toBeUndefined();
    expect(view.metrics).toBeUndefined();
    expect(view.others).toBeUndefined();
  });

  it('falls back to the experiment key when the experiment has no name', () => {
    const view = mapExperiment(metadataExample, ctx);
    expect(view.name).toBe('5dc346a883964bd2b8864c40940fd864');
    expect(view.experimentName).toBeNull();
    expect(mapExperiment({ ...metadataExample, experimentName: '' }, ctx).name).toBe('5dc346a883964bd2b8864c40940fd864');
    expect(mapExperiment({ ...metadataExample, experimentName: 42 }, ctx).name).toBe('5dc346a883964bd2b8864c40940fd864');
  });

  it('reads running, throttle and archived flags from metadata', () => {
    const view = mapExperiment({ ...metadataExample, throttle: true, archived: true }, ctx);
    expect(view).toMatchObject({ running: false, throttle: true, archived: true, status: 'COMPLETED', durationMillis: 7 });
  });

  it('reports a running experiment as RUNNING with no end, whatever its moving end time says', () => {
    const view = mapExperiment({ ...metadataExample, running: true }, ctx);
    expect(view.status).toBe('RUNNING');
    expect(view.endedAt).toBeNull();
    expect(view.startedAt).toBe('2020-04-06T12:05:57.596Z');
  });

  it('reports UNKNOWN when the experiment neither runs nor has an end time', () => {
    expect(mapExperiment({ ...metadataExample, endTimeMillis: 0 }, ctx).status).toBe('UNKNOWN');
    expect(mapExperiment({ ...metadataExample, endTimeMillis: null }, ctx).status).toBe('UNKNOWN');
  });

  it('takes the user from userName when the backend sends it', () => {
    expect(mapExperiment({ ...metadataExample, userName: 'alice' }, ctx).user).toBe('alice');
  });

  it('builds the web deep link from workspace, project and key, percent-encoded', () => {
    const view = mapExperiment({ ...metadataExample, projectName: 'my project' }, { instance: 'comet', webUrl: 'https://www.comet.com/' });
    expect(view.origin.url).toBe('https://www.comet.com/WORKSPACE-NAME/my%20project/5dc346a883964bd2b8864c40940fd864');
  });

  it('uses what the listing call said where the item leaves fields out', () => {
    const bare: CometExperimentWire = { experimentKey: 'abc', startTimeMillis: 1 };
    const view = mapExperiment(bare, { instance: 'c2', listedAs: { projectName: 'p', workspaceName: 'w', archived: true } });
    expect(view).toMatchObject({ id: 'c2:experiment:abc', project: 'p', workspace: 'w', archived: true, durationMillis: null });
  });

  it('keeps loaded tags and fills the details in', () => {
    const view = mapExperiment(metadataExample, { instance: 'comet', tags: ['a', 'b'] });
    expect(view.tags).toEqual(['a', 'b']);
    const full = withDetails(view, { tags: ['c'], parameters: [], metrics: [], others: [{ name: 'Name', value: 'x' }] });
    expect(full).toMatchObject({ tags: ['c'], parameters: [], metrics: [], others: [{ name: 'Name', value: 'x' }] });
  });
});
