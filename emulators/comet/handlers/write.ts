/**
 * Write endpoints (`/api/rest/v2/write/...`, reference §3). Each handler validates like the backend (missing
 * `experimentKey` → 90998, unknown key → 90211), records the write as server activity, and answers the small body
 * clients expect.
 */
import { json } from '../../shared/index.js';
import { ok, type RouteHandler, type RouteRequest } from '../context.js';
import { cometErrors } from '../errors.js';
import type { JsonObject } from '../input.js';
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

export const setCode: RouteHandler = (r) => {
  const e = target(r);
  const code = r.input().string('code');
  if (code === undefined) throw cometErrors.missingField('code');
  e.log.setCode(code);
  return ok();
};

/** Partial update: every field except the key is stored as sent (the read side overlays them on defaults). */
export const setSystemDetails: RouteHandler = (r) => {
  const e = target(r);
  const fields: JsonObject = {};
  for (const [k, v] of r.input().entries()) if (k !== 'experimentKey') fields[k] = v;
  e.log.mergeSystemDetails(fields);
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
  if (key === 'Name') r.ctx.store.setName(e, String(value), timestamp);
  else e.log.logOther(key, value, timestamp);
  return ok();
};

export const logParameter: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const name = input.requiredString('parameterName');
  const value = input.raw('parameterValue');
  if (value === undefined) throw cometErrors.missingField('parameterValue');
  e.log.logParameter(name, value, input.integer('timestamp') ?? r.ctx.clock.now(), input.integer('step'));
  return ok();
};

export const logMetric: RouteHandler = (r) => {
  const e = target(r);
  const input = r.input();
  const name = input.requiredString('metricName');
  const value = input.raw('metricValue');
  if (value === undefined) throw cometErrors.missingField('metricValue');
  e.log.logMetric({
    name,
    value,
    timestamp: input.integer('timestamp') ?? r.ctx.clock.now(),
    step: input.integer('step'),
    epoch: input.integer('epoch'),
    context: input.string('context'),
  });
  return ok();
};

export const addTags: RouteHandler = (r) => {
  const e = target(r);
  e.log.addTags(r.input().stringArray('addedTags') ?? []);
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
  e.log.addOutput(lines);
  return ok();
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

/** `POST /write/project/delete` with `workspaceName`+`projectName` or `projectId`. */
export const deleteProject: RouteHandler = (r) => {
  const input = r.input();
  const id = input.string('projectId');
  const store = r.ctx.store;
  let project: ProjectRecord | undefined;
  if (id !== undefined) {
    project = store.projectById(id);
    if (!project) throw cometErrors.unknownProject(id);
  } else {
    const ws = store.requireWorkspace(input.string('workspaceName'));
    const name = input.requiredString('projectName', cometErrors.missingProjectName);
    project = store.projectByName(ws.name, name);
    if (!project) throw cometErrors.unknownProject(`${ws.name}/${name}`);
  }
  store.deleteProject(project, input.boolean('deleteAllExperiments') ?? false);
  return ok('Project deleted');
};

/** `POST /write/workspace/new` → snake_case body, as documented. */
export const createWorkspace: RouteHandler = (r) => {
  const name = r.input().requiredString('name');
  const ws = r.ctx.store.createWorkspace(name);
  return json(200, { msg: 'saved', workspace_name: ws.name, workspace_id: ws.id, code: 200 });
};
