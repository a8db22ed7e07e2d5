/**
 * Switchyard-chosen deployment ids (DESIGN §6, §7 "Writes and idempotency"): MLConnector keeps no
 * model on a deployment it lists, so the id Switchyard picks carries it: `sy-<modelid>-<suffix>`,
 * the suffix derived from the idempotency key (a retry picks the same id and finds the earlier
 * deployment) or random. Lower-case alphanumerics and `-` only, ≤ 63 characters: the id becomes a
 * Kubernetes uid/name on the Northbound side.
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sy-';
const SUFFIX_LENGTH = 10;

export function chooseDeploymentId(modelId: string, idempotencyKey?: string): string {
  const suffix =
    idempotencyKey !== undefined && idempotencyKey !== ''
      ? createHash('sha256').update(`${modelId}\n${idempotencyKey}`).digest('hex').slice(0, SUFFIX_LENGTH)
      : randomBytes(SUFFIX_LENGTH / 2).toString('hex');
  return `${PREFIX}${modelId}-${suffix}`;
}

/** The model a Switchyard-chosen deployment id names, or undefined for any other id. */
export function modelOfDeploymentId(deploymentId: string): string | undefined {
  if (!deploymentId.startsWith(PREFIX)) return undefined;
  const rest = deploymentId.slice(PREFIX.length);
  const cut = rest.length - SUFFIX_LENGTH - 1;
  if (cut <= 0 || rest[cut] !== '-' || !/^[0-9a-f]+$/.test(rest.slice(cut + 1))) return undefined;
  return rest.slice(0, cut);
}
