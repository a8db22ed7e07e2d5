/** Shape of one entry of the generated endpoint catalog (see `tools/catalogFromSchema.ts`). */
export interface EndpointSpec {
  /** Min versions of the endpoint's implementations, ascending (`endpoints_index.json` `versions`). */
  readonly versions: readonly string[];
  /** `true`: credentials required; `false`: none needed; `null`: optional (schema `authorize: null`). */
  readonly authorize: boolean | null;
  /** Roles allowed to call it (`["*"]` = any). */
  readonly roles: readonly string[];
  /** Takes an `application/json-lines` batch body. */
  readonly batch: boolean;
  /**
   * Required top-level request fields per min version (versions without any are omitted). A summary:
   * requests are validated against the full schemas of `schemas.generated.ts` (`validate.ts`).
   */
  readonly required: Readonly<Record<string, readonly string[]>>;
  /** JSON-schema type of each top-level request field (latest version that declares it). */
  readonly types: Readonly<Record<string, string>>;
}
