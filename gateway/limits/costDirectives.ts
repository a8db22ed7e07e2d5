/**
 * The cost directives of the supergraph, read once from its SDL: `@cost(weight)` on fields, types,
 * arguments and input fields, and `@listSize(assumedSize, slicingArguments, sizedFields,
 * requireOneSlicingArgument)` on fields (Federation v2.9 carries them from the subgraphs' SDL into the
 * supergraph). The API schema the gateway serves has no directives, so the cost analysis looks them up
 * here, keyed by `Type.field`.
 */
import { type ConstDirectiveNode, type DefinitionNode, Kind, parse, type ValueNode } from 'graphql';

export interface ListSize {
  readonly assumedSize?: number | undefined;
  readonly slicingArguments: readonly string[];
  readonly sizedFields: readonly string[];
  readonly requireOneSlicingArgument: boolean;
}

export interface CostDirectives {
  /** `Type.field` → weight of the field. */
  readonly fieldWeights: ReadonlyMap<string, number>;
  /** Type name (object, interface, scalar, enum) → weight of any field returning it. */
  readonly typeWeights: ReadonlyMap<string, number>;
  /** `Type.field(argument)` → weight of the argument when given; `Input.field` → weight of an input field. */
  readonly inputWeights: ReadonlyMap<string, number>;
  /** `Type.field` → its list size rule. */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

const COST_SPEC = /^https:\/\/specs\.apollo\.dev\/cost\/v/;

export function readCostDirectives(sdl: string): CostDirectives {
  const doc = parse(sdl);
  const names = directiveNames(doc.definitions);
  const fieldWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  const inputWeights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  const weightOf = (directives: readonly ConstDirectiveNode[] | undefined): number | undefined => {
    const d = directives?.find((x) => x.name.value === names.cost);
    const w = d?.arguments?.find((a) => a.name.value === 'weight')?.value;
    return w?.kind === Kind.INT ? Number(w.value) : undefined;
  };
  for (const def of doc.definitions) {
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const type = def.name.value;
        const tw = weightOf(def.directives);
        if (tw !== undefined) typeWeights.set(type, tw);
        for (const field of def.fields ?? []) {
          const key = `${type}.${field.name.value}`;
          const fw = weightOf(field.directives);
          if (fw !== undefined) fieldWeights.set(key, fw);
          const ls = field.directives?.find((d) => d.name.value === names.listSize);
          if (ls) listSizes.set(key, readListSize(ls));
          for (const arg of field.arguments ?? []) {
            const aw = weightOf(arg.directives);
            if (aw !== undefined) inputWeights.set(`${key}(${arg.name.value})`, aw);
          }
        }
        break;
      }
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION: {
        const tw = weightOf(def.directives);
        if (tw !== undefined) typeWeights.set(def.name.value, tw);
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        for (const field of def.fields ?? []) {
          const w = weightOf(field.directives);
          if (w !== undefined) inputWeights.set(`${def.name.value}.${field.name.value}`, w);
        }
        break;
      default:
        break;
    }
  }
  return { fieldWeights, typeWeights, inputWeights, listSizes };
}

/** The local names of `@cost` and `@listSize`: renamed when the supergraph imports them `as` something else. */
function directiveNames(defs: readonly DefinitionNode[]): { cost: string; listSize: string } {
  const names = { cost: 'cost', listSize: 'listSize' };
  for (const def of defs) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = link.arguments?.find((a) => a.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || !COST_SPEC.test(url.value)) continue;
      const imports = link.arguments?.find((a) => a.name.value === 'import')?.value;
      for (const imp of imports?.kind === Kind.LIST ? imports.values : []) {
        if (imp.kind !== Kind.OBJECT) continue;
        const name = stringField(imp, 'name')?.replace(/^@/, '');
        const as = stringField(imp, 'as')?.replace(/^@/, '');
        if ((name === 'cost' || name === 'listSize') && as) names[name] = as;
      }
    }
  }
  return names;
}

function stringField(value: ValueNode, name: string): string | undefined {
  if (value.kind !== Kind.OBJECT) return undefined;
  const v = value.fields.find((f) => f.name.value === name)?.value;
  return v?.kind === Kind.STRING ? v.value : undefined;
}

function readListSize(d: ConstDirectiveNode): ListSize {
  const arg = (name: string) => d.arguments?.find((a) => a.name.value === name)?.value;
  const strings = (v: ValueNode | undefined): string[] => (v?.kind === Kind.LIST ? v.values.flatMap((x) => (x.kind === Kind.STRING ? [x.value] : [])) : []);
  const assumed = arg('assumedSize');
  const requireOne = arg('requireOneSlicingArgument');
  return {
    assumedSize: assumed?.kind === Kind.INT ? Number(assumed.value) : undefined,
    slicingArguments: strings(arg('slicingArguments')),
    sizedFields: strings(arg('sizedFields')),
    // The directive's default is true.
    requireOneSlicingArgument: requireOne?.kind === Kind.BOOLEAN ? requireOne.value : true,
  };
}
