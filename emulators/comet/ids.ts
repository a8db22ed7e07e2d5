/** Identifier helpers: Comet keys and project ids are 32 lowercase hex characters (reference §5.1). */
import { createHash, randomUUID } from 'node:crypto';

/** md5 of a string as 32 hex chars: deterministic ids for the seed. */
export function md5Hex(input: string): string {
  return createHash('md5').update(input).digest('hex');
}

/** A fresh random 32-hex id (a UUID4 without dashes, like the keys the real server generates). */
export function newHexId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Formats 32 hex chars as a dashed UUID (workspace ids are the only dashed ids Comet shows). */
export function hexToUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An experiment model's id: derived from its experiment and name, so it is stable across restarts and seeds. */
export function experimentModelId(experimentKey: string, modelName: string): string {
  return md5Hex(`comet-experiment-model:${experimentKey}:${modelName}`);
}
