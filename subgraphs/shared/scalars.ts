/** The shared scalars (schema/shared/scalars.graphql), identical in every subgraph. */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { switchyardError } from './errors.js';

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string') throw switchyardError('BAD_USER_INPUT', 'DateTime must be an ISO-8601 string.');
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw switchyardError('BAD_USER_INPUT', `Invalid DateTime "${value.slice(0, 64)}".`);
  return new Date(ms).toISOString();
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    case Kind.VARIABLE:
      throw switchyardError('BAD_USER_INPUT', 'Variables inside JSON literals are not supported.');
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});

function parseLong(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw switchyardError('BAD_USER_INPUT', 'Long must be a safe integer.');
  return n;
}

export const LongScalar = new GraphQLScalarType({
  name: 'Long',
  serialize: parseLong,
  parseValue: parseLong,
  parseLiteral: (ast) => parseLong(ast.kind === Kind.INT ? ast.value : undefined),
});

export const sharedScalarResolvers = { DateTime: DateTimeScalar, JSON: JSONScalar, Long: LongScalar };
