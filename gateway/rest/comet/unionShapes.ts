/**
 * Unified rows (as the union view's operations select them) → Comet's REST v2 shapes, key for key as the
 * emulator and reference/comet.md §5 write them: ExperimentMetadata, min/max summaries, projects,
 * workspace names and registry model overviews. Pure: no I/O. Comet writes values as strings and times
 * as epoch milliseconds; unknown times are null rather than 0 (0 would claim 1970).
 */
import { encodeId } from '../../../subgraphs/shared/ids.js';
import { cometIdOf, projectIdOf, type RowOrigin } from './unionIds.js';

export interface TaskRow {
  readonly id: string;
  readonly name: string;
  readonly project: string | null;
  readonly createdAt: string | null;
  readonly status: string | null;
  readonly archived: boolean | null;
  readonly user: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly origin: RowOrigin;
  /** CometExperiment only (null when its subgraph could not add them). */
  readonly experimentName?: string | null;
  readonly workspace?: string | null;
  readonly optimizationId?: string | null;
  readonly running?: boolean | null;
  readonly throttle?: boolean | null;
  readonly filePath?: string | null;
  readonly fileName?: string | null;
  readonly durationMillis?: number | null;
  readonly parameters?: readonly { readonly section: string | null; readonly name: string; readonly value: string | null }[] | null;
  readonly tags?: readonly string[] | null;
  readonly metrics?: readonly { readonly name: string; readonly variant: string | null; readonly last: number | null; readonly min: number | null; readonly max: number | null; readonly step: number | null; readonly updatedAt: string | null }[] | null;
}

export interface ModelRow {
  readonly __typename: string;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string | null;
  readonly version: string | null;
  readonly stages: readonly string[] | null;
  readonly origin: RowOrigin;
  /** CometModelVersion / CometExperimentModel only. */
  readonly workspace?: string | null;
  readonly registryModelId?: string | null;
  readonly registryModelName?: string | null;
  readonly comment?: string | null;
  readonly experimentKey?: string | null;
  readonly experimentModelName?: string | null;
  readonly experimentModelId?: string | null;
  readonly user?: string | null;
  readonly lastUpdated?: string | null;
}

const isComet = (o: RowOrigin) => o.kind === 'COMET';

/** Epoch ms of a DateTime, or null. */
export function millis(v: string | null | undefined): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

const text = (v: number | null): string | null => (v === null ? null : String(v));

/**
 * The workspace a row belongs to: a Comet row's own workspace; for every other tracker one workspace per
 * source instance, named after it (those trackers have no workspaces; the instance is their widest grouping).
 */
export function workspaceOf(row: { readonly origin: RowOrigin; readonly workspace?: string | null | undefined }): string | null {
  return isComet(row.origin) ? (row.workspace ?? null) : row.origin.source;
}

/** The union project id of a task's project, or null when it has none (or its Comet workspace is unknown). */
export function projectIdOfRow(row: TaskRow): string | null {
  if (row.project === null) return null;
  if (!isComet(row.origin)) return projectIdOf(row.origin.source, null, row.project);
  const ws = workspaceOf(row);
  return ws === null ? null : projectIdOf(row.origin.source, ws, row.project);
}

/** ExperimentMetadata (reference/comet.md §5.3) of any tracker's task. */
export function renderExperiment(row: TaskRow, mountSource: string): Record<string, unknown> {
  const start = millis(row.startedAt) ?? millis(row.createdAt);
  const end = millis(row.endedAt);
  const comet = isComet(row.origin);
  return {
    experimentKey: cometIdOf(row.id, row.origin, mountSource),
    experimentName: comet && row.experimentName !== undefined ? row.experimentName : row.name,
    optimizationId: comet ? (row.optimizationId ?? null) : null,
    projectId: projectIdOfRow(row),
    projectName: row.project,
    workspaceName: workspaceOf(row),
    filePath: comet ? (row.filePath ?? null) : null,
    fileName: comet ? (row.fileName ?? null) : null,
    durationMillis: comet && typeof row.durationMillis === 'number' ? row.durationMillis : start !== null && end !== null ? Math.max(0, end - start) : 0,
    startTimeMillis: start,
    endTimeMillis: end,
    archived: row.archived ?? false,
    running: comet && typeof row.running === 'boolean' ? row.running : row.status === 'RUNNING',
    throttle: comet ? (row.throttle ?? false) : false,
  };
}

/**
 * `/experiment/metrics/summary` values (§5.5). Comet keeps one summary per metric name, and the Comet source
 * maps its run context to `variant`; other trackers' variants are series of one metric, so they become
 * `<metric>/<variant>` names (ClearML's own title/series notation) and names stay unique.
 */
export function renderMetricSummaries(row: TaskRow): Record<string, unknown>[] {
  const comet = isComet(row.origin);
  return (row.metrics ?? []).map((m) => ({
    name: comet || m.variant === null || m.variant === m.name ? m.name : `${m.name}/${m.variant}`,
    valueMax: text(m.max),
    valueMin: text(m.min),
    valueCurrent: text(m.last),
    timestampMax: null,
    timestampMin: null,
    timestampCurrent: millis(m.updatedAt),
    runContextMax: null,
    runContextMin: null,
    runContextCurrent: comet ? m.variant : null,
    stepMax: null,
    stepMin: null,
    stepCurrent: m.step,
  }));
}

/**
 * `/experiment/parameters` values (§5.5): a parameter is its own min, max and current; sections prefix the name,
 * except `bareSection`'s (routed writes keep the names a Comet client wrote in the section they went to).
 */
export function renderParameterSummaries(row: TaskRow, bareSection?: string): Record<string, unknown>[] {
  const comet = isComet(row.origin);
  return (row.parameters ?? []).map((p) => ({
    name: comet || p.section === null || p.section === bareSection ? p.name : `${p.section}/${p.name}`,
    valueMax: p.value,
    valueMin: p.value,
    valueCurrent: p.value,
    timestampMax: null,
    timestampMin: null,
    timestampCurrent: null,
    // The union view is read-only.
    editable: false,
  }));
}

/** `/projects` items (§5.2), one per distinct (source, workspace, project) of the tasks given. */
export function renderProjects(rows: readonly TaskRow[]): Record<string, unknown>[] {
  const groups = new Map<string, TaskRow[]>();
  for (const row of rows) {
    const id = projectIdOfRow(row);
    if (id !== null) groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  const projects = [...groups].map(([projectId, members]) => {
    const first = members[0] as TaskRow;
    const times = members.map((r) => millis(r.endedAt) ?? millis(r.startedAt) ?? millis(r.createdAt)).filter((t): t is number => t !== null);
    return {
      projectId,
      projectName: first.project,
      ownerUserName: members.find((r) => r.user !== null)?.user ?? '',
      projectDescription: '',
      workspaceName: workspaceOf(first),
      // As Comet counts: archived experiments are not in the project's list.
      numberOfExperiments: members.filter((r) => r.archived !== true).length,
      lastUpdated: times.length > 0 ? Math.max(...times) : null,
      // No tracker but Comet has public projects. The recorded response and the Java DTO read `public`,
      // the docs `isPublic` (reference §5.2): both.
      public: false,
      isPublic: false,
    };
  });
  return projects.sort((a, b) => cmp(String(a.workspaceName), String(b.workspaceName)) || cmp(String(a.projectName), String(b.projectName)));
}

/** `/workspaces` names: the distinct workspaces of the rows, plus the workspaces named outright. */
export function renderWorkspaceNames(rows: readonly { readonly origin: RowOrigin; readonly workspace?: string | null }[], named: readonly string[]): string[] {
  const names = new Set(named);
  for (const row of rows) {
    const ws = workspaceOf(row);
    if (ws !== null) names.add(ws);
  }
  return [...names].sort(cmp);
}

/**
 * `/registry-model` items (§5.8). Comet registry versions group into their registry model (latest version by
 * semver); a model of any other tracker is a registry model with one version, whose ids are the model's
 * global id. Comet experiment models are not in the registry and are left out, but lend their
 * `experimentModelId` to the versions registered from them.
 */
export function renderRegistryModels(rows: readonly ModelRow[], mountSource: string): Record<string, unknown>[] {
  const experimentModels = new Map<string, string>();
  for (const r of rows) {
    if (r.__typename === 'CometExperimentModel' && r.experimentKey && r.experimentModelId) experimentModels.set(`${r.origin.source}\u0000${r.experimentKey}\u0000${r.name}`, r.experimentModelId);
  }
  const groups = new Map<string, ModelRow[]>();
  const out: { createdAt: number | null; name: string; value: Record<string, unknown> }[] = [];
  for (const r of rows) {
    if (r.__typename === 'CometExperimentModel') continue;
    if (r.__typename === 'CometModelVersion') {
      const key = `${r.origin.source}\u0000${r.workspace ?? ''}\u0000${r.registryModelName ?? r.name}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
      continue;
    }
    const created = millis(r.createdAt);
    const version = { registryModelItemId: r.id, experimentModel: null, version: r.version, comment: '', stages: [...(r.stages ?? [])], metadata: [], userName: null, createdAt: created, lastUpdated: created };
    out.push({ createdAt: created, name: r.name, value: overview(r.id, r.name, 1, version, null, created, created) });
  }
  for (const versions of groups.values()) {
    const latest = [...versions].sort((a, b) => compareVersions(b, a))[0] as ModelRow;
    const own = latest.origin.source === mountSource;
    const key = latest.experimentKey ?? null;
    const modelName = latest.experimentModelName ?? null;
    const emId = key !== null && modelName !== null ? experimentModels.get(`${latest.origin.source}\u0000${key}\u0000${modelName}`) : undefined;
    // Another instance's experiment and experiment model are named by their global ids.
    const instance = latest.origin.source;
    const experimentModel = key === null ? null : {
      experimentModelId: own ? (emId ?? null) : modelName === null ? null : encodeId({ instance, kind: 'experiment-model', native: [key, modelName] }),
      experimentKey: own ? key : encodeId({ instance, kind: 'experiment', native: [key] }),
      modelName,
    };
    const created = Math.min(...versions.map((v) => millis(v.createdAt) ?? Number.POSITIVE_INFINITY));
    const updated = Math.max(...versions.map((v) => millis(v.lastUpdated) ?? millis(v.createdAt) ?? Number.NEGATIVE_INFINITY));
    const createdAt = Number.isFinite(created) ? created : null;
    const itemId = cometIdOf(latest.id, latest.origin, mountSource);
    const version = {
      registryModelItemId: itemId,
      experimentModel,
      version: latest.version,
      comment: latest.comment ?? '',
      stages: [...(latest.stages ?? [])],
      metadata: [],
      userName: latest.user ?? null,
      createdAt: millis(latest.createdAt),
      lastUpdated: millis(latest.lastUpdated) ?? millis(latest.createdAt),
    };
    // Another Comet instance's registry model has no global id of its own: its latest version's stands in.
    const modelId = own ? (latest.registryModelId ?? latest.id) : latest.id;
    const name = latest.registryModelName ?? latest.name;
    out.push({ createdAt, name, value: overview(modelId, name, versions.length, version, latest.user ?? null, createdAt, Number.isFinite(updated) ? updated : null) });
  }
  // Comet lists in creation order; rows without a time last, then by name.
  return out.sort((a, b) => (a.createdAt ?? Number.POSITIVE_INFINITY) - (b.createdAt ?? Number.POSITIVE_INFINITY) || cmp(a.name, b.name)).map((o) => o.value);
}

function overview(registryModelId: string, modelName: string, numberOfVersions: number, latestVersion: Record<string, unknown>, userName: string | null, createdAt: number | null, lastUpdated: number | null): Record<string, unknown> {
  return { registryModelId, modelName, description: '', numberOfVersions, isPublic: false, latestVersion, imagePath: null, userName, createdAt, lastUpdated };
}

/** Semantic versions compared numerically (`1.10.0` > `1.9.0`), then creation time. */
function compareVersions(a: ModelRow, b: ModelRow): number {
  const parse = (v: string | null) => (v ?? '').split(/[.+-]/).slice(0, 3).map((p) => (/^\d+$/.test(p) ? Number(p) : -1));
  const [pa, pb] = [parse(a.version), parse(b.version)];
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return (millis(a.createdAt) ?? 0) - (millis(b.createdAt) ?? 0);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
