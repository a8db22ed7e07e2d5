/**
 * `models.add_or_update_metadata` / `models.delete_metadata` (API 2.13, `apiserver/bll/util`'s
 * `Metadata.edit_metadata`): metadata is a map key → `{key, type, value}`; items are merged by key, or
 * replace the whole map with `replace_metadata`. Answers `{updated: 0|1}`.
 */
import { type EndpointHandler, nowIso } from '../context.js';
import { errors } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import { companyModelOr201, requiredString } from './common.js';

const addOrUpdate: EndpointHandler = (ctx) => {
  const model = companyModelOr201(ctx, requiredString(ctx.data, 'model'));
  const items = ctx.data['metadata'];
  if (!Array.isArray(items)) throw errors.validation('metadata must be an array');
  const current: JsonObject = ctx.data['replace_metadata'] === true || !isObject(model['metadata']) ? {} : { ...model['metadata'] };
  for (const item of items) {
    if (!isObject(item) || typeof item['key'] !== 'string' || item['key'] === '') throw errors.validation('metadata items need a key');
    current[item['key']] = { key: item['key'], type: typeof item['type'] === 'string' ? item['type'] : '', value: typeof item['value'] === 'string' ? item['value'] : '' };
  }
  model['metadata'] = current;
  model['last_update'] = nowIso(ctx);
  return { updated: 1 };
};

const remove: EndpointHandler = (ctx) => {
  const model = companyModelOr201(ctx, requiredString(ctx.data, 'model'));
  const keys = ctx.data['keys'];
  if (!Array.isArray(keys)) throw errors.validation('keys must be an array');
  const current: JsonObject = isObject(model['metadata']) ? { ...model['metadata'] } : {};
  let removed = 0;
  for (const key of keys) {
    if (typeof key === 'string' && key in current) {
      delete current[key];
      removed += 1;
    }
  }
  if (removed === 0) return { updated: 0 };
  model['metadata'] = current;
  model['last_update'] = nowIso(ctx);
  return { updated: 1 };
};

export const modelMetadataHandlers: Readonly<Record<string, EndpointHandler>> = {
  'models.add_or_update_metadata': addOrUpdate,
  'models.delete_metadata': remove,
};
