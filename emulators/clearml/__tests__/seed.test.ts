import { describe, expect, it } from '@jest/globals';
import { isObject } from '../json.js';
import { buildClearMLSeed, SEED_BASE_TIME_MS } from '../seed.js';
import { formatDateTime } from '../time.js';
import { asObjects, testEmulator } from './callHelper.js';

describe('demo seed', () => {
  const seed = buildClearMLSeed();

  it('is deterministic', () => {
    expect(buildClearMLSeed()).toEqual(seed);
  });

  it('has the shared story: 3 projects, 60 tasks two hours apart from 2026-01-05T08:00Z', () => {
    expect(seed.projects.map((p) => p['name'])).toEqual(['fraud-detection', 'fraud-detection/feature-engineering', 'churn']);
    expect(seed.tasks).toHaveLength(60);
    seed.tasks.forEach((t, i) => {
      expect(t['created']).toBe(formatDateTime(SEED_BASE_TIME_MS + i * 7_200_000));
      expect(String(t['name']).length).toBeGreaterThanOrEqual(3);
      expect(String(t['id'])).toMatch(/^[0-9a-f]{32}$/);
    });
    expect(seed.tasks[0]?.['created']).toBe('2026-01-05T08:00:00+00:00');
  });

  it('spreads types, statuses, tags and archived tasks', () => {
    const statuses = new Set(seed.tasks.map((t) => t['status']));
    for (const s of ['created', 'queued', 'in_progress', 'completed', 'failed', 'stopped', 'published']) expect(statuses).toContain(s);
    expect(new Set(seed.tasks.map((t) => t['type']))).toEqual(new Set(['training', 'data_processing']));
    expect(seed.tasks.filter((t) => Array.isArray(t['system_tags']) && t['system_tags'].includes('archived'))).toHaveLength(3);
    expect(seed.tasks.filter((t) => typeof t['parent'] === 'string')).toHaveLength(2);
    const tags = new Set(seed.tasks.flatMap((t) => (Array.isArray(t['tags']) ? t['tags'] : [])));
    expect(tags).toEqual(new Set(['demo', 'baseline', 'xgboost', 'lightgbm', 'nightly']));
  });

  it('keeps times consistent with status and gives metrics to tasks that ran', () => {
    for (const t of seed.tasks) {
      const ran = !['created', 'queued'].includes(String(t['status']));
      expect(typeof t['started'] === 'string').toBe(ran);
      expect(isObject(t['last_metrics'])).toBe(ran);
      expect(typeof t['completed'] === 'string').toBe(['completed', 'published'].includes(String(t['status'])));
      if (ran) expect(String(t['started']) < String(t['last_update'])).toBe(true);
    }
    expect(seed.events.length).toBeGreaterThan(1000);
  });

  it('links output models to completed tasks', () => {
    expect(seed.models.length).toBeGreaterThan(0);
    for (const m of seed.models) {
      const task = seed.tasks.find((t) => t['id'] === m['task']);
      expect(['completed', 'published']).toContain(task?.['status']);
      expect(JSON.stringify(task?.['models'])).toContain(String(m['id']));
    }
  });

  it('is served by an emulator started with seed: true and pages with order_by + id', async () => {
    const em = testEmulator({ seed: true });
    const pages: string[] = [];
    for (let page = 0; page < 7; page++) {
      const res = await em.call('/v2.23/tasks.get_all', { order_by: ['-created'], page, page_size: 10, only_fields: ['id'], search_hidden: true });
      pages.push(...asObjects(res.data['tasks']).map((t) => String(t['id'])));
    }
    expect(pages).toHaveLength(60);
    expect(new Set(pages).size).toBe(60);
    expect(pages[0]).toBe(seed.tasks[59]?.['id']);
  });
});
