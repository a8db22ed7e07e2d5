import { describe, expect, it } from '@jest/globals';
import { buildClearMLSeed, seedModelId, seedTaskId } from '../../clearml/seed.js';
import { demoStory } from '../index.js';

describe('the demo story', () => {
  it("names ClearML's seeded training task and its output model, which read the seeded dataset", () => {
    expect(demoStory.DEMO_CLEARML_TRAIN_TASK_ID).toBe(seedTaskId(demoStory.DEMO_CLEARML_TRAIN_TASK));
    expect(demoStory.DEMO_CLEARML_MODEL_ID).toBe(seedModelId(`${demoStory.DEMO_CLEARML_TRAIN_TASK}-model`));
    const seed = buildClearMLSeed();
    const task = seed.tasks.find((t) => t['id'] === demoStory.DEMO_CLEARML_TRAIN_TASK_ID);
    const execution = task?.['execution'] as { artifacts?: { uri?: string; mode?: string }[] } | undefined;
    expect(execution?.artifacts?.some((a) => a.uri === demoStory.DEMO_DATASET_URI && a.mode === 'input')).toBe(true);
    expect(seed.models.some((m) => m['id'] === demoStory.DEMO_CLEARML_MODEL_ID && m['task'] === demoStory.DEMO_CLEARML_TRAIN_TASK_ID)).toBe(true);
  });
});
