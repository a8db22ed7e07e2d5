/**
 * The emulator's state: workspaces, projects and experiments, with Comet's lifecycle rules (alive beats, explicit
 * start/end times, archive). All times come from the injected clock, so tests drive status changes with a
 * ManualClock instead of waiting.
 */
import type { Clock } from '../shared/index.js';
import { CometArtifacts } from './artifacts.js';
import { CometError, SdkErrorCode, cometErrors, type ApiSide } from './errors.js';
import { experimentModelId, hexToUuid, md5Hex, newHexId } from './ids.js';
import { ExperimentLog } from './log.js';
import { CometRegistry } from './registry.js';
import { type CometThrottleBudgets, THROTTLE_MESSAGE, type ThrottleCategory, Throttler, throttleReason } from './throttle.js';

/** The user every accepted API key belongs to; real Comet gives each user a personal workspace of that name. */
export const COMET_DEMO_USER_NAME = 'switchyard';
/** What `set-status` tells clients to wait between beats (the Python SDK's INITIAL_BEAT_DURATION is 10 s). */
export const ALIVE_BEAT_MILLIS = 10_000;
/** An experiment stops being `running` this long after its last beat (three missed beats; an emulator choice). */
export const ALIVE_TIMEOUT_MILLIS = 3 * ALIVE_BEAT_MILLIS;

export interface WorkspaceRecord {
  readonly name: string;
  /** Dashed UUID, shown only by `write/workspace/new`. */
  readonly id: string;
  readonly createdAt: number;
}

export interface ProjectRecord {
  readonly id: string;
  /** Mutable: `write/project/update` renames. */
  name: string;
  readonly workspaceName: string;
  description: string;
  isPublic: boolean;
  /** `write/project/notes` / `project/notes`. */
  notes: string;
  readonly ownerUserName: string;
  readonly createdAt: number;
  updatedAt: number;
}

export interface ExperimentRecord {
  readonly key: string;
  /** Null when never named; the UI and clients then fall back to the key. Mirrors log-other `Name`. */
  name: string | null;
  readonly projectId: string;
  readonly ownerUserName: string;
  optimizationId: string | null;
  filePath: string | null;
  fileName: string | null;
  readonly createdAt: number;
  /** Explicit times from `set-start-end-time` (or the seed); null means "derive it". */
  startTimeMillis: number | null;
  endTimeMillis: number | null;
  /** Server time of the last message of any kind (Comet's `last_message_time`). */
  lastActivityMillis: number;
  /** Alive until this instant unless a new beat arrives; +Infinity for seeded runs whose client "keeps beating". */
  aliveUntilMillis: number;
  archived: boolean;
  /** True once data was dropped for exceeding a per-minute budget (stays true, as in Comet: issue #188). */
  throttle: boolean;
  /** One entry per budget that was exceeded (README "Throttling"). */
  readonly throttleReasons: string[];
  readonly log: ExperimentLog;
}

/** The derived status fields of ExperimentMetadata. */
export interface ExperimentStatus {
  readonly running: boolean;
  readonly startTimeMillis: number;
  /** Null while running (see README "status model"). */
  readonly endTimeMillis: number | null;
  readonly durationMillis: number;
}

export interface CometStoreOptions {
  readonly clock: Clock;
  /** @default COMET_DEMO_USER_NAME */
  readonly userName?: string;
  /** Create unknown workspaces on first use instead of failing (real Comet fails). @default false */
  readonly autoCreateWorkspaces?: boolean;
  /** Logged data becomes readable this long after the write, on the clock (README "Ingestion delay"). @default 0 */
  readonly ingestionDelayMs?: number;
  /** Per-minute budgets; the documented ones by default. */
  readonly throttleBudgets?: Partial<CometThrottleBudgets>;
}

/** A logged write waiting for the ingestion delay to pass. */
interface PendingWrite {
  readonly at: number;
  readonly apply: () => void;
}

/** Comet's project-name limit, enforced with the backend's code (reference §6.1, §6.3). */
const MAX_PROJECT_NAME_LENGTH = 100;

export class CometStore {
  readonly clock: Clock;
  readonly userName: string;
  readonly autoCreateWorkspaces: boolean;
  readonly ingestionDelayMs: number;
  readonly throttler: Throttler;
  readonly registry: CometRegistry;
  readonly artifacts: CometArtifacts;
  readonly #workspaces = new Map<string, WorkspaceRecord>();
  readonly #projects = new Map<string, ProjectRecord>();
  readonly #experiments = new Map<string, ExperimentRecord>();
  readonly #pending: PendingWrite[] = [];

  constructor(options: CometStoreOptions) {
    this.clock = options.clock;
    this.userName = options.userName ?? COMET_DEMO_USER_NAME;
    this.autoCreateWorkspaces = options.autoCreateWorkspaces ?? false;
    this.ingestionDelayMs = Math.max(0, options.ingestionDelayMs ?? 0);
    this.throttler = new Throttler(options.clock, options.throttleBudgets);
    this.registry = new CometRegistry(this);
    this.artifacts = new CometArtifacts(this);
    this.createWorkspace(this.userName);
  }

  // --- ingestion and throttling ---------------------------------------------------------------------------

  /**
   * Applies a logged write now, or queues it until `ingestionDelayMs` has passed on the clock (Comet ingests
   * asynchronously: reads right after a write can be stale, reference §8). Validation happens before, at write time.
   */
  ingest(apply: () => void): void {
    if (this.ingestionDelayMs === 0) {
      apply();
      return;
    }
    this.#pending.push({ at: this.clock.now() + this.ingestionDelayMs, apply });
  }

  /** Applies every queued write whose time has come, in arrival order. The router calls it before each request. */
  flushIngestion(): void {
    const now = this.clock.now();
    let i = 0;
    while (i < this.#pending.length && (this.#pending[i]?.at ?? Infinity) <= now) i++;
    for (const w of this.#pending.splice(0, i)) w.apply();
  }

  /** Writes still waiting for the ingestion delay. */
  pendingWrites(): number {
    return this.#pending.length;
  }

  /**
   * Takes `n` messages of a data type from the user's per-minute budget; returns how many may be stored. When some
   * are dropped the experiment is marked throttled (metadata `throttle`, log-other `throttled`).
   */
  admit(e: ExperimentRecord, category: ThrottleCategory, n = 1): number {
    const admitted = this.throttler.admit(category, n);
    if (admitted < n) this.markThrottled(e, category);
    return admitted;
  }

  markThrottled(e: ExperimentRecord, category: ThrottleCategory): void {
    const reason = throttleReason(category, this.throttler.budgets[category]);
    if (!e.throttleReasons.includes(reason)) e.throttleReasons.push(reason);
    if (e.throttle) return;
    e.throttle = true;
    e.log.logOther('throttled', 'true', this.clock.now());
  }

  /** `throttleMessage` of a throttled experiment. */
  throttleMessage(e: ExperimentRecord): string | null {
    return e.throttle ? THROTTLE_MESSAGE : null;
  }

  // --- workspaces -------------------------------------------------------------------------------------------

  workspaces(): WorkspaceRecord[] {
    return [...this.#workspaces.values()];
  }

  workspace(name: string): WorkspaceRecord | undefined {
    return this.#workspaces.get(name);
  }

  /** Creates a workspace; the id is derived from the name so seeded runs are reproducible. */
  createWorkspace(name: string): WorkspaceRecord {
    if (this.#workspaces.has(name)) throw new CometError(400, `Workspace already exists: ${name}`);
    const ws: WorkspaceRecord = { name, id: hexToUuid(md5Hex(`comet-workspace:${name}`)), createdAt: this.clock.now() };
    this.#workspaces.set(name, ws);
    return ws;
  }

  /** The named workspace, created on the fly only when `autoCreateWorkspaces` is on. */
  requireWorkspace(name: string | undefined): WorkspaceRecord {
    if (name === undefined || name === '') throw cometErrors.missingWorkspace();
    const ws = this.#workspaces.get(name);
    if (ws) return ws;
    if (this.autoCreateWorkspaces) return this.createWorkspace(name);
    throw cometErrors.unknownWorkspace(name);
  }

  // --- projects ---------------------------------------------------------------------------------------------

  projectsIn(workspaceName: string): ProjectRecord[] {
    return [...this.#projects.values()].filter((p) => p.workspaceName === workspaceName);
  }

  projectById(id: string): ProjectRecord | undefined {
    return this.#projects.get(id);
  }

  projectByName(workspaceName: string, projectName: string): ProjectRecord | undefined {
    return this.projectsIn(workspaceName).find((p) => p.name === projectName);
  }

  createProject(input: {
    readonly workspaceName: string;
    readonly projectName: string;
    readonly description?: string | undefined;
    readonly isPublic?: boolean | undefined;
    readonly id?: string | undefined;
    /** Seeds pass their own story time; everything else uses the clock. */
    readonly at?: number | undefined;
  }): ProjectRecord {
    const ws = this.requireWorkspace(input.workspaceName);
    if (input.projectName === '') throw cometErrors.missingProjectName();
    if (input.projectName.length >= MAX_PROJECT_NAME_LENGTH) {
      throw new CometError(400, `Project name should be < ${MAX_PROJECT_NAME_LENGTH} characters`, SdkErrorCode.projectNameTooLong);
    }
    if (this.projectByName(ws.name, input.projectName)) {
      throw new CometError(400, `Project already exists: ${ws.name}/${input.projectName}`);
    }
    const now = input.at ?? this.clock.now();
    const project: ProjectRecord = {
      id: input.id ?? newHexId(),
      name: input.projectName,
      workspaceName: ws.name,
      description: input.description ?? '',
      isPublic: input.isPublic ?? false,
      notes: '',
      ownerUserName: this.userName,
      createdAt: now,
      updatedAt: now,
    };
    this.#projects.set(project.id, project);
    return project;
  }

  /** `write/project/update`: rename (same rules as create), describe, publish. */
  updateProject(
    project: ProjectRecord,
    changes: { readonly name?: string | undefined; readonly description?: string | undefined; readonly isPublic?: boolean | undefined },
  ): ProjectRecord {
    if (changes.name !== undefined && changes.name !== project.name) {
      if (changes.name === '') throw cometErrors.missingProjectName();
      if (changes.name.length >= MAX_PROJECT_NAME_LENGTH) {
        throw new CometError(400, `Project name should be < ${MAX_PROJECT_NAME_LENGTH} characters`, SdkErrorCode.projectNameTooLong);
      }
      if (this.projectByName(project.workspaceName, changes.name)) {
        throw new CometError(400, `Project already exists: ${project.workspaceName}/${changes.name}`);
      }
      project.name = changes.name;
    }
    if (changes.description !== undefined) project.description = changes.description;
    if (changes.isPublic !== undefined) project.isPublic = changes.isPublic;
    project.updatedAt = this.clock.now();
    return project;
  }

  /** The project, created when missing (what `write/experiment/create` does). */
  ensureProject(workspaceName: string, projectName: string): ProjectRecord {
    const ws = this.requireWorkspace(workspaceName);
    return this.projectByName(ws.name, projectName) ?? this.createProject({ workspaceName: ws.name, projectName });
  }

  /** Deletes a project; refuses while it holds experiments unless asked to delete them too (emulator choice). */
  deleteProject(project: ProjectRecord, deleteAllExperiments: boolean): void {
    const inside = [...this.#experiments.values()].filter((e) => e.projectId === project.id);
    if (inside.length > 0 && !deleteAllExperiments) {
      throw new CometError(400, `Project ${project.name} has ${inside.length} experiments; set deleteAllExperiments to delete them`);
    }
    for (const e of inside) this.#experiments.delete(e.key);
    this.#projects.delete(project.id);
  }

  /** Non-archived experiments by default (what the UI counts). */
  experimentCount(project: ProjectRecord): number {
    return this.experimentsOf(project.id, false).length;
  }

  /** Last change to the project or any of its experiments. */
  lastUpdated(project: ProjectRecord): number {
    let t = project.updatedAt;
    for (const e of this.#experiments.values()) if (e.projectId === project.id && e.lastActivityMillis > t) t = e.lastActivityMillis;
    return t;
  }

  // --- experiments ------------------------------------------------------------------------------------------

  /**
   * Creates an experiment (project created when missing). A fresh experiment counts as alive: creation is the
   * first sign of life, and it stays running until beats stop or an end time is set.
   */
  createExperiment(input: {
    readonly workspaceName: string;
    readonly projectName: string;
    readonly name?: string | undefined;
    readonly key?: string | undefined;
    /** Seeds pass their own story time; everything else uses the clock. */
    readonly at?: number | undefined;
  }): ExperimentRecord {
    const project = this.ensureProject(input.workspaceName, input.projectName);
    const now = input.at ?? this.clock.now();
    const key = input.key ?? newHexId();
    if (this.#experiments.has(key)) throw new CometError(400, `Experiment already exists: ${key}`, SdkErrorCode.experimentAlreadyExists);
    const e: ExperimentRecord = {
      key,
      name: null,
      projectId: project.id,
      ownerUserName: this.userName,
      optimizationId: null,
      filePath: null,
      fileName: null,
      createdAt: now,
      startTimeMillis: null,
      endTimeMillis: null,
      lastActivityMillis: now,
      aliveUntilMillis: now + ALIVE_TIMEOUT_MILLIS,
      archived: false,
      throttle: false,
      throttleReasons: [],
      log: new ExperimentLog(),
    };
    this.#experiments.set(key, e);
    if (input.name !== undefined && input.name !== '') this.setName(e, input.name, now);
    return e;
  }

  experiment(key: string): ExperimentRecord | undefined {
    return this.#experiments.get(key);
  }

  /** Every experiment, in creation order. */
  allExperiments(): ExperimentRecord[] {
    return [...this.#experiments.values()];
  }

  /** An experiment model by its id (`experimentModelId`), with its experiment. */
  experimentModelById(id: string): { experiment: ExperimentRecord; name: string } | undefined {
    for (const experiment of this.#experiments.values()) {
      for (const m of experiment.log.models()) if (experimentModelId(experiment.key, m.name) === id) return { experiment, name: m.name };
    }
    return undefined;
  }

  /** The experiment, or the Comet error for a missing/unknown key. */
  requireExperiment(key: string | undefined, side: ApiSide): ExperimentRecord {
    if (key === undefined || key === '') throw cometErrors.missingExperimentKey();
    const e = this.#experiments.get(key);
    if (!e) throw cometErrors.unknownExperiment(key, side);
    return e;
  }

  /**
   * A project's experiments: only archived ones when `archived`, only live ones otherwise; oldest first, ties in
   * creation order (the sort is stable over the insertion-ordered map).
   */
  experimentsOf(projectId: string, archived: boolean): ExperimentRecord[] {
    return [...this.#experiments.values()]
      .filter((e) => e.projectId === projectId && e.archived === archived)
      .sort((a, b) => this.startOf(a) - this.startOf(b));
  }

  projectOf(e: ExperimentRecord): ProjectRecord {
    const p = this.#projects.get(e.projectId);
    if (!p) throw new Error(`experiment ${e.key} points at a missing project`);
    return p;
  }

  /** Renames through log-other `Name`, the way Comet stores experiment names. */
  setName(e: ExperimentRecord, name: string, timestamp: number): void {
    e.name = name;
    e.log.logOther('Name', name, timestamp);
  }

  /** Records server-side activity (every write). */
  touch(e: ExperimentRecord): void {
    const now = this.clock.now();
    if (now > e.lastActivityMillis) e.lastActivityMillis = now;
  }

  /** An alive beat (`set-status`). */
  beat(e: ExperimentRecord): void {
    this.touch(e);
    e.aliveUntilMillis = Math.max(e.aliveUntilMillis, this.clock.now() + ALIVE_TIMEOUT_MILLIS);
  }

  /**
   * `write/experiment/stop`. Real Comet asks the running SDK to stop ("Stop Requested"); the emulator has no SDK to
   * ask, so a running experiment ends now (end time = now, beats no longer revive it). A finished one is unchanged.
   */
  stop(e: ExperimentRecord): void {
    if (!this.status(e).running) return;
    const now = this.clock.now();
    e.endTimeMillis = now;
    e.aliveUntilMillis = now;
  }

  /** Removes an experiment for good (`write/experiment/delete`). */
  deleteExperiment(e: ExperimentRecord): void {
    this.#experiments.delete(e.key);
  }

  startOf(e: ExperimentRecord): number {
    return e.startTimeMillis ?? e.createdAt;
  }

  /**
   * Running while beats keep arriving and no end time was set. Once beats stop, the end time is the last server
   * activity (Comet's `end_server_timestamp` follows the last message); duration is end (or now) minus start.
   */
  status(e: ExperimentRecord): ExperimentStatus {
    const now = this.clock.now();
    const start = this.startOf(e);
    const running = e.endTimeMillis === null && now < e.aliveUntilMillis;
    const end = running ? null : (e.endTimeMillis ?? Math.max(start, e.lastActivityMillis));
    return { running, startTimeMillis: start, endTimeMillis: end, durationMillis: Math.max(0, (end ?? now) - start) };
  }
}
