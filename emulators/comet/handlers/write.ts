/**
 * Write endpoints (`/api/rest/v2/write/...`, reference §3). Each handler validates like the backend (missing
 * `experimentKey` → 90998, unknown key → 90211), records the write as server activity, and answers the small body
 * clients expect. Logged data (metrics, parameters, others, tags, output, code, system details, HTML, git, graph) is
 * first charged to the per-minute budget (excess dropped, experiment throttled) and then stored through the
 * ingestion queue (`store.ingest`), so reads see it only after the configured delay.
 */
import { json } from '../../shared/index.js';
import { ok, type RouteHandler, type RouteRequest } from '../context.js';
import { CometError, cometErrors } from '../errors.js';
import type { Input, JsonObject } from '../input.js';
import type { GitMetadata } from '../log.js';
import { ALIVE_BEAT_MILLIS, type ExperimentRecord, type ProjectRecord } from '../store.js';
import { projectView } from '../views.js';

/** Interval hints returned by set-status; the Java SDK parses them, nobody acts on them (reference §7). */
const MONITOR_INTERVAL_MILLIS = 60_000;

/** The experiment named by `experimentKey`, touched as server activity. */
function target(r: RouteRequest): ExperimentRecord {
  const e = r.ctx.store.requireExperiment(r.input().string('experimentKey'), 'write');
  r.ctx.store.touch(e);
  return e;
}

/** `POST /write/experiment/create` → `{experimentKey, workspaceName, projectName, link}` (cometr needs key + link). */
export const createExperiment: RouteHandler = (r) => {
  const input = r.input();
  const workspaceName = input.requiredString('workspaceName', cometErrors.missingWorkspace);
  const projectName = input.requiredString('projectName', cometErrors.missingProjectName);
  const e = r.ctx.store.createExperiment({ workspaceName, projectName, name: input.string('experimentName') });
  const p = r.ctx.store.projectOf(e);
  return json(200, {
    experimentKey: e.key,
    workspaceName: p.workspaceName,
    projectName: p.name,
    link: `${r.origin}/${encodeURIComponent(p.workspaceName)}/${encodeURIComponent(p.name)}/${e.key}`,
  });
};

/** Charges one message of the `other` budget and stores it through the ingestion queue unless it was dropped. */
function ingestOther(r: RouteRequest, e: ExperimentRecord, apply: () => void): void {
  if (r.ctx.store.admit(e, 'other') === 1) r.ctx.store.ingest(apply);
}

export const setCode: RouteHandler = (r) => {
  const e = target(r);
  const code = r.input().string('code');
  if (code === undefined) throw cometErrors.missingField('code');
  ingestOther(r, e, () => e.log.setCode(code));
  return ok();
};

/** Partial update: every field except the key is stored as sent (the read side overlays them on defaults). */
export const setSystemDetails: RouteHandler = (r) => {
  const e = target(r);
  const fields: JsonObject = {};
  for (const [k, v] of r.input().entries()) if (k !== 'experimentKey') fields[k] = v;
  ingestOther(r, e, () => e.log.mergeSystemDetails(fields));
  return ok();
};

/** Log-other; key `Name` renames the experiment (Comet keeps the name as that "other"). */
export const logOther: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const key = input.requiredString('key');
  const value = input.raw('value');
  if (value === undefined) throw cometErrors.missingField('value');
  const timestamp = input.integer('timestamp') ?? r.ctx.clock.now();
  ingestOther(r, e, () => {
    if (key === 'Name') r.ctx.store.setName(e, String(value), timestamp);
    else e.log.logOther(key, value, timestamp);
  });
  return ok();
};

export const logParameter: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const name = input.requiredString('parameterName');
  const value = input.raw('parameterValue');
  if (value === undefined) throw cometErrors.missingField('parameterValue');
  const timestamp = input.integer('timestamp') ?? r.ctx.clock.now();
  const step = input.integer('step');
  if (r.ctx.store.admit(e, 'parameters') === 1) r.ctx.store.ingest(() => e.log.logParameter(name, value, timestamp, step));
  return ok();
};

export const logMetric: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const name = input.requiredString('metricName');
  const value = metricValue(input);
  const metric = {
    name,
    value,
    timestamp: input.integer('timestamp') ?? r.ctx.clock.now(),
    step: input.integer('step'),
    epoch: input.integer('epoch'),
    context: input.string('context'),
  };
  if (r.ctx.store.admit(e, 'metrics') === 1) r.ctx.store.ingest(() => e.log.logMetric(metric));
  return ok();
};

/** Spellings of non-finite values clients send as strings (JSON has no NaN); stored as sent, read back as strings. */
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * A metric value: a JSON number, a numeric string (Java sends `"0.5"`) or a non-finite spelling (`"NaN"`,
 * `"Infinity"`). Anything else (text, booleans, objects) is a 400: Comet's metrics are numbers.
 */
function metricValue(input: Input): number | string {
  const v = input.raw('metricValue');
  if (v === undefined) throw cometErrors.missingField('metricValue');
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t !== '' && (Number.isFinite(Number(t)) || NON_FINITE.test(t))) return v;
  }
  throw new CometError(400, `metricValue must be a number, got ${JSON.stringify(v)}`);
}

export const addTags: RouteHandler = (r) => {
  const e = target(r);
  const tags = r.input().stringArray('addedTags') ?? [];
  ingestOther(r, e, () => e.log.addTags(tags));
  return ok();
};

/** `outputLines: [{output, stderr?, localTimestamp?, offset?}]`; cometr sends only offset + output. */
export const logOutput: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const runContext = input.string('runContext') ?? null;
  const lines = (input.objectArray('outputLines') ?? []).map((l: JsonObject) => {
    const output = l['output'];
    if (typeof output !== 'string') throw cometErrors.badField('outputLines[].output', 'a string');
    const offset = l['offset'];
    const ts = l['localTimestamp'];
    return {
      output,
      stderr: l['stderr'] === true,
      localTimestamp: typeof ts === 'number' ? ts : r.ctx.clock.now(),
      offset: typeof offset === 'number' && Number.isInteger(offset) ? offset : undefined,
      runContext,
    };
  });
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l.output), 0);
  if (bytes > r.ctx.limits.maxOutputBytes) throw cometErrors.tooLarge('outputLines', bytes, r.ctx.limits.maxOutputBytes);
  // Each line is one message of the output budget; lines beyond it are dropped.
  const admitted = lines.slice(0, r.ctx.store.admit(e, 'output', lines.length));
  if (admitted.length > 0) r.ctx.store.ingest(() => e.log.addOutput(admitted));
  return ok();
};

/** `write/experiment/html`: `override` replaces, otherwise appends; the result must stay within `maxHtmlBytes`. */
export const setHtml: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const html = input.string('html');
  if (html === undefined) throw cometErrors.missingField('html');
  const override = input.boolean('override') ?? false;
  const limit = r.ctx.limits.maxHtmlBytes;
  const current = override ? 0 : Buffer.byteLength(e.log.html() ?? '');
  const bytes = current + Buffer.byteLength(html);
  if (bytes > limit) throw cometErrors.tooLarge('html', bytes, limit);
  ingestOther(r, e, () => e.log.setHtml(html, override));
  return ok();
};

/** `write/experiment/git/metadata`: `user`, `root`, `branch`, `parent`, `origin` (fields not sent are kept). */
export const setGitMetadata: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const fields: Partial<GitMetadata> = {};
  for (const k of ['user', 'root', 'branch', 'parent', 'origin'] as const) {
    const v = input.string(k);
    if (v !== undefined) fields[k] = v;
  }
  ingestOther(r, e, () => e.log.mergeGit(fields));
  return ok();
};

/** `write/experiment/graph`: the model definition text. */
export const setGraph: RouteHandler = (r) => {
  const e = target(r);
  const graph = r.input().string('graph');
  if (graph === undefined) throw cometErrors.missingField('graph');
  ingestOther(r, e, () => e.log.setGraph(graph));
  return ok();
};

/** `write/experiment/file-path`: metadata `filePath`, and `fileName` = its last path segment. */
export const setFilePath: RouteHandler = (r) => {
  const e = target(r);
  const filePath = r.input().requiredString('filePath');
  e.filePath = filePath;
  e.fileName = filePath.split(/[\\/]/).pop() ?? filePath;
  return ok();
};

/** `GET /write/experiment/stop` → `{"msg":"Stop Requested"}` (docs); see `CometStore.stop`. */
export const stopExperiment: RouteHandler = (r) => {
  r.ctx.store.stop(target(r));
  return json(200, { msg: 'Stop Requested' });
};

/** `GET /write/experiment/set-status`: an alive beat; the answer tells the client when to beat again. */
export const setStatus: RouteHandler = (r) => {
  const e = r.ctx.store.requireExperiment(r.input().string('experimentKey'), 'write');
  r.ctx.store.beat(e);
  return json(200, {
    isAliveBeatDurationMillis: ALIVE_BEAT_MILLIS,
    gpuMonitorIntervalMillis: MONITOR_INTERVAL_MILLIS,
    cpuMonitorIntervalMillis: MONITOR_INTERVAL_MILLIS,
  });
};

/** Explicit start/end; an end time ends the run even if beats continue. */
export const setStartEndTime: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const start = input.integer('startTimeMillis');
  const end = input.integer('endTimeMillis');
  if (start !== undefined) e.startTimeMillis = start;
  if (end !== undefined) e.endTimeMillis = end;
  return ok();
};

/** `GET /write/experiment/archive` → `{"msg":"Archived"}` (docs). */
export const archiveExperiment: RouteHandler = (r) => {
  target(r).archived = true;
  return json(200, { msg: 'Archived' });
};

/** Restore/delete answers are not recorded anywhere; the messages mirror archive's. */
export const restoreExperiment: RouteHandler = (r) => {
  target(r).archived = false;
  return json(200, { msg: 'Restored' });
};

export const deleteExperiment: RouteHandler = (r) => {
  r.ctx.store.deleteExperiment(target(r));
  return json(200, { msg: 'Deleted' });
};

/** `POST /write/project/create`; no recording pins the answer, so it is the project object (as `/project`). */
export const createProject: RouteHandler = (r) => {
  const input = r.input();
  const p = r.ctx.store.createProject({
    workspaceName: input.requiredString('workspaceName', cometErrors.missingWorkspace),
    projectName: input.requiredString('projectName', cometErrors.missingProjectName),
    description: input.string('projectDescription'),
    isPublic: input.boolean('isPublic'),
  });
  return json(200, projectView(r.ctx.store, p, r.ctx.fidelity));
};

/** The project of a write: `projectId`, or `workspaceName` + `projectName`. */
function projectTarget(r: RouteRequest): ProjectRecord {
  const input = r.input();
  const id = input.string('projectId');
  const store = r.ctx.store;
  if (id !== undefined) {
    const project = store.projectById(id);
    if (!project) throw cometErrors.unknownProject(id);
    return project;
  }
  const ws = store.requireWorkspace(input.string('workspaceName'));
  const name = input.requiredString('projectName', cometErrors.missingProjectName);
  const project = store.projectByName(ws.name, name);
  if (!project) throw cometErrors.unknownProject(`${ws.name}/${name}`);
  return project;
}

/** `POST /write/project/delete` with `workspaceName`+`projectName` or `projectId`. */
export const deleteProject: RouteHandler = (r) => {
  r.ctx.store.deleteProject(projectTarget(r), r.input().boolean('deleteAllExperiments') ?? false);
  return ok('Project deleted');
};

/**
 * `POST /write/project/update`: `newProjectName`, `newProjectDescription`, `isPublic`. The answer is not recorded
 * anywhere; like create, it is the project object.
 */
export const updateProject: RouteHandler = (r) => {
  const input = r.input();
  const p = r.ctx.store.updateProject(projectTarget(r), {
    name: input.string('newProjectName'),
    description: input.string('newProjectDescription'),
    isPublic: input.boolean('isPublic'),
  });
  return json(200, projectView(r.ctx.store, p, r.ctx.fidelity));
};

/** `POST /write/project/notes` with `projectId` and `notes`. */
export const setProjectNotes: RouteHandler = (r) => {
  const input = r.input();
  const id = input.requiredString('projectId');
  const p = r.ctx.store.projectById(id);
  if (!p) throw cometErrors.unknownProject(id);
  const notes = input.string('notes');
  if (notes === undefined) throw cometErrors.missingField('notes');
  p.notes = notes;
  p.updatedAt = r.ctx.clock.now();
  return ok();
};

/** `POST /write/workspace/new` → snake_case body, as documented. */
export const createWorkspace: RouteHandler = (r) => {
  const name = r.input().requiredString('name');
  const ws = r.ctx.store.createWorkspace(name);
  return json(200, { msg: 'saved', workspace_name: ws.name, workspace_id: ws.id, code: 200 });
};
