import { expect } from '@jest/globals';
import { ConfigError } from '../index.js';

/** The message of the ConfigError `fn` throws (failing the test when it throws nothing or something else). */
export function configErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}
