import { describe, expect, it } from '@jest/globals';
import { type OperationContext, resolveTimeout, timeoutsByOperation } from '../timeouts.js';

const deploy: OperationContext = { source: 'mlc', operation: 'POST /deployment/add', kind: 'write' };
const list: OperationContext = { source: 'mlc', operation: 'GET /model/all', kind: 'read' };

describe('resolveTimeout', () => {
  it('takes the configured operation first, then the connector default, then the source timeout', () => {
    const configured = { 'POST /deployment/add': 900_000 };
    expect(resolveTimeout(deploy, [configured, 600_000], 10_000)).toBe(900_000);
    expect(resolveTimeout(list, [configured, undefined], 10_000)).toBe(10_000);
    expect(resolveTimeout(deploy, [undefined, 600_000], 10_000)).toBe(600_000);
  });

  it('takes a function of source and operation that may decline, as Hive upstream options do', () => {
    const policy = (ctx: OperationContext) => (ctx.source === 'mlc' && ctx.kind === 'write' ? 1_234 : undefined);
    expect(resolveTimeout(deploy, [policy], 10_000)).toBe(1_234);
    expect(resolveTimeout(list, [policy, 77], 10_000)).toBe(77);
  });

  it('applies a bare number to every operation and ignores values that are not positive', () => {
    expect(resolveTimeout(list, [5_000, 600_000], 10_000)).toBe(5_000);
    expect(resolveTimeout(list, [0, -1, Number.NaN], 10_000)).toBe(10_000);
    expect(timeoutsByOperation({ mlmd_push: 1 })({ source: 'cmf', operation: 'toString', kind: 'read' })).toBeUndefined();
  });
});
