import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig, parseConfig } from '../index.js';
import { configErrorOf } from './configError.js';

const YAML = `
secrets: { cursor: c, principal: p, clearmlJwt: j }
sources:
  - name: mlc
    kind: mlconnector
    url: http://mlconnector:8090
    breaker: { failures: 3, coolDownMs: 60000 }   # open after 3 failures in a row, try again after a minute
    timeouts:
      "POST /deployment/add": 1200000             # the image build takes minutes
  - name: cmf
    kind: cmf
    url: http://cmf:8080
    breaker: { failures: 10 }
    timeouts: { mlmd_push: 900000 }
  - name: comet
    kind: comet
    url: https://www.comet.com
    apiKey: k
`;

const message = configErrorOf;

describe('sources[].breaker and sources[].timeouts', () => {
  it('reads them from switchyard.yaml, filling a partial breaker with the defaults and leaving absent ones absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-resilience-'));
    writeFileSync(join(dir, 'switchyard.yaml'), YAML);
    const c = loadConfig({ path: join(dir, 'switchyard.yaml'), env: {} });
    const byName = Object.fromEntries(c.sources.map((s) => [s.name, { breaker: s.breaker, timeouts: s.timeouts }]));
    expect(byName).toEqual({
      mlc: { breaker: { failures: 3, coolDownMs: 60_000 }, timeouts: { 'POST /deployment/add': 1_200_000 } },
      cmf: { breaker: { failures: 10, coolDownMs: 30_000 }, timeouts: { mlmd_push: 900_000 } },
      comet: { breaker: undefined, timeouts: undefined },
    });
  });

  it('refuses nonsense, naming the path', () => {
    const base = { secrets: { cursor: 'c', principal: 'p', clearmlJwt: 'j' } };
    const cmf = (extra: Record<string, unknown>) => ({ ...base, sources: [{ name: 'cmf', kind: 'cmf', url: 'http://cmf:8080', ...extra }] });
    expect(message(() => parseConfig(cmf({ breaker: { failures: 0 } }), {}))).toMatch(/sources\.0\.breaker\.failures/);
    expect(message(() => parseConfig(cmf({ breaker: { coolDown: 5 } }), {}))).toMatch(/sources\.0\.breaker: Unrecognized key/);
    expect(message(() => parseConfig(cmf({ timeouts: { mlmd_push: -1 } }), {}))).toMatch(/sources\.0\.timeouts\.mlmd_push/);
  });
});
