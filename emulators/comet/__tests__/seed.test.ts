import { demoStory } from '../../shared/index.js';
import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../shared/index.js';
import { experimentModelId } from '../ids.js';
import { applyCometSeed, buildCometSeed, COMET_SEED_BASE_TIME } from '../seed.js';
import { CometStore } from '../store.js';

const HOUR = 3_600_000;

describe('buildCometSeed', () => {
  const seed = buildCometSeed();

  it('is deterministic', () => {
    expect(buildCometSeed()).toEqual(seed);
  });

  it('has 60 experiments in two projects of workspace switchyard', () => {
    expect(seed.workspaceName).toBe('switchyard');
    expect(seed.projects.map((p) => p.name)).toEqual(['fraud-detection', 'churn']);
    expect(seed.experiments).toHaveLength(60);
    expect(new Set(seed.experiments.map((e) => e.projectName))).toEqual(new Set(['fraud-detection', 'churn']));
  });

  it('starts experiment j at base + j×2h + 1h (odd hours, between the ClearML tasks)', () => {
    seed.experiments.forEach((e, j) => expect(e.startTimeMillis).toBe(COMET_SEED_BASE_TIME + j * 2 * HOUR + HOUR));
    expect(new Date(seed.experiments[17]?.startTimeMillis ?? 0).toISOString()).toBe('2026-01-06T19:00:00.000Z');
  });

  it('has unique 32-hex keys, cmt-run-NNN names with two unnamed runs, 3 running and 3 archived', () => {
    const keys = seed.experiments.map((e) => e.key);
    expect(new Set(keys).size).toBe(60);
    expect(keys.every((k) => /^[0-9a-f]{32}$/.test(k))).toBe(true);
    expect(seed.experiments[17]?.name).toBe('cmt-run-017');
    expect(seed.experiments.filter((e) => e.name === null)).toHaveLength(2);
    const running = seed.experiments.filter((e) => e.running);
    expect(running).toHaveLength(3);
    expect(running.every((e) => e.endTimeMillis === null && !e.archived)).toBe(true);
    expect(seed.experiments.filter((e) => e.archived)).toHaveLength(3);
  });

  it('tags from the demo set, lr/batch_size/epochs, loss + accuracy with a few dozen points, some with contexts', () => {
    // …and the demo story's link tag on the run that registered fraud-classifier 1.1.0.
    const allowed = new Set(['demo', 'baseline', 'pytorch', 'nightly', demoStory.DEMO_LINK_CLEARML_TASK]);
    for (const e of seed.experiments) {
      expect(e.tags.every((t) => allowed.has(t))).toBe(true);
      expect(e.params.map((p) => p.name)).toEqual(['lr', 'batch_size', 'epochs']);
      const loss = e.metrics.filter((m) => m.name === 'loss').length;
      expect(loss).toBe(e.metrics.filter((m) => m.name === 'accuracy').length);
      expect(loss).toBeGreaterThanOrEqual(12);
      expect(e.others.map((o) => o.key)).toEqual(e.name === null ? ['Created from'] : ['Name', 'Created from']);
    }
    expect(seed.experiments.some((e) => e.metrics.some((m) => m.context === 'validate'))).toBe(true);
    expect(seed.experiments.some((e) => e.metrics.every((m) => m.context === null))).toBe(true);
    expect(seed.experiments.filter((e) => e.tags.includes(demoStory.DEMO_LINK_CLEARML_TASK))).toHaveLength(1);
  });
});

describe('applyCometSeed', () => {
  it('loads everything; seeded running runs stay running, the others ended at their end time', () => {
    const clock = new ManualClock(COMET_SEED_BASE_TIME + 1_000 * HOUR);
    const store = new CometStore({ clock });
    const seed = buildCometSeed();
    applyCometSeed(store, seed);
    const projects = store.projectsIn('switchyard');
    expect(projects.map((p) => p.id)).toEqual(seed.projects.map((p) => p.id));
    const total = projects.reduce((n, p) => n + store.experimentsOf(p.id, false).length + store.experimentsOf(p.id, true).length, 0);
    expect(total).toBe(60);
    for (const s of seed.experiments) {
      const e = store.experiment(s.key);
      expect(e && store.status(e)).toEqual({
        running: s.running,
        startTimeMillis: s.startTimeMillis,
        endTimeMillis: s.endTimeMillis,
        durationMillis: (s.endTimeMillis ?? clock.now()) - s.startTimeMillis,
      });
      expect(e?.name).toBe(s.name);
      expect(e?.log.pointsOf('loss')).toHaveLength(s.metrics.filter((m) => m.name === 'loss').length);
    }
  });
});

describe('seeded lineage: experiment models, registry and artifacts', () => {
  const seed = buildCometSeed();
  const key = (j: number): string => seed.experiments[j]?.key ?? '';
  const store = new CometStore({ clock: new ManualClock(COMET_SEED_BASE_TIME + 1_000 * HOUR) });
  applyCometSeed(store, seed);

  it('logs experiment models on runs 10, 15, 20 and 27, as model-element assets', () => {
    for (const [j, name] of [[10, 'fraud-classifier'], [15, 'fraud-classifier'], [20, 'churn-predictor'], [27, 'fraud-classifier']] as const) {
      const e = store.experiment(key(j));
      expect(e?.log.models().map((m) => m.name)).toEqual([name]);
      expect(e?.log.modelAssets(name).map((a) => [a.fileName, a.type])).toEqual([
        ['model.pkl', 'model-element'],
        ['requirements.txt', 'model-element'],
      ]);
    }
  });

  it('registers fraud-classifier 1.0.0 (production, run 10) and 1.1.0 (staging, run 15), churn-predictor 1.0.0 (run 20)', () => {
    const fraud = store.registry.byName('switchyard', 'fraud-classifier');
    expect(fraud?.versions.map((v) => [v.version, v.stages, v.experimentKey, v.experimentModelId])).toEqual([
      ['1.0.0', ['production'], key(10), experimentModelId(key(10), 'fraud-classifier')],
      ['1.1.0', ['staging'], key(15), experimentModelId(key(15), 'fraud-classifier')],
    ]);
    expect(store.registry.byName('switchyard', 'churn-predictor')?.versions.map((v) => [v.version, v.experimentKey])).toEqual([['1.0.0', key(20)]]);
    expect(store.registry.versionsOf(experimentModelId(key(27), 'fraud-classifier'))).toEqual([]);
  });

  it('has artifact chains in one workspace: 3 → transactions 1.0.0 → 6, 10; 9 → 2.0.0 → 15; 15 → eval report → 18', () => {
    const tx = store.artifacts.byName('switchyard', 'fraud-transactions');
    expect(tx?.versions.map((v) => [v.version, v.experimentKey, v.consumers, v.state])).toEqual([
      ['1.0.0', key(3), [key(6), key(10)], 'CLOSED'],
      ['2.0.0', key(9), [key(15)], 'CLOSED'],
    ]);
    const report = store.artifacts.byName('switchyard', 'fraud-eval-report');
    expect(report?.versions.map((v) => [v.version, v.experimentKey, v.consumers])).toEqual([['1.0.0', key(15), [key(18)]]]);
    // Producers finish before their consumers start; every run involved is a finished, live fraud-detection run.
    for (const a of seed.artifacts) {
      for (const v of a.versions) {
        const producer = seed.experiments.find((e) => e.key === v.experimentKey);
        for (const c of v.consumers) expect(seed.experiments.find((e) => e.key === c)?.startTimeMillis ?? 0).toBeGreaterThan(producer?.endTimeMillis ?? Infinity);
      }
    }
    const involved = [3, 6, 9, 10, 15, 18, 20, 27].map((j) => seed.experiments[j]);
    expect(involved.every((e) => e && !e.running && !e.archived && e.name !== null)).toBe(true);
  });

  it('leaves the 60 runs as they were (no extra others, tags or params)', () => {
    expect(seed.experiments).toHaveLength(60);
    for (const s of seed.experiments) expect(store.experiment(s.key)?.log.otherSummaries().map((o) => o.name)).toEqual(s.others.map((o) => o.key));
  });
});
