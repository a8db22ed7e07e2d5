import { describe, expect, it } from '@jest/globals';
import DataLoader from 'dataloader';
import { switchyardError } from '../../../shared/errors.js';
import type { LineageEdgeValue } from '../../../shared/model.js';
import type { CatalogContext, LinkSet, SourceFailure } from '../../resolvers/context.js';
import { walkLineage } from '../walkLineage.js';

const e = (from: string, to: string, relation: LineageEdgeValue['relation'] = 'INPUT_OF'): LineageEdgeValue => ({ from, to, relation, evidence: 'native' });

/** A context whose links loader serves a fixed graph; ids of source `down` fail; `failures` ride along with every answer. */
function ctxFor(graph: readonly LineageEdgeValue[], calls: string[][] = [], failures: readonly SourceFailure[] = []): CatalogContext {
  const links = new DataLoader<string, LinkSet | null>(async (ids) => {
    calls.push([...ids]);
    return ids.map((id) => (id.startsWith('down:') ? switchyardError('SOURCE_UNAVAILABLE', 'down', { source: 'down' }) : { edges: graph.filter((x) => x.from === id || x.to === id), failures }));
  });
  return { links } as unknown as CatalogContext;
}

describe('walkLineage', () => {
  const chain = [e('a:m:1', 'a:t:1'), e('a:t:1', 'a:m:2', 'OUTPUT_OF'), e('a:m:2', 'a:t:2'), e('a:t:2', 'a:m:3', 'OUTPUT_OF')];

  it('walks downstream and upstream breadth-first, one batched load per hop', async () => {
    const calls: string[][] = [];
    const down = await walkLineage('a:m:1', 'DOWNSTREAM', 10, 100, ctxFor(chain, calls));
    expect(down.nodeIds).toEqual(['a:m:1', 'a:t:1', 'a:m:2', 'a:t:2', 'a:m:3']);
    expect(down.edges).toHaveLength(4);
    expect(down.truncated).toBe(false);
    expect(calls).toEqual([['a:m:1'], ['a:t:1'], ['a:m:2'], ['a:t:2'], ['a:m:3']]);
    const up = await walkLineage('a:m:3', 'UPSTREAM', 2, 100, ctxFor(chain));
    expect(up.nodeIds).toEqual(['a:m:3', 'a:t:2', 'a:m:2']);
    expect(up.truncated).toBe(true);
  });

  it('is cycle-safe and follows SAME_AS both ways', async () => {
    const cyclic = [e('a:t:1', 'a:t:2', 'PARENT_OF'), e('a:t:2', 'a:t:1', 'PARENT_OF'), e('b:x:1', 'a:t:2', 'SAME_AS')];
    const res = await walkLineage('a:t:1', 'DOWNSTREAM', 10, 100, ctxFor(cyclic));
    expect([...res.nodeIds].sort()).toEqual(['a:t:1', 'a:t:2', 'b:x:1']);
  });

  it('stops at maxNodes and says so', async () => {
    const star = Array.from({ length: 10 }, (_, i) => e('a:m:0', `a:t:${i}`));
    const res = await walkLineage('a:m:0', 'BOTH', 3, 4, ctxFor(star));
    expect(res.nodeIds).toHaveLength(4);
    expect(res.truncated).toBe(true);
  });

  it('reports a source whose edges fail and keeps walking the others', async () => {
    const graph = [e('a:m:1', 'a:t:1'), e('down:x:1', 'a:t:1'), e('a:t:1', 'a:m:2', 'OUTPUT_OF')];
    const res = await walkLineage('a:t:1', 'BOTH', 3, 100, ctxFor(graph));
    expect([...res.nodeIds].sort()).toEqual(['a:m:1', 'a:m:2', 'a:t:1', 'down:x:1']);
    expect(res.sources).toEqual([
      { source: 'a', outcome: 'OK', message: null, latencyMs: null },
      { source: 'down', outcome: 'ERROR', message: 'down', latencyMs: null },
    ]);
  });

  it('reports a source whose stitching lookups failed or were partial, worst outcome first', async () => {
    const failures: SourceFailure[] = [
      { source: 'b', outcome: 'PARTIAL', message: 'newest 2000 only' },
      { source: 'c', outcome: 'TIMEOUT', message: 'slow' },
    ];
    const res = await walkLineage('a:m:1', 'DOWNSTREAM', 2, 100, ctxFor(chain, [], failures));
    expect(res.nodeIds).toEqual(['a:m:1', 'a:t:1', 'a:m:2']);
    expect(res.sources).toEqual([
      { source: 'a', outcome: 'OK', message: null, latencyMs: null },
      { source: 'b', outcome: 'PARTIAL', message: 'newest 2000 only', latencyMs: null },
      { source: 'c', outcome: 'TIMEOUT', message: 'slow', latencyMs: null },
    ]);
  });
});
