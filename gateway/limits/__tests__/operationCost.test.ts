import { describe, expect, it } from '@jest/globals';
import { buildSchema, type GraphQLSchema, getIntrospectionQuery, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { readSupergraphSdl } from '../../graphql/createGraphQLServer.js';
import { MERGED_ROOT_LISTS } from '../complexityPlugin.js';
import { readCostDirectives } from '../costDirectives.js';
import { type CostModel, CostRuleError, type FanOut, measureOperation } from '../operationCost.js';

const DIRECTIVES = `
directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
`;

const SDL = `${DIRECTIVES}
type Query {
  items(first: Int = 20, last: Int): ItemConnection! @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"], requireOneSlicingArgument: false)
  strict(first: Int, last: Int): [Item] @listSize(slicingArguments: ["first", "last"])
  plain: [Item]
  assumed: [Item] @listSize(assumedSize: 3)
  one(id: ID!, filter: Filter): Item
  tags: [String]
  costly: Item @cost(weight: 7)
  sources: [Item] @listSize(assumedSize: 1)
}
type Mutation { touch(id: ID!): Item }
type ItemConnection { edges: [Edge] total: Int }
type Edge { node: Item }
interface Named { name: String children: [Item] @listSize(assumedSize: 2) }
type Item implements Named {
  id: ID!
  name: String
  children: [Item]
  heavy: Heavy
  priced(currency: String @cost(weight: 4)): Money
}
type Heavy @cost(weight: 9) { x: Int }
scalar Money @cost(weight: 2)
input Filter { names: [String!] @cost(weight: 3) deep: Deep }
input Deep { on: Boolean }
`;

function model(sdl: string, over: Partial<Omit<CostModel, 'schema' | 'directives'>> = {}, schema: GraphQLSchema = buildSchema(sdl, { assumeValidSDL: true })): CostModel {
  return { schema, directives: readCostDirectives(sdl), defaultListSize: 10, sourceCount: 1, fanOut: new Map<string, FanOut>(), ...over };
}

function measure(m: CostModel, query: string, variables: Record<string, unknown> = {}) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error('no operation');
  return measureOperation(m, doc, op, variables);
}

describe('operation cost (IBM cost directive semantics)', () => {
  const m = model(SDL);

  it('charges 1 per object and 0 per scalar or enum, and multiplies a list by the default size', () => {
    expect(measure(m, '{ one(id: "a") { id name } }').cost).toBe(1);
    expect(measure(m, '{ tags }').cost).toBe(0);
    // 10 items × (1 + 10 tags × 0); children: Named.children's @listSize (2) applies to Item.children.
    expect(measure(m, '{ plain { id name } }').cost).toBe(10);
    expect(measure(m, '{ plain { id children { id } } }').cost).toBe(10 * (1 + 2));
    expect(measure(m, '{ plain { children { children { id } } } }').cost).toBe(10 * (1 + 2 * (1 + 2)));
    expect(measure(model(SDL, { defaultListSize: 2 }), '{ plain { id } }').cost).toBe(2);
  });

  it('sizes a connection by its slicing argument (given, from a variable, or defaulted) on its sized fields', () => {
    // 1 (connection) + 5 edges × (1 edge + 1 node)
    expect(measure(m, '{ items(first: 5) { edges { node { id } } total } }').cost).toBe(1 + 5 * 2);
    expect(measure(m, 'query($n: Int) { items(first: $n) { edges { node { id } } } }', { n: 7 }).cost).toBe(1 + 7 * 2);
    expect(measure(m, 'query($n: Int = 3) { items(first: $n) { edges { node { id } } } }').cost).toBe(1 + 3 * 2);
    expect(measure(m, '{ items { edges { node { id } } } }').cost).toBe(1 + 20 * 2);
    // The largest of several slicing arguments wins.
    expect(measure(m, '{ items(first: 2, last: 30) { edges { node { id } } } }').cost).toBe(1 + 30 * 2);
    expect(measure(m, '{ items(first: -4) { edges { node { id } } } }').cost).toBe(1);
  });

  it('takes assumedSize, and a @listSize declared on an interface field for its implementations', () => {
    expect(measure(m, '{ assumed { id } }').cost).toBe(3);
    // Item.children has no @listSize of its own; Named.children says 2.
    expect(measure(m, '{ one(id: "a") { children { id } } }').cost).toBe(1 + 2);
  });

  it('refuses an operation that breaks requireOneSlicingArgument', () => {
    expect(measure(m, '{ strict(first: 4) { id } }').cost).toBe(4);
    expect(() => measure(m, '{ strict { id } }')).toThrow(CostRuleError);
    expect(() => measure(m, '{ strict(first: 1, last: 2) { id } }')).toThrow(/exactly one of "first", "last"; got 2/);
  });

  it('reads @cost on fields, types, scalars, arguments and input fields; an input object costs 1', () => {
    expect(measure(m, '{ costly { id } }').cost).toBe(7);
    expect(measure(m, '{ one(id: "a") { heavy { x } } }').cost).toBe(1 + 9);
    expect(measure(m, '{ one(id: "a") { priced } }').cost).toBe(1 + 2);
    expect(measure(m, '{ one(id: "a") { priced(currency: "EUR") } }').cost).toBe(1 + 2 + 4);
    // filter: 1 (input object) + names: 3 (once, whatever the list's length) + deep: 1
    expect(measure(m, '{ one(id: "a", filter: { names: ["x"], deep: { on: true } }) { id } }').cost).toBe(1 + 1 + 3 + 1);
    expect(measure(m, '{ one(id: "a", filter: { names: ["x", "y", "z"] }) { id } }').cost).toBe(1 + 1 + 3);
    expect(measure(m, 'query($f: Filter) { one(id: "a", filter: $f) { id } }', { f: { deep: { on: false } } }).cost).toBe(1 + 1 + 1);
  });

  it('starts a mutation at 10', () => {
    expect(measure(m, 'mutation { touch(id: "a") { id } }').cost).toBe(10 + 1);
  });

  it('multiplies a merged root list by the sources it fans out to, or the ones its filter names', () => {
    const schema = buildSchema(`${DIRECTIVES} type Query { items(filter: F, first: Int = 10): C! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false) one: Item } input F { sources: [String!] } type C { edges: [E] } type E { node: Item } type Item { id: ID }`);
    const sdl = `${DIRECTIVES} type Query { items(filter: F, first: Int = 10): C! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false) }`;
    const fanned = model(sdl, { sourceCount: 4, fanOut: new Map([['Query.items', { sourcesArgument: ['filter', 'sources'] }]]) }, schema);
    const one = 1 + 10 * 2;
    expect(measure(fanned, '{ items { edges { node { id } } } }').cost).toBe(4 * one);
    // The filter argument costs 1 (an input object) before the fan-out multiplies the field.
    expect(measure(fanned, '{ items(filter: { sources: ["a", "b", "a"] }) { edges { node { id } } } }').cost).toBe(2 * (one + 1));
    expect(measure(fanned, 'query($s: [String!]) { items(filter: { sources: $s }) { edges { node { id } } } }', { s: ['a', 'b', 'c', 'd', 'e'] }).cost).toBe(4 * (one + 1));
    expect(measure(fanned, '{ one { id } }').cost).toBe(1);
  });

  it('follows fragments, honours @skip/@include, and leaves introspection out of cost and depth', () => {
    expect(measure(m, '{ ...Q } fragment Q on Query { one(id: "a") { ... on Item { heavy { x } } } }').cost).toBe(1 + 9);
    expect(measure(m, 'query($s: Boolean!) { one(id: "a") { heavy @skip(if: $s) { x } } }', { s: true }).cost).toBe(1);
    expect(measure(m, '{ one(id: "a") { heavy @include(if: false) { x } } }').cost).toBe(1);
    const intro = measure(m, getIntrospectionQuery());
    expect(intro).toEqual({ cost: 0, depth: 0 });
    expect(measure(m, '{ one(id: "a") { __typename id } }')).toEqual({ cost: 1, depth: 2 });
  });

  it('measures depth as the fields on the longest path, leaves included', () => {
    expect(measure(m, '{ tags }').depth).toBe(1);
    expect(measure(m, '{ one(id: "a") { id } }').depth).toBe(2);
    expect(measure(m, '{ one(id: "a") { children { children { children { id } } } } }').depth).toBe(5);
    expect(measure(m, '{ items { edges { node { ...F } } } } fragment F on Item { children { heavy { x } } }').depth).toBe(6);
  });
});

describe('the supergraph\'s cost directives', () => {
  const sdl = readSupergraphSdl();
  const directives = readCostDirectives(sdl);
  // The API schema is the supergraph without its join machinery; for costing, graphql-js' view of the
  // supergraph SDL has the same types and fields.
  const supergraph = { schema: buildSchema(sdl, { assumeValidSDL: true }), directives, defaultListSize: 10, sourceCount: 4, fanOut: MERGED_ROOT_LISTS };

  it('are in the supergraph: merged lists sized by `first` on edges, walks by maxNodes, series by maxPoints', () => {
    expect(directives.listSizes.get('Query.tasks')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['edges'], requireOneSlicingArgument: false });
    expect(directives.listSizes.get('Query.lineage')?.sizedFields).toEqual(['nodes', 'edges']);
    expect(directives.listSizes.get('Task.metricSeries')?.slicingArguments).toEqual(['maxPoints']);
    expect(directives.fieldWeights.get('ClearMLTask.metricSeries')).toBe(5);
    expect(directives.listSizes.get('TaskConnection.sources')?.assumedSize).toBe(1);
  });

  it('price a typical page of 50 tasks across 4 sources at 412, and one with metric summaries at 2412', () => {
    const page = '{ tasks(first: 50) { edges { cursor node { id name status project createdAt } } pageInfo { hasNextPage endCursor } sources { source outcome } } }';
    // Per source: 1 (connection) + 50 × (1 edge + 1 node) + 1 (pageInfo) + 1 × 1 (sources) = 103; × 4 sources.
    expect(measure(supergraph, page).cost).toBe(412);
    // Each node's metrics list (default size 10, objects): + 50 × 10 per source.
    expect(measure(supergraph, page.replace('createdAt', 'createdAt metrics { name last }')).cost).toBe(4 * (103 + 500));
    expect(measure(supergraph, '{ tasks(first: 50, filter: { sources: ["clearml"] }) { edges { node { id } } } }').cost).toBe(1 * (1 + 100 + 1));
 
    // The bench's dashboard page: each task's models (default 10) and its own lineage (assumed 50 edges).
    const dashboard = '{ tasks(first: 50) { edges { node { id models { id name } lineage(depth: 1) { edges { relation } } } } } }';
    expect(measure(supergraph, dashboard).cost).toBe(4 * (1 + 50 * (1 + 1 + 10 + 1 + 50)));
  });

  it('price a series by maxPoints, and a page of 500 tasks with series of 500 points far above the default limit', () => {
    // On the interface: the highest weight of any implementation (ClearMLTask.metricSeries @cost(weight: 5)).
    expect(measure(supergraph, '{ task(id: "x") { metricSeries(name: "loss") { points { step value } } } }').cost).toBe(1 + 5 + 500);
    expect(measure(supergraph, '{ task(id: "x") { ... on ClearMLTask { metricSeries(name: "loss", maxPoints: 10) { points { value } } } } }').cost).toBe(1 + 5 + 10);
    const heavy = measure(supergraph, '{ tasks(first: 500) { edges { node { metricSeries(name: "loss") { points { value } } } } } }');
    expect(heavy.cost).toBe(4 * (1 + 500 * (1 + 1 + 5 + 500)));
    expect(heavy.cost).toBeGreaterThan(50_000);
  });
});
