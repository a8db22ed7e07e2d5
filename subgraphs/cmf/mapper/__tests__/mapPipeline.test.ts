import { describe, expect, it } from '@jest/globals';
import { mapPipelines } from '../index.js';
import { exportDoc } from './fixtures.js';

const data = () => {
  const [p] = mapPipelines(exportDoc(), 'cmf');
  if (!p) throw new Error('no pipeline');
  return p;
};

describe('mapPipelines', () => {
  it('turns events into native edges: INPUT artifact → execution, OUTPUT execution → artifact', () => {
    const d = data();
    const name = (id: string) => d.executions.find((e) => e.id === id)?.name ?? [...d.artifacts, ...d.models].find((a) => a.id === id)?.name;
    const edges = d.edges.map((e) => `${String(name(e.from))} ${e.relation} ${String(name(e.to))} ${String(e.evidence)}`);
    expect(edges).toContain('artifacts/data.xml.gz INPUT_OF Prepare_1afa native');
    expect(edges).toContain('Prepare_1afa OUTPUT_OF artifacts/parsed/train.tsv native');
    expect(edges).toContain('Train_3f6f OUTPUT_OF artifacts/model/model.pkl native');
    expect(edges).toContain('artifacts/model/model.pkl INPUT_OF Evaluate_48ad native');
    expect(edges).toContain('Evaluate_48ad OUTPUT_OF metrics native');
    // 18 events in the export (5 + 5 + 4 + 4), none repeated.
    expect(d.edges).toHaveLength(18);
  });

  it('reports the newest server time in the document as the watermark', () => {
    expect(data().watermark).toBe(1698651070123);
  });

  it('maps every pipeline of a global pull and skips one without a name', () => {
    const doc = exportDoc();
    const other = { ...(doc.Pipeline[0] as object), name: 'other' };
    expect(mapPipelines({ Pipeline: [...doc.Pipeline, other, { stages: [] }] }, 'cmf').map((p) => p.pipeline)).toEqual(['Test-env', 'other']);
  });
});
