import { describe, expect, it } from '@jest/globals';
import { catalogBudgets, gatewayBudgets, longestWriteMs, type SourceSettings } from '../index.js';

const clearml: SourceSettings = { kind: 'clearml', name: 'clearml', url: 'http://c', timeoutMs: 10_000, credentials: { accessKey: 'a', secretKey: 's' }, emulated: false };
const mlconnector: SourceSettings = { kind: 'mlconnector', name: 'ml', url: 'http://m', timeoutMs: 10_000, fidelity: 'real', ownerId: 'switchyard', emulated: false };

describe('write budgets', () => {
  it("are a source's longest tracker call: its timeout, a configured operation, or MLConnector's deployment build", () => {
    expect(longestWriteMs(clearml)).toBe(10_000);
    expect(longestWriteMs({ ...clearml, timeouts: { 'tasks.create': 45_000 } })).toBe(45_000);
    expect(longestWriteMs(mlconnector)).toBe(600_000);
    expect(longestWriteMs({ ...mlconnector, timeouts: { 'POST /deployment/add': 120_000 } })).toBe(120_000);
  });

  it('keep each hop longer than the one behind it', () => {
    expect(catalogBudgets(clearml)).toEqual({ readMs: 21_000, writeMs: 15_000 });
    const gw = gatewayBudgets([clearml, mlconnector]);
    expect(gw.queryMs).toBeGreaterThan(catalogBudgets(clearml).readMs);
    expect(gw.mutationMs).toBeGreaterThan(catalogBudgets(mlconnector).writeMs);
  });
});
