/**
 * Pins the query plans of the key queries against the checked-in supergraph (as federation's
 * buildQueryPlan tests do): lists are one catalog fetch plus at most one `_entities` fetch per source,
 * shared fields never leave the catalog, by-id paths go to the owning source only for its own fields.
 * A changed plan is a design change: update the .plan file in the same commit and say why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { repoRoot } from '../../schema/repoRoot.js';

const supergraph = Supergraph.build(readFileSync(join(repoRoot(), 'schema/supergraph.graphql'), 'utf8'));
const planner = new QueryPlanner(supergraph);
const plan = (query: string) => prettyFormatQueryPlan(planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))));
const expected = (name: string) => readFileSync(join(repoRoot(), 'test/federation/plans', `${name}.plan`), 'utf8').trimEnd();

const PLANNED_QUERIES = {
  listWithTrackerFields: '{ tasks(first: 50) { edges { node { id name status createdAt ... on ClearMLTask { clearmlStatus queueId } ... on CometExperiment { experimentKey } } } sources { source outcome } } }',
  listSharedOnly: '{ tasks(first: 50) { edges { node { id name parameters { name value } } } } }',
  byIdWithTrackerField: 'query($id: ID!) { task(id: $id) { name ... on ClearMLTask { clearmlStatus } } }',
  nodeSharedOnly: 'query($id: ID!) { node(id: $id) { id ... on Task { name } } }',
} as const;

describe('query plans', () => {
  it.each(Object.entries(PLANNED_QUERIES))('plans %s as pinned', (name, query) => {
    expect(plan(query)).toBe(expected(name));
  });
});
