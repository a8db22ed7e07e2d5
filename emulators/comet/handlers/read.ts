/**
 * Read endpoints (`/api/rest/v2/...`, reference §4). Everything is returned in one response (no pagination, as on
 * the real server); experiment-scoped reads answer 404 + 90211 for an unknown key.
 */
import { json } from '../../shared/index.js';
import type { RouteHandler, RouteRequest } from '../context.js';
import { downsample } from '../downsample.js';
import { cometErrors } from '../errors.js';
import type { JsonObject } from '../input.js';
import type { ExperimentRecord, ProjectRecord } from '../store.js';
import {
  experimentModelView,
  experimentView,
  metricPointsForRead,
  metricSummaryView,
  projectView,
  systemDetailsView,
  valueSummaryView,
} from '../views.js';

export function experimentOf(r: RouteRequest): ExperimentRecord {
  return r.ctx.store.requireExperiment(r.input().string('experimentKey'), 'read');
}

/** `projectId`, or `projectName` + `workspaceName` (every project-scoped read accepts both). */
export function projectOf(r: RouteRequest): ProjectRecord {
  const input = r.input();
  const store = r.ctx.store;
  const id = input.string('projectId');
  if (id !== undefined && id !== '') {
    const p = store.projectById(id);
    if (!p) throw cometErrors.unknownProject(id);
    return p;
  }
  const name = input.requiredString('projectName', cometErrors.missingProjectName);
  const ws = store.requireWorkspace(input.string('workspaceName'));
  const p = store.projectByName(ws.name, name);
  if (!p) throw cometErrors.unknownProject(`${ws.name}/${name}`);
  return p;
}

/** `GET /account-details`: every accepted key belongs to the one emulated user. */
export const accountDetails: RouteHandler = (r) =>
  json(200, { userName: r.ctx.store.userName, defaultWorkspaceName: r.ctx.store.userName });

/** `GET /workspaces` → plain names, as recorded (not objects). */
export const workspaces: RouteHandler = (r) =>
  json(200, { workspaceNames: r.ctx.store.workspaces().map((w) => w.name) });

export const projects: RouteHandler = (r) => {
  const ws = r.ctx.store.requireWorkspace(r.input().string('workspaceName'));
  return json(200, {
    projects: r.ctx.store.projectsIn(ws.name).map((p) => projectView(r.ctx.store, p, r.ctx.fidelity)),
  });
};

/** `GET /project` → the bare project object (no envelope). */
export const project: RouteHandler = (r) => json(200, projectView(r.ctx.store, projectOf(r), r.ctx.fidelity));

/** `GET /experiments`: the whole project at once; `archived=true` lists only the archived experiments. */
export const experiments: RouteHandler = (r) => {
  const p = projectOf(r);
  const archived = r.input().boolean('archived') ?? false;
  return json(200, { experiments: r.ctx.store.experimentsOf(p.id, archived).map((e) => experimentView(r.ctx.store, e)) });
};

export const experimentMetadata: RouteHandler = (r) => json(200, experimentView(r.ctx.store, experimentOf(r)));

export const metricsSummary: RouteHandler = (r) =>
  json(200, { values: experimentOf(r).log.metricSummaries().map(metricSummaryView) });

/** `GET /experiment/metrics/get-metric`; without `metricName` every metric's points are returned. */
export const getMetric: RouteHandler = (r) => {
  const e = experimentOf(r);
  const name = r.input().string('metricName');
  return json(200, { metrics: metricPointsForRead(e.log, name === '' ? undefined : name) });
};

/** `values`, as in the Java DTO and the notebook output (the cometr recording server's `results` is not followed). */
export const parameters: RouteHandler = (r) =>
  json(200, { values: experimentOf(r).log.parameterSummaries().map(valueSummaryView) });

export const logOther: RouteHandler = (r) =>
  json(200, { values: experimentOf(r).log.otherSummaries().map(valueSummaryView) });

export const tags: RouteHandler = (r) => json(200, { tags: experimentOf(r).log.tags() });

/** All lines concatenated; lines without a trailing newline (cometr's) get one so they do not run together. */
export const output: RouteHandler = (r) => {
  const text = experimentOf(r)
    .log.outputLines()
    .map((l) => (l.output.endsWith('\n') ? l.output : `${l.output}\n`))
    .join('');
  return json(200, { output: text });
};

export const code: RouteHandler = (r) => json(200, { code: experimentOf(r).log.code() });

export const systemDetails: RouteHandler = (r) => json(200, systemDetailsView(experimentOf(r)));

/** `GET /experiment/html` → `{html}` (null before any HTML was logged). */
export const html: RouteHandler = (r) => json(200, { html: experimentOf(r).log.html() });

export const graph: RouteHandler = (r) => json(200, { graph: experimentOf(r).log.graph() });

/** `GET /experiment/git/metadata` → `{user, root, branch, parent, origin}`, nulls before any git metadata. */
export const gitMetadata: RouteHandler = (r) =>
  json(200, experimentOf(r).log.git() ?? { user: null, root: null, branch: null, parent: null, origin: null });

/** `GET /project/notes?projectId=` → `{notes}`. */
export const projectNotes: RouteHandler = (r) => json(200, { notes: projectOf(r).notes });

/** `GET /experiment/model` → `{models: [{experimentModelId, experimentKey, modelName, registryRecords}]}`. */
export const experimentModels: RouteHandler = (r) => {
  const e = experimentOf(r);
  return json(200, { models: e.log.models().map((m) => experimentModelView(r.ctx.store, e, m)) });
};

/** The metadata columns every project has, in the recorded order (cometr-get-project-column-names.json). */
const METADATA_COLUMNS: readonly [string, string][] = [
  ['runId', 'string'],
  ['hasNotes', 'boolean'],
  ['duration', 'timenumber'],
  ['codeSHA', 'string'],
  ['file_name', 'string'],
  ['hasHtml', 'boolean'],
  ['experimentKey', 'string'],
  ['optimizationId', 'string'],
  ['end_server_timestamp', 'datetime'],
  ['installed_packages', 'string'],
  ['file_path', 'string'],
  ['last_message_time', 'datetime'],
  ['runActive', 'boolean'],
  ['hasImages', 'boolean'],
  ['user_name', 'string'],
  ['start_server_timestamp', 'datetime'],
];

function column(name: string, type: string, source: string): JsonObject {
  return { name, id: `${name}--${source}`, type, source };
}

/**
 * `GET /project/column-names`: metadata columns plus one column per log-other key, metric and parameter logged in
 * the project's experiments (`archived=true` looks at archived experiments).
 */
export const columnNames: RouteHandler = (r) => {
  const p = projectOf(r);
  const exps = r.ctx.store.experimentsOf(p.id, r.input().boolean('archived') ?? false);
  const others = new Set<string>();
  const metrics = new Set<string>();
  const params = new Map<string, boolean>();
  for (const e of exps) {
    for (const o of e.log.otherSummaries()) others.add(o.name);
    for (const m of e.log.metricNames()) metrics.add(m);
    for (const v of e.log.parameterSummaries()) params.set(v.name, (params.get(v.name) ?? true) && v.current.numeric !== null);
  }
  return json(200, {
    columns: [
      ...METADATA_COLUMNS.map(([n, t]) => column(n, t, 'metadata')),
      ...[...others].map((n) => column(n, 'string', 'log_other')),
      ...[...metrics].map((n) => column(n, 'double', 'metrics')),
      ...[...params].map(([n, numeric]) => column(n, numeric ? 'double' : 'string', 'params')),
    ],
  });
};

/**
 * `POST /experiments/multi-metric-chart`: per targeted experiment, `experimentName` and parallel arrays per metric.
 * Unknown keys are skipped; `empty` is true when no experiment is returned. Values are numbers here (chart data),
 * non-numeric values stay strings. `durations` are milliseconds since the experiment start (unverified).
 */
export const multiMetricChart: RouteHandler = (r) => {
  const input = r.input();
  const keys = input.stringArray('targetedExperiments') ?? [];
  const wanted = input.stringArray('metrics');
  const full = input.boolean('fetchFull') ?? false;
  const out: Record<string, JsonObject> = {};
  for (const key of keys) {
    const e = r.ctx.store.experiment(key);
    if (!e) continue;
    const start = r.ctx.store.startOf(e);
    const names = (wanted ?? e.log.metricNames()).filter((n) => e.log.pointsOf(n).length > 0);
    out[key] = {
      experimentName: e.name,
      metrics: names.map((metricName) => {
        const all = e.log.pointsOf(metricName);
        const pts = full ? [...all] : downsample(all);
        return {
          metricName,
          values: pts.map((p) => p.numeric ?? p.value),
          timestamps: pts.map((p) => p.timestamp),
          steps: pts.map((p) => p.step),
          epochs: pts.map((p) => p.epoch),
          durations: pts.map((p) => p.timestamp - start),
        };
      }),
    };
  }
  return json(200, { experiments: out, empty: Object.keys(out).length === 0 });
};
