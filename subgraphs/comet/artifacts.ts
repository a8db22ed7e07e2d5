/**
 * Comet artifact versions (reference/comet.md §3.4, §4): `/artifacts/get-all` per workspace lists the
 * artifacts, each with its `versions[]` where the server includes them (an item without them is read
 * with `/artifacts/get`). Cached per workspace for `ARTIFACT_TTL_MS`; by-id reads and lineage use the
 * same list, so a version reads the same on every path.
 */
import { isRecord, listOf } from './connector/index.js';
import { type CometArtifactVersionView, type CometAssetView, mapArtifactVersion } from './mapper/index.js';
import { orNull } from './registry.js';
import type { CometInstance } from './source.js';

export type { CometArtifactVersionView } from './mapper/index.js';
export type CometArtifactView = CometAssetView | CometArtifactVersionView;

export const ARTIFACT_TTL_MS = 30_000;

/** Every artifact version of one workspace; [] for a workspace Comet does not know. */
export async function artifactVersionsIn(inst: CometInstance, workspace: string): Promise<CometArtifactVersionView[]> {
  return inst.cached(`artifacts:${workspace}`, ARTIFACT_TTL_MS, async () => {
    const items = listOf(await orNull(() => inst.connector.get('artifacts/get-all', { workspace }, 'read')), 'artifacts', isRecord);
    const withVersions = await inst.connector.each(items, async (a) => {
      if (Array.isArray(a['versions'])) return a;
      const artifactName = a['artifactName'] ?? a['name'];
      return typeof artifactName === 'string' ? await orNull(() => inst.connector.get('artifacts/get', { workspace, artifactName }, 'read')) : null;
    });
    const ctx = { instance: inst.config.name, workspace, projectNames: await inst.projectNames() };
    return withVersions.flatMap((a) => {
      const versions = isRecord(a) && Array.isArray(a['versions']) ? a['versions'] : [];
      return versions.map((v) => mapArtifactVersion(a, v, ctx)).filter((v): v is CometArtifactVersionView => v !== null);
    });
  });
}

/** Every artifact version of the instance's workspaces. */
export async function allArtifactVersions(inst: CometInstance): Promise<CometArtifactVersionView[]> {
  return (await inst.connector.each(await inst.workspaces(), (ws) => artifactVersionsIn(inst, ws))).flat();
}

/** One version, or null when the workspace, artifact or version does not exist. */
export async function artifactVersion(inst: CometInstance, workspace: string, name: string, version: string): Promise<CometArtifactVersionView | null> {
  return (await artifactVersionsIn(inst, workspace)).find((v) => v.artifactName === name && v.version === version) ?? null;
}
