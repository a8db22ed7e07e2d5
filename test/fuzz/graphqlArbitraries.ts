/**
 * Generated bad GraphQL variables (issue 8 item 5): the public operations dashboards and scripts send,
 * each with variables of every wrong type and shape, ids that are malformed or name unknown sources
 * and kinds, out-of-range numbers, and occasionally valid values.
 */
import fc from 'fast-check';

export interface FuzzOperation {
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

const OPERATIONS: readonly { readonly query: string; readonly vars: readonly string[] }[] = [
  ...['tasks', 'models', 'artifacts', 'deployments'].map((list) => ({
    query: `query($first: Int, $after: String, $filter: ${{ tasks: 'TaskFilter', models: 'ModelFilter', artifacts: 'ArtifactFilter', deployments: 'DeploymentFilter' }[list]}, $order: ListOrder) { ${list}(first: $first, after: $after, filter: $filter, orderBy: $order) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } sources { source outcome } } }`,
    vars: ['first', 'after', 'filter', 'order'],
  })),
  ...['node', 'task', 'model', 'artifact', 'deployment'].map((field) => ({ query: `query($id: ID!) { ${field}(id: $id) { id } }`, vars: ['id'] })),
  { query: 'query($of: ID!, $direction: LineageDirection, $depth: Int, $maxNodes: Int) { lineage(of: $of, direction: $direction, depth: $depth, maxNodes: $maxNodes) { nodes { id } edges { relation } truncated } }', vars: ['of', 'direction', 'depth', 'maxNodes'] },
  { query: 'query($id: ID!, $name: String!, $variant: String, $max: Int) { task(id: $id) { metricSeries(name: $name, variant: $variant, maxPoints: $max) { points { step value } } } }', vars: ['id', 'name', 'variant', 'max'] },
  { query: 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', vars: ['input'] },
  { query: 'mutation($taskId: ID!, $points: [MetricPointInput!]!) { logMetrics(taskId: $taskId, points: $points) { accepted rejected { index reason } } }', vars: ['taskId', 'points'] },
  { query: 'mutation($id: ID!, $tags: [String!]!) { addTags(id: $id, tags: $tags) { id } }', vars: ['id', 'tags'] },
  { query: 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }', vars: ['input'] },
  { query: 'mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }', vars: ['input'] },
  { query: 'mutation($id: ID!, $data: JSON!, $explain: Boolean) { predict(deploymentId: $id, data: $data, explain: $explain) { prediction } }', vars: ['id', 'data', 'explain'] },
  { query: 'mutation($source: String!, $pipeline: String!, $mlmd: JSON!) { pushMetadata(source: $source, pipeline: $pipeline, mlmd: $mlmd) { status } }', vars: ['source', 'pipeline', 'mlmd'] },
];

const scalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 501, 2 ** 31, 2 ** 53 + 1, 1.5, '', ' ', 'x', 'CREATED_AT_DESC', 'BOTH', 'RUNNING', 'clearml', 'comet', 'cmf', 'mlconnector'),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

/** Ids: well-formed and not, known sources and not, canonical encoding and not. */
const id = fc.oneof(
  fc.constantFrom('clearml:task:ed89a9a8ef2949e6765eea7cbe0311ba', 'clearml:task:00000000000000000000000000000000', 'comet:experiment:x', 'cmf:artifact:fraud-detection/a', 'mlconnector:model:nope', 'mlconnector:operation:x', 'nowhere:task:1', 'clearml:nokind:1', 'clearml:task:', 'clearml:task:a/b', 'clearml:task:%E0%A4%A', 'a:b', ':::'),
  fc.tuple(fc.constantFrom('clearml', 'comet', 'cmf', 'mlconnector', 'X'), fc.constantFrom('task', 'model', 'artifact', 'serving', 'experiment', 'execution', 'deployment', 'model-version'), fc.string({ maxLength: 20 })).map(([s, k, n]) => `${s}:${k}:${n}`),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, id, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('source', 'project', 'name', 'tags', 'idempotencyKey', 'modelId', 'projects', 'status', 'first', 'value', 'step', 'x'), tie('v'), { maxKeys: 5 })),
})).v;

/** An operation with generated variables (some left out, some extra). */
export const fuzzOperations: fc.Arbitrary<FuzzOperation> = fc
  .constantFrom(...OPERATIONS)
  .chain((op) =>
    fc.record({
      query: fc.constant(op.query),
      variables: fc.dictionary(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...op.vars) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), fc.oneof(value, id), { maxKeys: op.vars.length + 1 }),
    }),
  );
