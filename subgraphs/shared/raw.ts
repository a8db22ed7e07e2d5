/** `raw` fields carry a tracker's own object, capped so one huge object cannot blow up a response. */

/** @default 262_144 bytes of JSON */
export const RAW_LIMIT_BYTES = 262_144;

export interface TruncatedRaw {
  readonly truncated: true;
  readonly bytes: number;
  readonly limit: number;
}

export function capRaw(value: unknown, limit = RAW_LIMIT_BYTES): unknown {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (bytes <= limit) return value;
  const marker: TruncatedRaw = { truncated: true, bytes, limit };
  return marker;
}
