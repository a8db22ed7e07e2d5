/**
 * The shared `get_all` pipeline (`GetMixin.get_many` + `get_data_with_scroll_support`): filter,
 * order, page or scroll, project. Returns the rows and, when scrolling, the scroll id to send back.
 */
import { randomUUID } from 'node:crypto';
import type { Fidelity } from '../../shared/index.js';
import { errors } from '../errors.js';
import type { JsonObject } from '../json.js';
import { buildPredicate } from './filters.js';
import type { QueryOptions } from './options.js';
import { sortDocs, validateOrderBy } from './order.js';
import { projectDoc, splitProjection } from './projection.js';
import { pathValues } from './values.js';

/** Server-side scroll positions (Redis in the real server), expiring after 600 s of clock time. */
export interface ScrollStates {
  get(id: string, now: number): number | undefined;
  set(id: string, position: number, now: number): void;
}

/** `max_page_size` in `services/_mongo.conf`. */
export const MAX_PAGE_SIZE = 500;

export interface GetManyContext {
  readonly fidelity: Fidelity;
  readonly now: number;
  readonly scrolls: ScrollStates;
}

export interface GetManyResult {
  readonly rows: JsonObject[];
  readonly scrollId?: string;
}

function asInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/**
 * `page`/`page_size` → skip/limit (`validate_paging`). In clearml-server 2.3.0 `page_size` defaults to
 * and is capped at 500, so `page` alone pages by 500 (fidelity `real`); the method's docstring and
 * older servers require `page_size` with `page` (fidelity `documented`: 400/11).
 */
export function validatePaging(params: JsonObject, fidelity: Fidelity): { start: number; size: number } {
  const page = params['page'];
  if (page !== undefined && page !== null && (asInt(page) ?? -1) < 0) {
    throw errors.validation('page must be >=0', { field: 'page' });
  }
  const hasPageSize = 'page_size' in params && params['page_size'] !== null;
  if (!hasPageSize && page !== undefined && page !== null && (fidelity === 'documented' || 'page_size' in params)) {
    throw errors.missingRequiredFields('page_size is required when page is requested', { field: 'page_size' });
  }
  const pageSize = hasPageSize ? asInt(params['page_size']) ?? 0 : MAX_PAGE_SIZE;
  if (pageSize < 1) throw errors.validation('page_size must be >0', { field: 'page_size' });
  const size = Math.min(pageSize, MAX_PAGE_SIZE);
  return { start: (asInt(page) ?? 0) * size, size };
}

function validateScrollSize(params: JsonObject): number {
  const size = asInt(params['size']);
  if (size === undefined || size < 1) {
    throw errors.validation('Integer size parameter greater than 1 should be provided when working with scroll');
  }
  return size;
}

function textPredicate(search: string, fields: readonly string[]): (doc: JsonObject) => boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return (doc) =>
    fields.some((f) =>
      pathValues(doc, f).values.some((v) => typeof v === 'string' && words.some((w) => v.toLowerCase().split(/\W+/).includes(w))),
    );
}

/**
 * Run a `get_all` over `docs` (in insertion order).
 * @param extraFilter entity-specific conditions (hidden objects, sub-projects) AND-ed with the request's
 */
export function getMany(
  docs: readonly JsonObject[],
  params: JsonObject,
  options: QueryOptions,
  ctx: GetManyContext,
  extraFilter: (doc: JsonObject) => boolean = () => true,
): GetManyResult {
  const predicate = buildPredicate(params, options);
  const search = typeof params['search_text'] === 'string' ? params['search_text'] : '';
  const text = search ? textPredicate(search, options.textFields) : () => true;
  const orderBy = validateOrderBy(params);
  const matched = docs.filter((d) => extraFilter(d) && predicate(d) && text(d));
  const sorted = sortDocs(matched, orderBy, options, Object.keys(params));
  const { include, exclude } = splitProjection(params['only_fields'] ?? params['projection'], options.excludedByDefault);

  let start: number;
  let size: number;
  let scrollId: string | undefined;
  let position = 0;
  if ('scroll_id' in params) {
    size = validateScrollSize(params);
    const requested = params['scroll_id'];
    if (typeof requested === 'string' && requested) {
      const pos = ctx.scrolls.get(requested, ctx.now);
      if (pos === undefined) throw errors.invalidScrollId({ scroll_id: requested });
      scrollId = requested;
      position = pos;
    } else {
      scrollId = randomUUID().replace(/-/g, '');
    }
    if (params['refresh_scroll'] === true) {
      size = Math.max(position, size);
      position = 0;
    }
    start = position;
  } else {
    ({ start, size } = validatePaging(params, ctx.fidelity));
  }
  const rows = sorted.slice(start, start + size).map((d) => projectDoc(d, include, exclude));
  if (scrollId !== undefined) {
    ctx.scrolls.set(scrollId, start + rows.length, ctx.now);
    return { rows, scrollId };
  }
  return { rows };
}
