/**
 * The demo story across trackers (README "Demo story", docs/stitching.md): the identifiers one tracker's
 * seed writes so that another's objects can be linked to them. A dataset versioned in CMF is read by
 * ClearML's training task `train-xgb-052` (same URI); that task is named by a tag on the Comet run that
 * registered `fraud-classifier` 1.1.0, and by the tags of MLConnector's `fraud-classifier` model, which
 * is deployed and serving. Link tags use the embedded configuration's instance names.
 */
import { createHash } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** ClearML's seeded dataset location (every fraud-detection task reads it). */
export const DEMO_DATASET_URI = 's3://switchyard-demo/datasets/fraud-detection/transactions-2026-01.parquet';
/** The ClearML training task of the story and its output model (ids as emulators/clearml/seed.ts derives them). */
export const DEMO_CLEARML_TRAIN_TASK = 'train-xgb-052';
export const DEMO_CLEARML_TRAIN_TASK_ID = md5(`switchyard:clearml:task:${DEMO_CLEARML_TRAIN_TASK}`);
export const DEMO_CLEARML_MODEL_ID = md5(`switchyard:clearml:model:${DEMO_CLEARML_TRAIN_TASK}-model`);
/** Link tags naming them, as Switchyard spells their ids. */
export const DEMO_LINK_CLEARML_TASK = `clearml:task:${DEMO_CLEARML_TRAIN_TASK_ID}`;
export const DEMO_LINK_CLEARML_MODEL = `clearml:model:${DEMO_CLEARML_MODEL_ID}`;
/** The Comet run (seed index) that registered `fraud-classifier` 1.1.0 and carries the task's link tag. */
export const DEMO_COMET_RUN_INDEX = 15;
