/** Reads the recorded Comet payloads of test/fixtures/comet (the one thing mappers and emulators share). */
import { readFileSync } from 'node:fs';

export function cometFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../../test/fixtures/comet/${name}`, import.meta.url), 'utf8')) as unknown;
}
