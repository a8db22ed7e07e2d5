import { describe, expect, it } from '@jest/globals';
import { clearmlRequestKind, cmfRequestKind, cometRequestKind, mlconnectorRequestKind, passthroughVerdict } from '../passthroughGate.js';

describe('passthroughVerdict', () => {
  const read = { write: false, rendered: false };
  const write = { write: true, rendered: false };
  it('lets an open principal through, and refuses a source it may not use, a write when read-only, raw reads when limited to projects', () => {
    expect(passthroughVerdict({ write: true }, 'clearml', write)).toEqual({ ok: true });
    expect(passthroughVerdict({ sources: ['comet'], write: true }, 'clearml', read)).toMatchObject({ ok: false, reason: expect.stringContaining('source "clearml"') });
    expect(passthroughVerdict({ write: false }, 'clearml', read)).toEqual({ ok: true });
    expect(passthroughVerdict({ write: false }, 'clearml', write)).toMatchObject({ ok: false, reason: 'this principal may only read' });
    expect(passthroughVerdict({ projects: ['fraud-*'], write: false }, 'clearml', read)).toMatchObject({ ok: false });
    expect(passthroughVerdict({ projects: ['fraud-*'], write: false }, 'clearml', { write: false, rendered: true })).toEqual({ ok: true });
  });

  it('checks a routed write against the source it lands in, not the mount it came through', () => {
    const routed = { write: true, rendered: true, source: 'clearml' };
    expect(passthroughVerdict({ sources: ['clearml'], write: true }, 'comet', routed)).toEqual({ ok: true });
    expect(passthroughVerdict({ sources: ['comet'], write: true }, 'comet', routed)).toMatchObject({ ok: false, reason: expect.stringContaining('source "clearml"') });
  });
});

describe('request kinds', () => {
  it('tell ClearML writes from reads, with or without a version prefix', () => {
    for (const p of ['/tasks.create', '/v2.23/tasks.edit', '/models.update_for_task', '/events.add_batch', '/tasks.delete', '/tasks.enqueue', '/projects.create'])
      expect([p, clearmlRequestKind(p, false).write]).toEqual([p, true]);
    for (const p of ['/tasks.get_all', '/v2.23/tasks.get_by_id', '/events.scalar_metrics_iter_histogram', '/auth.login', '/projects.get_all_ex', '/events.get_task_log'])
      expect([p, clearmlRequestKind(p, false).write]).toEqual([p, false]);
    expect(clearmlRequestKind('/tasks.get_all', true).rendered).toBe(true);
  });

  it('tell the other trackers\' writes', () => {
    expect(cometRequestKind('GET', '/api/rest/v2/write/experiment/set-status').write).toBe(true);
    expect(cometRequestKind('GET', '/api/rest/v2/experiments').write).toBe(false);
    expect(cmfRequestKind('POST', '/api/mlmd_push').write).toBe(true);
    expect(cmfRequestKind('POST', '/api/mlmd_pull').write).toBe(false);
    expect(cmfRequestKind('GET', '/pipelines').write).toBe(false);
    expect(mlconnectorRequestKind('POST').write).toBe(true);
    expect(mlconnectorRequestKind('GET').write).toBe(false);
  });
});
