/** Runs a supergraph operation on behalf of a REST caller (the rendered path of DESIGN §6). */
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';

export interface OperationResult {
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { readonly message: string; readonly extensions?: Readonly<Record<string, unknown>> }[];
}

/** Never rejects: a failure of the pipeline itself comes back as an error (code SOURCE_ERROR). */
export type OperationRunner = (query: string, variables: Record<string, unknown>, principal: Principal, requestId: string) => Promise<OperationResult>;
