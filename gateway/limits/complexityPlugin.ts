/**
 * Depth and cost limits on GraphQL operations, checked in Apollo Server's `didResolveOperation`: after
 * validation, before the gateway plans or sends anything to a subgraph. Over a limit → one
 * `QUERY_TOO_COMPLEX` error with the measure and the limit, HTTP 400 like a validation error, nothing
 * executed.
 *
 * Every operation is measured; the limits bind the ones callers send over HTTP. Operations the gateway
 * runs itself (the REST mounts' rendered views, readiness) are fixed queries bounded by their own code
 * (the ClearML union view: at most 500 rows a page), so a tight `maxCost` never breaks a REST client.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { switchyardError } from '../../subgraphs/shared/errors.js';
import { type CostDirectives, readCostDirectives } from './costDirectives.js';
import { type CostModel, CostRuleError, type FanOut, measureOperation, type OperationMeasure } from './operationCost.js';

/** The catalog's merged root lists: asked of every source (or those `filter.sources` names). `sources` has one entry per source. */
export const MERGED_ROOT_LISTS: ReadonlyMap<string, FanOut> = new Map<string, FanOut>([
  ['Query.tasks', { sourcesArgument: ['filter', 'sources'] }],
  ['Query.models', { sourcesArgument: ['filter', 'sources'] }],
  ['Query.artifacts', { sourcesArgument: ['filter', 'sources'] }],
  ['Query.deployments', { sourcesArgument: ['filter', 'sources'] }],
  ['Query.sources', {}],
]);

export interface ComplexityLimits {
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly defaultListSize: number;
}

export interface ComplexityPluginOptions {
  /** The supergraph SDL: where `@cost` / `@listSize` are read from. */
  readonly supergraphSdl: string;
  readonly limits: ComplexityLimits;
  /** Configured sources, the fan-out of a merged list without a sources filter. */
  readonly sourceCount: number;
  readonly fanOut?: ReadonlyMap<string, FanOut>;
  /** Sees every measured operation (tests, logs). */
  readonly onMeasure?: (measure: OperationMeasure & { readonly operationName: string | null; readonly rejected: boolean }) => void;
}

export function createComplexityPlugin<TContext extends BaseContext>(options: ComplexityPluginOptions): ApolloServerPlugin<TContext> {
  const directives: CostDirectives = readCostDirectives(options.supergraphSdl);
  const { maxDepth, maxCost, defaultListSize } = options.limits;
  // The API schema object changes only when the gateway loads a new supergraph.
  const models = new WeakMap<GraphQLSchema, CostModel>();
  const modelFor = (schema: GraphQLSchema): CostModel => {
    let model = models.get(schema);
    if (!model) {
      model = { schema, directives, defaultListSize, sourceCount: options.sourceCount, fanOut: options.fanOut ?? MERGED_ROOT_LISTS };
      models.set(schema, model);
    }
    return model;
  };
  return {
    requestDidStart: async () => ({
      didResolveOperation: async (ctx) => {
        // Apollo resolves the operation before this hook; without one there is nothing to measure.
        if (!ctx.operation) return;
        let measure: OperationMeasure;
        try {
          measure = measureOperation(modelFor(ctx.schema), ctx.document, ctx.operation, ctx.request.variables ?? {});
        } catch (err) {
          if (err instanceof CostRuleError) throw switchyardError('BAD_USER_INPUT', err.message, { extensions: { http: { status: 400 } } });
          throw err;
        }
        const bound = ctx.request.http !== undefined;
        const rejected = bound && (measure.depth > maxDepth || measure.cost > maxCost);
        options.onMeasure?.({ ...measure, operationName: ctx.operationName ?? null, rejected });
        if (!bound) return;
        if (measure.depth > maxDepth) {
          throw switchyardError('QUERY_TOO_COMPLEX', `Query depth ${measure.depth} exceeds the limit of ${maxDepth}.`, { extensions: { depth: measure.depth, maxDepth, http: { status: 400 } } });
        }
        if (measure.cost > maxCost) {
          throw switchyardError('QUERY_TOO_COMPLEX', `Query cost ${measure.cost} exceeds the limit of ${maxCost} (list sizes × nested lists × sources; ask for fewer items with \`first\`, fewer nested lists, or fewer sources).`, {
            extensions: { cost: measure.cost, maxCost, http: { status: 400 } },
          });
        }
      },
    }),
  };
}
