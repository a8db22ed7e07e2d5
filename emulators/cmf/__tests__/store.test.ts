import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../shared/index.js';
import { PyCrash } from '../plan.js';
import type { Json, JsonObject } from '../pyjson.js';
import { pipelineDocument, testEnvPipeline } from '../seedDocs.js';
import { pipelineExecutions } from '../state.js';
import { CmfStore } from '../store.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const testEnv = (): JsonObject => structuredClone(pipelineDocument(testEnvPipeline()));
type Doc = { Pipeline: { name: string; stages: { name: string; executions: JsonObject[] }[] }[] };
const edit = (f: (d: Doc) => void): JsonObject => {
  const d = testEnv();
  f(d as unknown as Doc);
  return d;
};
const fresh = (): { store: CmfStore; clock: ManualClock } => {
  const clock = new ManualClock(NOW);
  return { store: new CmfStore(clock), clock };
};

describe('CmfStore push (update_mlmd + parse_json_to_mlmd)', () => {
  it('merges a first push with server ids and times, the stage name as execution type, original times kept', async () => {
    const { store } = fresh();
    expect(await store.push(testEnv(), 'Test-env', null)).toBe('success');
    const doc = store.document('Test-env') as unknown as { Pipeline: { id: number; create_time_since_epoch: number; stages: { id: number; custom_properties: JsonObject; executions: (JsonObject & { events: { artifact: JsonObject }[] })[] }[] }[] };
    const p = doc.Pipeline[0];
    expect(p?.id).toBe(1);
    expect(p?.create_time_since_epoch).toBe(NOW);
    const exec = p?.stages[0]?.executions[0];
    expect(exec?.['type']).toBe('Test-env/Prepare');
    expect(exec?.['create_time_since_epoch']).toBe(NOW);
    expect(exec?.['custom_properties']).toEqual({ split: 0.2, seed: 20170428, Python_Env: 'cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt', original_create_time_since_epoch: '1698650988149' });
    expect(p?.stages[0]?.custom_properties).toEqual({ 'user-metadata1': 'metadata_value', original_create_time_since_epoch: '1698650988139' });
    // Artifacts get server ids in first-appearance order (the Environment comes first in Prepare's events).
    expect(exec?.events.map((e) => [e.artifact['id'], e.artifact['type']])).toEqual([[1, 'Environment'], [2, 'Dataset'], [3, 'Label'], [4, 'Dataset'], [5, 'Dataset']]);
    expect([...store.state.types.values()].filter((t) => t.kind === 'artifact').map((t) => `${t.id}:${t.name}`)).toEqual(['4:Environment', '5:Dataset', '6:Label', '9:Step_Metrics', '10:Model', '12:Metrics']);
  });

  it('answers exists for a duplicate push and merges only executions it lacks', async () => {
    const { store } = fresh();
    const onlyPrepare = edit((d) => d.Pipeline[0]?.stages.splice(1));
    expect(await store.push(onlyPrepare, 'Test-env', null)).toBe('success');
    expect(await store.push(onlyPrepare, 'Test-env', null)).toBe('exists');
    const before = store.state;
    expect(await store.push(testEnv(), 'Test-env', null)).toBe('success');
    expect(store.state).not.toBe(before);
    const p = store.state.pipelines.get('Test-env');
    expect(p && pipelineExecutions(store.state, p).map((e) => e.properties['Execution_uuid'])).toEqual([
      '1afa7676-76f6-11ee-9600-5b8c6d427e3f',
      '25c66fa6-76f6-11ee-9600-5b8c6d427e3f',
      '3f6f2db2-76f6-11ee-9600-5b8c6d427e3f',
      '48ad70d2-76f6-11ee-9600-5b8c6d427e3f',
    ]);
  });

  it('decides invalid_json_payload, pipeline_not_exist and version_update before merging', async () => {
    const { store } = fresh();
    for (const doc of [{}, { Pipeline: [] }, { Pipeline: null }, { Pipeline: {} }] as Json[]) expect(await store.push(doc, 'Test-env', null)).toBe('invalid_json_payload');
    expect(await store.push(testEnv(), 'Other', null)).toBe('pipeline_not_exist');
    const old = edit((d) => delete (d.Pipeline[0]?.stages[1]?.executions[0]?.['properties'] as JsonObject)['Execution_uuid']);
    expect(await store.push(old, 'Test-env', null)).toBe('version_update');
    expect(store.pipelineNames()).toEqual([]);
  });

  it('crashes (plain 500 upstream) where the Python code raises', async () => {
    const { store } = fresh();
    for (const doc of [[], 'x', { Pipeline: 5 }, { Pipeline: [1] }, { Pipeline: [{ name: 'Test-env' }] }, edit((d) => ((d.Pipeline[0]?.stages[0]?.executions[0] as JsonObject)['properties'] = 3))] as Json[]) {
      await expect(store.push(doc, 'Test-env', null)).rejects.toThrow(PyCrash);
    }
  });

  it('answers success but keeps nothing when the merge fails half-way (logged)', async () => {
    const { store } = fresh();
    const broken = edit((d) => {
      const events = d.Pipeline[0]?.stages[2]?.executions[0]?.['events'] as { artifact: JsonObject }[];
      delete events[1]?.artifact['uri'];
    });
    const before = store.state;
    expect(await store.push(broken, 'Test-env', null)).toBe('success');
    expect(store.state).toBe(before);
    expect(store.mergeLog).toHaveLength(1);
    expect(store.mergeLog[0]).toMatch(/uri/);
  });

  it('shares artifacts across pipelines by uri, appending the url and merging custom properties', async () => {
    const { store, clock } = fresh();
    await store.push(testEnv(), 'Test-env', null);
    const other = edit((d) => {
      const p = d.Pipeline[0] as unknown as JsonObject & Doc['Pipeline'][number];
      p.name = 'Other';
      p.stages = p.stages.slice(0, 1).map((s) => ({ ...s, name: 'Other/Prepare', executions: s.executions.map((e) => ({ ...e, properties: { ...(e['properties'] as JsonObject), Context_Type: 'Other/Prepare', Execution_uuid: 'ffff0000-0000-11ee-9600-5b8c6d427e3f' } })) }));
      const data = (p.stages[0]?.executions[0]?.['events'] as { artifact: JsonObject }[])[1]?.artifact as JsonObject;
      data['properties'] = { ...(data['properties'] as JsonObject), url: 'Other:/remote/23/6d95' };
      data['custom_properties'] = { extra: 1 };
    });
    clock.advance(60_000);
    expect(await store.push(other, 'Other', null)).toBe('success');
    const data = [...store.state.artifacts.values()].find((a) => a.name === 'artifacts/data.xml.gz:236d9502e0283d91f689d7038b8508a2');
    expect(store.state.artifacts.size).toBe(10);
    expect(data?.properties['url']).toBe('Test-env:/home/hpe-user/local-storage/files/md5/23/6d9502e0283d91f689d7038b8508a2,Other:/remote/23/6d95');
    expect(data?.customProperties).toMatchObject({ 'user-metadata1': 'metadata_value', extra: 1 });
    expect(data?.lastUpdate).toBe(NOW + 60_000);
  });

  it('re-uses a named execution: uuids unioned, events appended', async () => {
    const { store } = fresh();
    const named = (uuid: string): JsonObject =>
      edit((d) => {
        const p = d.Pipeline[0] as Doc['Pipeline'][number];
        p.stages = p.stages.slice(0, 1);
        const e = p.stages[0]?.executions[0] as JsonObject;
        e['name'] = 'loop';
        (e['properties'] as JsonObject)['Execution_uuid'] = uuid;
      });
    await store.push(named('aaaa0000-0000-11ee-9600-5b8c6d427e3f'), 'Test-env', null);
    await store.push(named('bbbb0000-0000-11ee-9600-5b8c6d427e3f'), 'Test-env', null);
    expect([...store.state.executions.values()].map((e) => [e.id, e.name, e.properties['Execution_uuid'], e.events.length])).toEqual([[1, 'loop', 'aaaa0000-0000-11ee-9600-5b8c6d427e3f,bbbb0000-0000-11ee-9600-5b8c6d427e3f', 10]]);
  });

  it('merges only the execution named by exec_uuid; skips unknown artifact types', async () => {
    const { store } = fresh();
    const doc = edit((d) => ((d.Pipeline[0]?.stages[3]?.executions[0]?.['events'] as { artifact: JsonObject }[])[3] as { artifact: JsonObject }).artifact['type'] = 'Hologram');
    expect(await store.push(doc, 'Test-env', '48ad70d2-76f6-11ee-9600-5b8c6d427e3f')).toBe('success');
    const p = store.state.pipelines.get('Test-env');
    const execs = p ? pipelineExecutions(store.state, p) : [];
    expect(execs.map((e) => e.properties['Context_Type'])).toEqual(['Test-env/Evaluate']);
    expect(execs[0]?.events.map((e) => store.state.artifacts.get(e.artifactId)?.typeName)).toEqual(['Environment', 'Model', 'Dataset']);
  });

  it('serialises concurrent pushes and never shows readers a half-merged snapshot', async () => {
    const { store } = fresh();
    const renamed = (name: string): JsonObject =>
      edit((d) => {
        const p = d.Pipeline[0] as Doc['Pipeline'][number];
        p.name = name;
        for (const s of p.stages) for (const e of s.executions) (e['properties'] as JsonObject)['Execution_uuid'] = `${name}-${String((e['properties'] as JsonObject)['Execution_uuid'])}`;
      });
    const snapshot = store.state;
    const pushes = Promise.all([store.push(renamed('A'), 'A', null), store.push(renamed('B'), 'B', null)]);
    expect(snapshot.pipelines.size).toBe(0);
    expect(await pushes).toEqual(['success', 'success']);
    expect(store.pipelineNames()).toEqual(['A', 'B']);
    expect(snapshot.pipelines.size).toBe(0);
  });
});
