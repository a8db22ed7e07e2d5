/**
 * CMF's naming rules (reference/cmf.md "Artifact naming"), pure:
 * - an artifact's MLMD name is its path (or metrics name) followed by `:`-separated suffixes — the DVC
 *   md5, then for some types the execution id and a uuid1 (`artifacts/model/model.pkl:<md5>:3`,
 *   `metrics:<uuid1>:4`); the display name drops those suffixes, as CMF's own listings do
 *   (test-data-artifacts-2023: `artifacts/data.xml.gz`);
 * - an execution without a name is `<stage>_<first 4 chars of Execution_uuid>`, with the stage taken
 *   after the pipeline's `/` (as `/list-of-executions` names them: `Prepare_1afa`).
 */

const SUFFIX = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d+)$/;

/** The artifact's path or metrics name: its MLMD name without trailing hash, uuid and id parts. */
export function artifactDisplayName(mlmdName: string): string {
  const parts = mlmdName.split(':');
  while (parts.length > 1 && SUFFIX.test(parts[parts.length - 1] ?? '')) parts.pop();
  return parts.join(':');
}

/** The stage's own name: `Test-env/Prepare` → `Prepare` (a name without `/` is kept). */
export function stageShortName(stage: string): string {
  const slash = stage.indexOf('/');
  return slash < 0 ? stage : stage.slice(slash + 1);
}

/** The execution's display name (DESIGN §4): its own name, else `<stage>_<uuid[:4]>`. */
export function executionName(ownName: string | null, stage: string, executionUuid: string): string {
  return ownName ?? `${stageShortName(stage)}_${executionUuid.slice(0, 4)}`;
}
