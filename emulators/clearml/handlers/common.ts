/** Lookups and small helpers shared by the endpoint handlers. */
import { type CallContext, identityOf, nowIso } from '../context.js';
import { ClearMLApiError, errors } from '../errors.js';
import { type Json, type JsonObject } from '../json.js';

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
