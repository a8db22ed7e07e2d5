/** Lookups and small helpers shared by the endpoint handlers. */
import { type CallContext, identityOf, nowIso } from '../context.js';
import { ClearMLApiError, errors } from '../errors.js';
import { type Json, type JsonObject, strings } from '../json.js';
import { formatDateTime, storedTime } from '../time.js';

/** The stored task, or 400/101 "Invalid task id: id=…, company=…". */
export function taskOr101(ctx: CallContext, id: string): JsonObject {
  const task = ctx.env.store.tasks.get(id);
  if (!task) throw errors.invalidTaskId({ id, company: identityOf(ctx).company });
  return task;
}

/** The stored project, or 400/401 "Invalid project id: id=…". */
export function projectOr401(ctx: CallContext, id: string): JsonObject {
  const project = ctx.env.store.projects.get(id);
  if (!project) throw errors.invalidProjectId({ id });
  return project;
}

/** The stored model, or 400/201 as `ModelBLL.get_company_model_by_id` raises it. */
export function modelOr201(ctx: CallContext, id: string): JsonObject {
  const model = ctx.env.store.models.get(id);
  if (!model) throw errors.invalidModelId({ id, company: identityOf(ctx).company }, 'no such public or company model');
  return model;
}

/** `ModelBLL.get_company_model_by_id`: the model, or 400/201 "Invalid model id: company=…, id=…". */
export function companyModelOr201(ctx: CallContext, id: string): JsonObject {
  const model = ctx.env.store.models.get(id);
  if (!model) throw errors.invalidModelId({ company: identityOf(ctx).company, id });
  return model;
}

/** `TaskBLL.assert_exists` (event reads): 400/101 "Invalid task id: ids=(…)". */
export function assertTaskExists(ctx: CallContext, id: string): JsonObject {
  const task = ctx.env.store.tasks.get(id);
  if (!task) throw errors.invalidTaskId({ ids: [id] });
  return task;
}

/** `ModelBLL.assert_exists` (event reads with `model_events`): 400/201 "Invalid model id: ids=(…)". */
export function assertModelExists(ctx: CallContext, id: string): JsonObject {
  const model = ctx.env.store.models.get(id);
  if (!model) throw errors.invalidModelId({ ids: [id] });
  return model;
}

/**
 * `TaskBLL.set_last_update` (pings, statistics updates): `last_update`, `last_change`,
 * `last_changed_by`, and for a running task the seconds since `started` as `active_duration`.
 */
export function setLastUpdate(task: JsonObject, nowMs: number, user: string): void {
  const now = formatDateTime(nowMs);
  const started = task['started'];
  if (task['status'] === 'in_progress' && typeof started === 'string') {
    task['active_duration'] = Math.max(0, Math.floor((nowMs - storedTime(started)) / 1000));
  }
  Object.assign(task, { last_update: now, last_change: now, last_changed_by: user });
}

/** `update_project_time`: a project's `last_update` follows changes of its tasks. */
export function touchProject(ctx: CallContext, projectId: unknown): void {
  const project = typeof projectId === 'string' ? ctx.env.store.projects.get(projectId) : undefined;
  if (project) project['last_update'] = nowIso(ctx);
}

/** `process_include_subprojects`: with `include_subprojects`, a project filter also matches every descendant. */
export function withSubprojects(ctx: CallContext, data: JsonObject): JsonObject {
  if (!flag(data, 'include_subprojects')) return data;
  const requested = data['project'];
  const ids = Array.isArray(requested) ? stringList(requested) : typeof requested === 'string' ? [requested] : [];
  if (ids.length === 0) return data;
  const expanded = new Set(ids);
  for (const p of ctx.env.store.projects.values()) {
    if (strings(p, 'path').some((a) => ids.includes(a))) expanded.add(String(p['id']));
  }
  return { ...data, project: [...expanded] };
}

/** A string parameter (validation already checked its type). */
export function stringParam(data: JsonObject, key: string): string | undefined {
  const v = data[key];
  return typeof v === 'string' ? v : undefined;
}

/** A required string parameter (the schema makes it required; the check is a safety net). */
export function requiredString(data: JsonObject, key: string): string {
  const v = data[key];
  if (typeof v !== 'string') throw errors.validation(undefined, { message: `'${key}' is a required property` });
  return v;
}

export function flag(data: JsonObject, key: string, fallback = false): boolean {
  const v = data[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function stringList(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Mark a document as changed by the caller now; returns the written fields. */
export function touch(ctx: CallContext, doc: JsonObject): JsonObject {
  const now = nowIso(ctx);
  const fields: JsonObject = { last_update: now, last_change: now, last_changed_by: identityOf(ctx).user };
  Object.assign(doc, fields);
  return fields;
}

/** A `*_many` failure entry: `{id, error: {codes: [code, subcode], msg, data}}`. */
export function failedEntry(id: string, e: unknown): JsonObject {
  if (!(e instanceof ClearMLApiError)) throw e;
  return { id, error: { codes: [e.code, e.subcode], msg: e.message, data: e.errorData } };
}
