/**
 * The deterministic demo data, shared story with the ClearML emulator: workspace `switchyard`, projects
 * `fraud-detection` and `churn`, 60 experiments starting at base + j×2h + 1h (ClearML tasks sit on the even hours,
 * so a merged, time-ordered list interleaves the two trackers). Everything is derived from `j`; no clock, no random.
 *
 * On top of the runs, a lineage story (README "Seed"): run 3 produces dataset artifact `fraud-transactions` 1.0.0,
 * consumed by runs 6 and 10; run 9 produces 2.0.0, consumed by run 15. Runs 10 and 15 log experiment model
 * `fraud-classifier`, registered as versions 1.0.0 (stage `production`) and 1.1.0 (stage `staging`) of registry model
 * `fraud-classifier`; run 15 also produces `fraud-eval-report` 1.0.0, consumed by run 18. Run 20 logs
 * `churn-predictor` (registry model `churn-predictor` 1.0.0, `staging`); run 27 logs an unregistered
 * `fraud-classifier`.
 */
import { demoStory } from '../shared/index.js';
import { experimentModelId, md5Hex } from './ids.js';
import type { JsonObject } from './input.js';
import { type AssetRecord, MODEL_ELEMENT_TYPE } from './log.js';
import type { CometStore, ExperimentRecord } from './store.js';

/** 2026-01-05T08:00:00.000Z, the story's day zero. */
export const COMET_SEED_BASE_TIME = Date.parse('2026-01-05T08:00:00.000Z');
export const COMET_SEED_WORKSPACE = 'switchyard';
export const COMET_SEED_EXPERIMENT_COUNT = 60;

const HOUR = 3_600_000;
const MINUTE = 60_000;
const UNNAMED = new Set([13, 44]);
const RUNNING = new Set([57, 58, 59]);
const ARCHIVED = new Set([4, 22, 41]);

export interface CometSeedProject {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly isPublic: boolean;
  readonly createdAt: number;
}

export interface CometSeedMetricPoint {
  readonly name: 'loss' | 'accuracy';
  readonly value: number;
  readonly step: number;
  readonly epoch: number | null;
  readonly context: string | null;
  readonly timestamp: number;
}

export interface CometSeedExperiment {
  readonly key: string;
  readonly name: string | null;
  readonly projectName: string;
  readonly startTimeMillis: number;
  /** Null for the runs still going. */
  readonly endTimeMillis: number | null;
  readonly running: boolean;
  readonly archived: boolean;
  readonly tags: readonly string[];
  readonly params: readonly { readonly name: string; readonly value: number; readonly timestamp: number }[];
  readonly metrics: readonly CometSeedMetricPoint[];
  readonly others: readonly { readonly key: string; readonly value: string; readonly timestamp: number }[];
  readonly systemDetails: JsonObject;
  readonly output: readonly string[];
  readonly filePath: string;
  readonly fileName: string;
}

/** A file of an experiment model or an artifact version (text content keeps the seed plain data). */
export interface CometSeedFile {
  readonly assetId: string;
  readonly fileName: string;
  readonly content: string;
}

/** An experiment model: `model-element` files uploaded by one run under `name`. */
export interface CometSeedExperimentModel {
  readonly experimentKey: string;
  readonly name: string;
  readonly createdAt: number;
  readonly files: readonly CometSeedFile[];
}

export interface CometSeedRegistryVersion {
  readonly id: string;
  readonly version: string;
  /** The experiment model it promotes: `experimentKey` + `modelName`. */
  readonly experimentKey: string;
  readonly modelName: string;
  readonly comment: string;
  readonly stages: readonly string[];
  readonly createdAt: number;
}

export interface CometSeedRegistryModel {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly isPublic: boolean;
  /** Oldest first; the first one creates the model. */
  readonly versions: readonly CometSeedRegistryVersion[];
}

export interface CometSeedArtifactVersion {
  readonly id: string;
  readonly version: string;
  /** The producing run. */
  readonly experimentKey: string;
  readonly aliases: readonly string[];
  readonly tags: readonly string[];
  readonly metadata: string | null;
  readonly createdAt: number;
  readonly files: readonly CometSeedFile[];
  /** Runs that fetched it (`consumerExperimentKey`). */
  readonly consumers: readonly string[];
}

export interface CometSeedArtifact {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly versions: readonly CometSeedArtifactVersion[];
}

export interface CometSeed {
  readonly workspaceName: string;
  readonly projects: readonly CometSeedProject[];
  readonly experiments: readonly CometSeedExperiment[];
  readonly experimentModels: readonly CometSeedExperimentModel[];
  readonly registryModels: readonly CometSeedRegistryModel[];
  readonly artifacts: readonly CometSeedArtifact[];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function seedMetrics(j: number, start: number, steps: number): CometSeedMetricPoint[] {
  const rate = 0.08 + (j % 7) * 0.01;
  // Every third run logs with contexts (train + a few validate points), the rest without, like the two fixtures.
  const withContext = j % 3 === 0;
  const points: CometSeedMetricPoint[] = [];
  for (let k = 1; k <= steps; k++) {
    const timestamp = start + k * MINUTE + 30_000;
    const epoch = withContext ? Math.floor((k - 1) / 10) + 1 : null;
    const context = withContext ? 'train' : null;
    const loss = round6(2.3 * Math.exp(-k * rate) + 0.05 + 0.02 * Math.sin(j * 7 + k * 1.3));
    const accuracy = round6(Math.min(0.999, 0.95 - 0.85 * Math.exp(-k * rate) + 0.01 * Math.cos(j * 3 + k)));
    points.push({ name: 'loss', value: loss, step: k, epoch, context, timestamp });
    points.push({ name: 'accuracy', value: accuracy, step: k, epoch, context, timestamp });
    if (withContext && k % 10 === 0) {
      points.push({ name: 'loss', value: round6(loss * 1.15), step: k, epoch, context: 'validate', timestamp: timestamp + 5_000 });
      points.push({ name: 'accuracy', value: round6(accuracy * 0.97), step: k, epoch, context: 'validate', timestamp: timestamp + 5_000 });
    }
  }
  return points;
}

function seedExperiment(j: number): CometSeedExperiment {
  const projectName = j % 3 === 2 ? 'churn' : 'fraud-detection';
  const start = COMET_SEED_BASE_TIME + j * 2 * HOUR + HOUR;
  const running = RUNNING.has(j);
  const steps = running ? 12 + (j - 57) * 4 : 30;
  const name = UNNAMED.has(j) ? null : `cmt-run-${String(j).padStart(3, '0')}`;
  const tags = [
    ...(j % 4 !== 3 ? ['demo'] : []),
    ...(j % 5 === 0 ? ['baseline'] : []),
    ...(j % 2 === 0 ? ['pytorch'] : []),
    ...(j % 3 === 0 ? ['nightly'] : []),
    // The demo story: this run retrained the ClearML task's model and registered it (fraud-classifier 1.1.0).
    ...(j === demoStory.DEMO_COMET_RUN_INDEX ? [demoStory.DEMO_LINK_CLEARML_TASK] : []),
  ];
  const metrics = seedMetrics(j, start, steps);
  return {
    key: md5Hex(`comet-seed-experiment:${j}`),
    name,
    projectName,
    startTimeMillis: start,
    endTimeMillis: running ? null : start + (steps + 2 + (j % 5)) * MINUTE,
    running,
    archived: ARCHIVED.has(j),
    tags,
    params: [
      { name: 'lr', value: [0.1, 0.03, 0.01, 0.003][j % 4] ?? 0.01, timestamp: start + 1_000 },
      { name: 'batch_size', value: [32, 64, 128][j % 3] ?? 64, timestamp: start + 1_000 },
      { name: 'epochs', value: [10, 20, 30][Math.floor(j / 3) % 3] ?? 10, timestamp: start + 1_000 },
    ],
    metrics,
    others: [
      ...(name === null ? [] : [{ key: 'Name', value: name, timestamp: start }]),
      { key: 'Created from', value: 'cometr', timestamp: start },
    ],
    systemDetails: {
      user: 'switchyard',
      hostname: `gpu-node-${j % 4}`,
      osType: 'Linux',
      os: 'Linux 6.8.0-45-generic',
      pythonVersion: '3.11.9',
      pid: 4000 + j,
      command: ['python', 'train.py', '--seed', String(j)],
      executable: '/usr/bin/python3',
      installedPackages: ['torch@2.3.1', 'comet_ml@3.43.2'],
    },
    output: [`training ${name ?? 'unnamed run'} in ${projectName}`, `steps planned: ${steps}`],
    filePath: `/srv/${projectName}/train.py`,
    fileName: 'train.py',
  };
}

/** The end of finished run j (all lineage runs are finished ones). */
function endOf(experiments: readonly CometSeedExperiment[], j: number): number {
  const e = experiments[j];
  if (!e || e.endTimeMillis === null) throw new Error(`seed run ${j} is not a finished run`);
  return e.endTimeMillis;
}

function keyOf(experiments: readonly CometSeedExperiment[], j: number): string {
  const e = experiments[j];
  if (!e) throw new Error(`no seed run ${j}`);
  return e.key;
}

function seedFile(scope: string, fileName: string, content: string): CometSeedFile {
  return { assetId: md5Hex(`comet-seed-file:${scope}:${fileName}`), fileName, content };
}

/** Runs that log an experiment model: [run, model name]. */
const MODEL_RUNS: readonly (readonly [number, string])[] = [
  [10, 'fraud-classifier'],
  [15, 'fraud-classifier'],
  [20, 'churn-predictor'],
  [27, 'fraud-classifier'],
];

function seedExperimentModels(experiments: readonly CometSeedExperiment[]): CometSeedExperimentModel[] {
  return MODEL_RUNS.map(([j, name]) => {
    const key = keyOf(experiments, j);
    return {
      experimentKey: key,
      name,
      createdAt: endOf(experiments, j) - 2 * MINUTE,
      files: [
        seedFile(`${key}:${name}`, 'model.pkl', `${name} weights trained by cmt-run-${String(j).padStart(3, '0')}\n`),
        seedFile(`${key}:${name}`, 'requirements.txt', 'scikit-learn==1.5.1\n'),
      ],
    };
  });
}

function seedRegistryModels(experiments: readonly CometSeedExperiment[]): CometSeedRegistryModel[] {
  const version = (model: string, v: string, j: number, modelName: string, comment: string, stages: string[]): CometSeedRegistryVersion => ({
    id: md5Hex(`comet-seed-registry-version:${model}:${v}`),
    version: v,
    experimentKey: keyOf(experiments, j),
    modelName,
    comment,
    stages,
    createdAt: endOf(experiments, j) + HOUR,
  });
  return [
    {
      id: md5Hex('comet-seed-registry-model:fraud-classifier'),
      name: 'fraud-classifier',
      description: 'Card-fraud classifier served by the payments API',
      isPublic: false,
      versions: [
        version('fraud-classifier', '1.0.0', 10, 'fraud-classifier', 'trained on fraud-transactions 1.0.0', ['production']),
        version('fraud-classifier', '1.1.0', 15, 'fraud-classifier', 'retrained on fraud-transactions 2.0.0', ['staging']),
      ],
    },
    {
      id: md5Hex('comet-seed-registry-model:churn-predictor'),
      name: 'churn-predictor',
      description: 'Monthly churn propensity',
      isPublic: false,
      versions: [version('churn-predictor', '1.0.0', 20, 'churn-predictor', 'first candidate', ['staging'])],
    },
  ];
}

function seedArtifacts(experiments: readonly CometSeedExperiment[]): CometSeedArtifact[] {
  const v = (artifact: string, version: string, producer: number, consumers: number[], file: [string, string], aliases: string[]): CometSeedArtifactVersion => ({
    id: md5Hex(`comet-seed-artifact-version:${artifact}:${version}`),
    version,
    experimentKey: keyOf(experiments, producer),
    aliases,
    tags: [],
    metadata: JSON.stringify({ rows: 1000 * (producer + 1) }),
    createdAt: endOf(experiments, producer) - MINUTE,
    files: [seedFile(`${artifact}:${version}`, file[0], file[1])],
    consumers: consumers.map((j) => keyOf(experiments, j)),
  });
  return [
    {
      id: md5Hex('comet-seed-artifact:fraud-transactions'),
      name: 'fraud-transactions',
      type: 'dataset',
      description: 'Labelled card transactions',
      tags: ['fraud'],
      versions: [
        v('fraud-transactions', '1.0.0', 3, [6, 10], ['transactions.csv', 'id,amount,label\n1,12.50,0\n'], []),
        v('fraud-transactions', '2.0.0', 9, [15], ['transactions.csv', 'id,amount,label\n1,12.50,0\n2,990.00,1\n'], ['latest']),
      ],
    },
    {
      id: md5Hex('comet-seed-artifact:fraud-eval-report'),
      name: 'fraud-eval-report',
      type: 'report',
      description: 'Hold-out evaluation of the fraud classifier',
      tags: [],
      versions: [v('fraud-eval-report', '1.0.0', 15, [18], ['report.json', '{"auc":0.97}\n'], [])],
    },
  ];
}

/** The whole demo data set, as plain data (tests count and inspect it). */
export function buildCometSeed(): CometSeed {
  const createdAt = COMET_SEED_BASE_TIME - 24 * HOUR;
  const experiments = Array.from({ length: COMET_SEED_EXPERIMENT_COUNT }, (_, j) => seedExperiment(j));
  return {
    workspaceName: COMET_SEED_WORKSPACE,
    projects: [
      { id: md5Hex('comet-seed-project:fraud-detection'), name: 'fraud-detection', description: 'Card-fraud classifiers', isPublic: false, createdAt },
      { id: md5Hex('comet-seed-project:churn'), name: 'churn', description: 'Customer churn models', isPublic: true, createdAt },
    ],
    experiments,
    experimentModels: seedExperimentModels(experiments),
    registryModels: seedRegistryModels(experiments),
    artifacts: seedArtifacts(experiments),
  };
}

/**
 * Loads a seed into a store through the same logging code the API uses, so summaries and offsets are real. Runs
 * marked `running` stay alive forever (as if their client kept beating); the others are over.
 */
export function applyCometSeed(store: CometStore, seed: CometSeed): void {
  if (!store.workspace(seed.workspaceName)) store.createWorkspace(seed.workspaceName);
  for (const p of seed.projects) {
    store.createProject({ workspaceName: seed.workspaceName, projectName: p.name, description: p.description, isPublic: p.isPublic, id: p.id, at: p.createdAt });
  }
  for (const s of seed.experiments) {
    const e = store.createExperiment({ workspaceName: seed.workspaceName, projectName: s.projectName, key: s.key, at: s.startTimeMillis });
    for (const o of s.others) {
      if (o.key === 'Name') store.setName(e, o.value, o.timestamp);
      else e.log.logOther(o.key, o.value, o.timestamp);
    }
    e.log.mergeSystemDetails(s.systemDetails);
    for (const p of s.params) e.log.logParameter(p.name, p.value, p.timestamp);
    for (const m of s.metrics) {
      e.log.logMetric({ name: m.name, value: m.value, timestamp: m.timestamp, step: m.step, epoch: m.epoch ?? undefined, context: m.context ?? undefined });
    }
    e.log.addTags(s.tags);
    e.log.addOutput(s.output.map((output, i) => ({ output, stderr: false, localTimestamp: s.startTimeMillis + i, runContext: null })));
    e.filePath = s.filePath;
    e.fileName = s.fileName;
    e.startTimeMillis = s.startTimeMillis;
    e.endTimeMillis = s.endTimeMillis;
    e.archived = s.archived;
    const lastPoint = s.metrics.reduce((t, m) => Math.max(t, m.timestamp), s.startTimeMillis);
    e.lastActivityMillis = s.endTimeMillis ?? lastPoint;
    e.aliveUntilMillis = s.running ? Number.POSITIVE_INFINITY : s.startTimeMillis;
  }
  const run = (key: string): ExperimentRecord => {
    const e = store.experiment(key);
    if (!e) throw new Error(`seed references a missing run ${key}`);
    return e;
  };
  const asset = (f: CometSeedFile, type: string, groupingName: string | null, createdAt: number): AssetRecord => ({
    assetId: f.assetId,
    fileName: f.fileName,
    type,
    step: null,
    epoch: null,
    runContext: null,
    metadata: null,
    groupingName,
    createdAt,
    content: Buffer.from(f.content, 'utf8'),
    remoteLink: null,
  });
  for (const m of seed.experimentModels) {
    const e = run(m.experimentKey);
    for (const f of m.files) e.log.addAsset(asset(f, MODEL_ELEMENT_TYPE, m.name, m.createdAt), false);
  }
  for (const rm of seed.registryModels) {
    rm.versions.forEach((v, i) => {
      const common = {
        experimentModelId: experimentModelId(v.experimentKey, v.modelName),
        registryModelName: rm.name,
        version: v.version,
        comment: v.comment,
        stages: v.stages,
        itemId: v.id,
        at: v.createdAt,
      };
      if (i === 0) store.registry.create({ ...common, description: rm.description, isPublic: rm.isPublic, modelId: rm.id });
      else store.registry.addVersion(common);
    });
  }
  for (const a of seed.artifacts) {
    for (const v of a.versions) {
      const { version } = store.artifacts.upsert({
        experiment: run(v.experimentKey),
        artifactName: a.name,
        artifactType: a.type,
        version: v.version,
        aliases: v.aliases,
        versionTags: v.tags,
        versionMetadata: v.metadata ?? undefined,
        description: a.description,
        tags: a.tags,
        newArtifactId: a.id,
        newVersionId: v.id,
        at: v.createdAt,
      });
      for (const f of v.files) store.artifacts.addFile(version.id, asset(f, 'asset', null, v.createdAt), false);
      store.artifacts.setState(version.id, 'CLOSED');
      for (const c of v.consumers) store.artifacts.consume(version, run(c));
    }
  }
}
