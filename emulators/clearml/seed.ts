/**
 * The demo story's ClearML half (shared with the Comet emulator, whose experiments sit at the odd
 * hours): 3 projects and 60 tasks, task i created at 2026-01-05T08:00:00Z + i×2h. Everything is
 * derived from names and a fixed-seed PRNG, so every run produces the same documents and ids.
 * Metrics are produced by feeding scalar events through the same ingestion as `events.add_batch`,
 * so `last_metrics`, histograms and logs agree.
 */
import { createHash } from 'node:crypto';
import { DEMO_IDENTITY } from './constants.js';
import { newModelDoc, newProjectDoc, newQueueDoc, newTaskDoc } from './documents.js';
import { eventId, ingestEvents } from './eventIngest.js';
import { clone, type JsonObject } from './json.js';
import { ClearMLStore, type ServingContainer } from './store.js';
import { formatDateTime } from './time.js';

/** 2026-01-05T08:00:00.000Z. */
export const SEED_BASE_TIME_MS = Date.UTC(2026, 0, 5, 8, 0, 0, 0);
export const SEED_TASK_COUNT = 60;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface ClearMLSeed {
  readonly projects: JsonObject[];
  readonly tasks: JsonObject[];
  readonly models: JsonObject[];
  readonly queues: JsonObject[];
  /** Serving container entries (kept alive: they never expire). */
  readonly servingContainers: JsonObject[];
  readonly events: JsonObject[];
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const seedProjectId = (name: string): string => md5(`switchyard:clearml:project:${name}`);
export const seedTaskId = (name: string): string => md5(`switchyard:clearml:task:${name}`);
export const seedModelId = (name: string): string => md5(`switchyard:clearml:model:${name}`);
/** The `default` queue every server creates at first start (`_ensure_default_queue`). */
export const DEFAULT_QUEUE_ID = md5('switchyard:clearml:queue:default');

/** The queue the server creates when it starts with none: name `default`, system tag `default`. */
export function defaultQueueDoc(nowMs: number): JsonObject {
  return newQueueDoc({ id: DEFAULT_QUEUE_ID, name: 'default', company: DEMO_IDENTITY.company, now: formatDateTime(nowMs), fields: { system_tags: ['default'] } });
}

/** `_ensure_default_queue`: create the default queue when the company has no queue at all. */
export function ensureDefaultQueue(store: ClearMLStore, nowMs: number): void {
  if (store.queues.size === 0) store.queues.set(DEFAULT_QUEUE_ID, defaultQueueDoc(nowMs));
}

/**
 * The demo's two serving endpoints (clearml-serving containers), each serving the output model of a
 * published `train-xgb` task: `fraud-detector` (2 instances) and `churn-scorer` (1 instance).
 */
const SERVING_ENDPOINTS = [
  { endpoint: 'fraud-detector', task: 52, version: '3', instances: [{ uptime: 86_400, requests: 15_230, perMin: 10.6, latency: 23, cpus: 4 }, { uptime: 43_200, requests: 7_480, perMin: 10.4, latency: 25, cpus: 4 }] },
  { endpoint: 'churn-scorer', task: 44, version: '2', instances: [{ uptime: 172_800, requests: 2_880, perMin: 1.2, latency: 41, cpus: 2 }] },
] as const;
export const SERVING_BASE_URL = 'http://serving.switchyard-demo.local:8080/serve';

const PROJECTS = ['fraud-detection', 'fraud-detection/feature-engineering', 'churn'] as const;
const ENDED = ['completed', 'completed', 'failed', 'completed', 'published', 'stopped', 'completed', 'published'] as const;
const ARCHIVED = new Set([4, 11, 23]);
const PARENTS: ReadonlyMap<number, number> = new Map([
  [21, 20],
  [33, 32],
]);

/** The dataset every task of a project reads: same uri and digest across tasks (and trackers). */
function datasetArtifact(project: string, timestampS: number): JsonObject {
  const uri = `s3://switchyard-demo/datasets/${project.split('/')[0]}/transactions-2026-01.parquet`;
  return {
    key: 'training-data',
    type: 'pandas',
    mode: 'input',
    uri,
    // The SDK stores the bare SHA-256 hex digest of the uploaded file (`sha256sum` in clearml/storage/util.py).
    hash: sha256(`switchyard-demo:dataset:${uri}`),
    content_size: 48_213_771,
    timestamp: timestampS,
    type_data: { preview: 'DataFrame (250000, 31)', content_type: 'application/parquet' },
    display_data: [],
  };
}

function statusOf(i: number): string {
  if (i === 56) return 'created';
  if (i === 57) return 'queued';
  if (i >= 58) return 'in_progress';
  return ENDED[i % ENDED.length] ?? 'completed';
}

function paramsItem(section: string, name: string, value: string, type: string): JsonObject {
  return { section, name, value, type, description: '' };
}

/** Build the seed (fresh copies on every call). */
export function buildClearMLSeed(): ClearMLSeed {
  const store = new ClearMLStore();
  const rand = prng(20260105);
  const identity = DEMO_IDENTITY;
  const projectIds = new Map<string, string>();
  PROJECTS.forEach((name, k) => {
    const parentName = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : undefined;
    const parent = parentName ? projectIds.get(parentName) : undefined;
    const doc = newProjectDoc({
      id: seedProjectId(name),
      name,
      identity,
      now: formatDateTime(SEED_BASE_TIME_MS - (24 - k) * HOUR),
      fields: { description: `Demo project ${name}`, tags: ['demo'] },
      parent,
      path: parent ? [parent] : [],
    });
    projectIds.set(name, String(doc['id']));
    store.projects.set(String(doc['id']), doc);
  });

  // The server started (and created its default queue) a day before the first project.
  const queue = defaultQueueDoc(SEED_BASE_TIME_MS - 25 * HOUR);
  store.queues.set(DEFAULT_QUEUE_ID, queue);
  /** Latest output model per project: the next warm-started training task takes it as input model. */
  const latestModel = new Map<string, string>();
  const events: JsonObject[] = [];
  for (let i = 0; i < SEED_TASK_COUNT; i++) {
    const dataProcessing = i % 5 === 3;
    const xgb = !dataProcessing && i % 2 === 0;
    const nnn = String(i).padStart(3, '0');
    const name = dataProcessing ? `prep-features-${nnn}` : xgb ? `train-xgb-${nnn}` : `train-lgbm-${nnn}`;
    const projectName = dataProcessing ? 'fraud-detection/feature-engineering' : i % 3 === 2 ? 'churn' : 'fraud-detection';
    const project = projectIds.get(projectName) ?? '';
    const created = SEED_BASE_TIME_MS + i * 2 * HOUR;
    const status = statusOf(i);
    const tags = ['demo', ...(dataProcessing ? [] : [xgb ? 'xgboost' : 'lightgbm']), ...(i % 10 === 0 ? ['baseline'] : []), ...(i % 4 === 1 ? ['nightly'] : [])];
    const hyperparams: JsonObject = {
      General: {
        lr: paramsItem('General', 'lr', (0.01 + Math.round(rand() * 20) / 100).toFixed(2), 'float'),
        max_depth: paramsItem('General', 'max_depth', String(3 + Math.floor(rand() * 8)), 'int'),
        n_estimators: paramsItem('General', 'n_estimators', String(100 * (1 + Math.floor(rand() * 8))), 'int'),
      },
      ...(i % 3 === 0 ? { Args: { seed: paramsItem('Args', 'seed', String(i), 'int'), data_path: paramsItem('Args', 'data_path', 'data/transactions.parquet', 'str') } } : {}),
    };
    const parentIndex = PARENTS.get(i);
    const parentName = parentIndex === undefined ? undefined : `${parentIndex % 2 === 0 ? 'train-xgb' : 'train-lgbm'}-${String(parentIndex).padStart(3, '0')}`;
    const task = newTaskDoc({
      id: seedTaskId(name),
      name,
      type: dataProcessing ? 'data_processing' : 'training',
      identity,
      now: formatDateTime(created),
      fields: {
        comment: `Auto-generated at ${formatDateTime(created).slice(0, 19).replace('T', ' ')} UTC by demo@switchyard`,
        project,
        ...(parentName ? { parent: seedTaskId(parentName) } : {}),
        output_dest: 's3://switchyard-demo/clearml',
        tags,
        system_tags: ARCHIVED.has(i) ? ['archived'] : [],
        script: {
          binary: 'python3.11',
          repository: 'https://github.com/switchyard-demo/fraud-models.git',
          branch: 'main',
          version_num: sha256(`commit:${i >> 3}`).slice(0, 40),
          entry_point: dataProcessing ? 'prepare.py' : 'train.py',
          working_dir: '.',
          requirements: { pip: dataProcessing ? 'pandas==2.2.3\npyarrow==18.1.0\n' : `${xgb ? 'xgboost==2.1.3' : 'lightgbm==4.5.0'}\nscikit-learn==1.6.0\n` },
        },
        hyperparams,
        ...(i % 4 === 0 ? { configuration: { General: { name: 'General', value: JSON.stringify({ objective: 'binary', eval_metric: 'auc', early_stopping_rounds: 20 }), type: 'dictionary', description: '' } } } : {}),
      },
    });
    store.tasks.set(String(task['id']), task);
    // Every other xgb task warm-starts from the project's latest model: a task → model → task chain.
    const inputModel = xgb && i % 4 === 0 ? latestModel.get(projectName) : undefined;
    if (inputModel) task['models'] = { input: [{ name: 'Input Model', model: inputModel, updated: formatDateTime(created) }], output: [] };
    const ran = status !== 'created' && status !== 'queued';
    let lastChange = created;
    if (status === 'queued') {
      lastChange = created + 3 * MINUTE;
      Object.assign(task, { status, status_reason: '', status_message: '', status_changed: formatDateTime(lastChange), enqueue_status: 'created' });
      const execution = task['execution'];
      if (execution && typeof execution === 'object' && !Array.isArray(execution)) execution['queue'] = DEFAULT_QUEUE_ID;
      queue['entries'] = [{ task: String(task['id']), added: formatDateTime(lastChange) }];
      queue['last_update'] = formatDateTime(lastChange);
    }
    if (!ran) {
      Object.assign(task, { last_update: formatDateTime(lastChange), last_change: formatDateTime(lastChange) });
      continue;
    }
    const started = created + 5 * MINUTE;
    const runMinutes = status === 'in_progress' ? 40 : 20 + Math.floor(rand() * 70);
    const end = started + runMinutes * MINUTE;
    const points = status === 'in_progress' ? 12 : status === 'failed' ? 18 : 30;
    const taskEvents: JsonObject[] = [];
    for (let it = 0; it < points; it++) {
      const ts = started + Math.round(((it + 1) / points) * (end - started));
      const decay = Math.exp(-it / 9);
      const noise = () => (rand() - 0.5) * 0.02;
      const round = (v: number): number => Math.round(v * 10_000) / 10_000;
      for (const [metric, variant, value] of [
        ['loss', 'train', 0.08 + 0.61 * decay + noise()],
        ['loss', 'validation', 0.11 + 0.58 * decay + noise()],
        ['auc', 'validation', 0.95 - 0.33 * decay + noise()],
      ] as const) {
        taskEvents.push({ task: String(task['id']), type: 'training_stats_scalar', timestamp: ts, iter: it, metric, variant, value: round(value), worker: 'demo-gpu-01' });
      }
    }
    taskEvents.push(
      { task: String(task['id']), type: 'log', timestamp: started + 1000, level: 'info', worker: 'demo-gpu-01', msg: `ClearML Task: created new task id=${String(task['id'])}` },
      { task: String(task['id']), type: 'log', timestamp: started + 2000, level: 'info', worker: 'demo-gpu-01', msg: `Loading ${projectName} dataset` },
      ...(status === 'failed' ? [{ task: String(task['id']), type: 'log', timestamp: end, level: 'error', worker: 'demo-gpu-01', msg: 'MemoryError: Unable to allocate 2.1 GiB for an array' }] : []),
    );
    ingestEvents(store, taskEvents, { nowMs: end, worker: 'demo-gpu-01', user: identity.user });
    const stored = store.events.get(String(task['id']));
    if (stored) events.push(...stored.keyed.values(), ...stored.logs);

    const finished = status !== 'in_progress';
    const statusChanged = finished ? (status === 'published' ? end + 10 * MINUTE : end) : started;
    Object.assign(task, {
      status,
      status_reason: finished ? status : '',
      status_message: '',
      status_changed: formatDateTime(statusChanged),
      started: formatDateTime(started),
      ...(status === 'completed' || status === 'published' ? { completed: formatDateTime(end) } : {}),
      ...(status === 'published' ? { published: formatDateTime(statusChanged) } : {}),
      ...(finished ? { active_duration: Math.round((end - started) / 1000) } : {}),
      last_worker: 'demo-gpu-01',
      last_worker_report: formatDateTime(end),
      last_update: formatDateTime(Math.max(statusChanged, end)),
      last_change: formatDateTime(statusChanged),
      runtime: { progress: finished ? '100' : String(Math.round((points / 30) * 100)) },
    });
    const artifacts: JsonObject[] = [datasetArtifact(projectName, Math.floor(started / 1000) + 30)];
    const outKey = dataProcessing ? 'features' : 'predictions';
    const outUri = `s3://switchyard-demo/clearml/${projectName}/${name}.${String(task['id'])}/artifacts/${outKey}/${outKey}.csv.gz`;
    artifacts.push({
      key: outKey, type: 'pandas', mode: 'output', uri: outUri, hash: sha256(`switchyard-demo:artifact:${outUri}`),
      content_size: 1_000_000 + Math.floor(rand() * 4_000_000), timestamp: Math.floor(end / 1000),
      type_data: { preview: 'DataFrame (50000, 3)', content_type: 'text/csv' }, display_data: [],
    });
    const execution = task['execution'];
    if (execution && typeof execution === 'object' && !Array.isArray(execution)) {
      execution['artifacts'] = artifacts.sort((a, b) => (String(a['key']) < String(b['key']) ? -1 : 1));
      execution['framework'] = dataProcessing ? 'Pandas' : xgb ? 'XGBoost' : 'LightGBM';
    }
    if (!dataProcessing && (status === 'completed' || status === 'published') && i % 2 === 0) {
      const modelName = `${name}-model`;
      const model = newModelDoc({
        id: seedModelId(modelName),
        identity,
        now: formatDateTime(end),
        fields: {
          name: modelName, task: String(task['id']), project, comment: `Created by task id: ${String(task['id'])}`, tags: ['demo'],
          framework: 'XGBoost', design: { design: '' }, labels: { legit: 0, fraud: 1 },
          uri: `s3://switchyard-demo/clearml/${projectName}/${name}.${String(task['id'])}/models/model.json`,
          ready: status === 'published', last_iteration: points - 1,
          // Like `models.update_for_task`: the parent of a task's output model is the task's input model.
          ...(inputModel ? { parent: inputModel } : {}),
        },
      });
      store.models.set(String(model['id']), model);
      const input = inputModel ? [{ name: 'Input Model', model: inputModel, updated: formatDateTime(created) }] : [];
      task['models'] = { input, output: [{ name: 'Output Model', model: String(model['id']), updated: formatDateTime(end) }] };
      latestModel.set(projectName, String(model['id']));
    }
  }
  // A project's last_update follows the status changes of its tasks (`update_project_time`).
  for (const t of store.tasks.values()) {
    const p = store.projects.get(String(t['project']));
    const changed = t['status_changed'];
    if (p && typeof changed === 'string' && changed > String(p['last_update'])) p['last_update'] = changed;
  }
  return {
    projects: store.listProjects(),
    tasks: store.listTasks(),
    models: store.listModels(),
    queues: store.listQueues(),
    servingContainers: servingContainers(store),
    events: events.map((e) => clone(e)),
  };
}

/**
 * Container entries of the demo's serving endpoints, as `serving.container_status_report` leaves them:
 * registered a day (or two) before the last seeded task, last report 30 s before the seed's end.
 */
function servingContainers(store: ClearMLStore): JsonObject[] {
  const lastReport = SEED_BASE_TIME_MS + SEED_TASK_COUNT * 2 * HOUR;
  const out: JsonObject[] = [];
  for (const ep of SERVING_ENDPOINTS) {
    const taskName = `train-xgb-${String(ep.task).padStart(3, '0')}`;
    const modelId = seedModelId(`${taskName}-model`);
    const model = store.models.get(modelId);
    if (!model) throw new Error(`seed: no model for ${taskName}`);
    ep.instances.forEach((inst, k) => {
      out.push({
        container_id: md5(`switchyard:clearml:serving:${ep.endpoint}:${k}`),
        endpoint_name: ep.endpoint,
        endpoint_url: `${SERVING_BASE_URL}/${ep.endpoint}`,
        model_name: String(model['name']),
        model_source: 'clearml',
        model_version: ep.version,
        preprocess_artifact: `py_code_${ep.endpoint}`,
        input_type: 'float32',
        input_size: '[1, 31]',
        tags: [],
        system_tags: [],
        reference: [{ type: 'model', value: modelId }, { type: 'task', value: String(model['task']) }],
        uptime_sec: inst.uptime,
        requests_num: inst.requests,
        requests_min: inst.perMin,
        latency_ms: inst.latency,
        machine_stats: { cpu_usage: Array.from({ length: inst.cpus }, (_, c) => 20 + 5 * c), memory_used: 2048, memory_free: 6144 },
        ip: `10.0.7.${11 + k}`,
        register_time: lastReport - inst.uptime * 1000,
        register_timeout: 600,
        last_activity_time: lastReport - 30_000,
      });
    });
  }
  return out;
}

/** Load a seed into a store (documents in order; events under their storage keys). */
export function loadSeed(store: ClearMLStore, seed: ClearMLSeed = buildClearMLSeed()): void {
  for (const p of seed.projects) store.projects.set(String(p['id']), clone(p));
  for (const t of seed.tasks) store.tasks.set(String(t['id']), clone(t));
  for (const m of seed.models) store.models.set(String(m['id']), clone(m));
  for (const q of seed.queues) store.queues.set(String(q['id']), clone(q));
  for (const c of seed.servingContainers) {
    const container: ServingContainer = { entry: clone(c), expiresAt: undefined };
    store.containers.set(String(c['container_id']), container);
  }
  for (const e of seed.events) {
    const bucket = store.eventsOf(String(e['task']));
    if (e['type'] === 'log') bucket.logs.push(clone(e));
    else bucket.keyed.set(eventId(e), clone(e));
  }
}
