/**
 * The static cost and depth of one operation, before anything runs (DESIGN §7 "Limits").
 *
 * Cost follows the IBM GraphQL cost directive semantics (as Apollo Router's demand control reads them):
 * - a field costs its weight: its `@cost`, else its type's `@cost`, else 1 for an object, interface or
 *   union and 0 for a scalar or enum; plus the cost of its selections; plus the cost of its arguments
 *   (an input object 1 plus its fields, a list the sum of its items, a scalar its `@cost` or 0);
 * - a list field multiplies (weight + selections) by its size: the size a parent's `@listSize` hands it
 *   through `sizedFields`, else its own `@listSize` (the largest slicing argument given or defaulted,
 *   else `assumedSize`), else `defaultListSize`; nested lists multiply;
 * - a mutation starts at 10, a query at 0.
 * Switchyard adds fan-out: a merged root list (`tasks`, `models`, …) is asked of every source, so its
 * whole cost is multiplied by the sources it fans out to (those its filter names, else all configured).
 *
 * Depth counts the fields on the longest path, leaves included (`{ task { id } }` is 2). Introspection (`__schema`, `__type`,
 * `__typename`) counts for neither: GraphiQL's introspection query must always pass.
 */
import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
} from 'graphql';
import type { CostDirectives, ListSize } from './costDirectives.js';

/** How a root field fans out across sources. */
export interface FanOut {
  /** Path of the argument that names sources (e.g. `filter.sources`); when given, its distinct names count instead of all sources. */
  readonly sourcesArgument?: readonly string[];
}

export interface CostModel {
  /** The API schema the operation is validated against. */
  readonly schema: GraphQLSchema;
  readonly directives: CostDirectives;
  readonly defaultListSize: number;
  /** Configured sources: what a merged root list fans out to when its filter names none. */
  readonly sourceCount: number;
  /** `Root.field` → fan-out, for root fields asked of every source. */
  readonly fanOut: ReadonlyMap<string, FanOut>;
}

export interface OperationMeasure {
  readonly cost: number;
  readonly depth: number;
}

/** The operation breaks a cost rule itself (e.g. `requireOneSlicingArgument`): the caller's mistake. */
export class CostRuleError extends Error {}

const MUTATION_BASE_COST = 10;

interface Walk {
  readonly model: CostModel;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly root: GraphQLObjectType;
}

interface Sized {
  readonly fields: ReadonlySet<string>;
  readonly size: number;
}

const ZERO: OperationMeasure = { cost: 0, depth: 0 };

export function measureOperation(model: CostModel, document: DocumentNode, operation: OperationDefinitionNode, rawVariables: Readonly<Record<string, unknown>> = {}): OperationMeasure {
  const root = model.schema.getRootType(operation.operation);
  if (!root) return ZERO;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  // Coerced values include the operation's own variable defaults; bad values are Apollo's to report later.
  const coerced = getVariableValues(model.schema, operation.variableDefinitions ?? [], rawVariables);
  const variables = coerced.coerced ?? rawVariables;
  const walk: Walk = { model, fragments, variables, root };
  const body = selectionSet(walk, operation.selectionSet, root, undefined, new Set());
  return { cost: body.cost + (operation.operation === 'mutation' ? MUTATION_BASE_COST : 0), depth: body.depth };
}

function selectionSet(w: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, sized: Sized | undefined, spreading: Set<string>): OperationMeasure {
  let cost = 0;
  let depth = 0;
  for (const sel of set.selections) {
    if (skipped(w, sel.directives)) continue;
    let m: OperationMeasure = ZERO;
    if (sel.kind === Kind.FIELD) {
      m = field(w, sel, parent, sized?.fields.has(sel.name.value) ? sized.size : undefined, spreading);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const type = sel.typeCondition ? w.model.schema.getType(sel.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) m = selectionSet(w, sel.selectionSet, type, sized, spreading);
    } else {
      const name = sel.name.value;
      const frag = w.fragments.get(name);
      const type = frag ? w.model.schema.getType(frag.typeCondition.name.value) : undefined;
      if (frag && type && isCompositeType(type) && !spreading.has(name)) {
        spreading.add(name);
        m = selectionSet(w, frag.selectionSet, type, sized, spreading);
        spreading.delete(name);
      }
    }
    // Every fragment on an abstract type is counted, as if all could apply: an upper bound.
    cost += m.cost;
    depth = Math.max(depth, m.depth);
  }
  return { cost, depth };
}

function field(w: Walk, node: FieldNode, parent: GraphQLCompositeType, sizeFromParent: number | undefined, spreading: Set<string>): OperationMeasure {
  const name = node.name.value;
  if (name.startsWith('__')) return ZERO;
  if (!isObjectType(parent) && !isInterfaceType(parent)) return ZERO;
  const def = parent.getFields()[name];
  if (!def) return ZERO;
  const { directives, defaultListSize } = w.model;
  const listSize = inherited(directives.listSizes, parent, name);
  const expected = listSize ? expectedSize(w, listSize, def, node, `${parent.name}.${name}`) : undefined;
  const count = isListType(getNullableType(def.type)) ? (sizeFromParent ?? expected ?? defaultListSize) : 1;
  const named = getNamedType(def.type);
  const weight = fieldWeight(w, parent, name) ?? directives.typeWeights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
  const sized = listSize && expected !== undefined && listSize.sizedFields.length > 0 ? { fields: new Set(listSize.sizedFields), size: expected } : undefined;
  const children = node.selectionSet && isCompositeType(named) ? selectionSet(w, node.selectionSet, named, sized, spreading) : ZERO;
  let args = 0;
  for (const arg of node.arguments ?? []) {
    const argDef = def.args.find((a) => a.name === arg.name.value);
    if (argDef) args += argumentCost(w, `${parent.name}.${name}(${argDef.name})`, argDef.type, valueFromASTUntyped(arg.value, w.variables));
  }
  let cost = count * (weight + children.cost) + args;
  if (parent === w.root) cost *= fanOutFactor(w, `${parent.name}.${name}`, node);
  return { cost, depth: 1 + children.depth };
}

/** A field's directive value, else one its interfaces declare for the field (`@listSize` on `Task.metricSeries` covers every task type). */
function inherited<T>(map: ReadonlyMap<string, T>, parent: GraphQLObjectType | GraphQLInterfaceType, name: string): T | undefined {
  const own = map.get(`${parent.name}.${name}`);
  if (own !== undefined) return own;
  for (const iface of parent.getInterfaces()) {
    const v = map.get(`${iface.name}.${name}`);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * A field's `@cost`. Federation forbids `@cost` on interface fields, so a field selected on an interface
 * costs the most any implementation declares (an upper bound, like summing every type condition).
 */
function fieldWeight(w: Walk, parent: GraphQLObjectType | GraphQLInterfaceType, name: string): number | undefined {
  const own = inherited(w.model.directives.fieldWeights, parent, name);
  if (own !== undefined || !isInterfaceType(parent)) return own;
  let max: number | undefined;
  for (const impl of w.model.schema.getPossibleTypes(parent)) {
    const v = w.model.directives.fieldWeights.get(`${impl.name}.${name}`);
    if (v !== undefined) max = Math.max(max ?? v, v);
  }
  return max;
}

/** The list size a `@listSize` promises: the largest slicing argument given (or defaulted), else `assumedSize`. */
function expectedSize(w: Walk, rule: ListSize, def: GraphQLField<unknown, unknown>, node: FieldNode, key: string): number | undefined {
  if (rule.slicingArguments.length === 0) return rule.assumedSize;
  const sizes: number[] = [];
  for (const argName of rule.slicingArguments) {
    const given = node.arguments?.find((a) => a.name.value === argName);
    let value: unknown = given ? valueFromASTUntyped(given.value, w.variables) : undefined;
    if (value === undefined || value === null) value = def.args.find((a) => a.name === argName)?.defaultValue;
    if (typeof value === 'number' && Number.isFinite(value)) sizes.push(Math.max(0, Math.trunc(value)));
  }
  if (rule.requireOneSlicingArgument && sizes.length !== 1) {
    throw new CostRuleError(`${key} takes exactly one of ${rule.slicingArguments.map((a) => `"${a}"`).join(', ')}; got ${sizes.length}.`);
  }
  return sizes.length > 0 ? Math.max(...sizes) : rule.assumedSize;
}

/** An argument's (or input field's) `@cost` once when given, plus an input object's 1 and its fields, for every item of a list. */
function argumentCost(w: Walk, key: string | undefined, type: GraphQLInputType, value: unknown): number {
  if (value === null || value === undefined) return 0;
  const own = key === undefined ? undefined : w.model.directives.inputWeights.get(key);
  const nullable = getNullableType(type);
  if (Array.isArray(value)) {
    const item = isListType(nullable) ? (nullable.ofType as GraphQLInputType) : type;
    return value.reduce((sum: number, v: unknown) => sum + argumentCost(w, undefined, item, v), own ?? 0);
  }
  const named = getNamedType(type);
  if (isInputObjectType(named) && typeof value === 'object') {
    const fields = named.getFields();
    let cost = own ?? 1;
    for (const [k, v] of Object.entries(value)) {
      const f = fields[k];
      if (f) cost += argumentCost(w, `${named.name}.${k}`, f.type, v);
    }
    return cost;
  }
  return own ?? 0;
}

function fanOutFactor(w: Walk, key: string, node: FieldNode): number {
  const rule = w.model.fanOut.get(key);
  if (!rule) return 1;
  const all = Math.max(1, w.model.sourceCount);
  const [argName, ...path] = rule.sourcesArgument ?? [];
  if (argName === undefined) return all;
  const arg = node.arguments?.find((a) => a.name.value === argName);
  let value: unknown = arg ? valueFromASTUntyped(arg.value, w.variables) : undefined;
  for (const k of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[k] : undefined;
  if (!Array.isArray(value)) return all;
  return Math.max(1, Math.min(all, new Set(value).size));
}

/** `@skip(if: true)` / `@include(if: false)`, with literal or variable conditions. */
function skipped(w: Walk, directives: readonly DirectiveNode[] | undefined): boolean {
  for (const d of directives ?? []) {
    const cond = d.arguments?.find((a) => a.name.value === 'if');
    if (!cond) continue;
    const value = valueFromASTUntyped(cond.value, w.variables);
    if (d.name.value === 'skip' && value === true) return true;
    if (d.name.value === 'include' && value === false) return true;
  }
  return false;
}
