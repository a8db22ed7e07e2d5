import { performance } from 'node:perf_hooks';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeUtf8, Pacer, parseJsonCooperative } from '../coopJson.js';

const parseSmallLeaves = (text: string) => parseJsonCooperative(text, new Pacer(64), 16);

describe('cooperative JSON parsing', () => {
  it('equals JSON.parse on arbitrary JSON (containers walked, strings sliced)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(await parseSmallLeaves(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('unescapes long strings across slice boundaries without splitting escapes', async () => {
    const inner = JSON.stringify({ Pipeline: [{ name: 'p "quoted" \\ back\\slash', stages: Array.from({ length: 30 }, (_, i) => ({ name: `s${i}\u00e9\ud83d\ude00`, v: '\\"'.repeat(i) })) }] });
    const body = JSON.stringify({ exec_uuid: null, json_payload: inner, pipeline_name: 'p' });
    const parsed = (await parseSmallLeaves(body)) as { json_payload: string };
    expect(parsed.json_payload).toBe(inner);
    expect(await parseSmallLeaves(parsed.json_payload)).toEqual(JSON.parse(inner));
  });

  it('throws SyntaxError where JSON.parse does', async () => {
    const good = JSON.stringify({ a: Array.from({ length: 20 }, (_, i) => ({ i, s: 'x'.repeat(i) })) });
    for (const bad of [good.slice(0, -1), good.slice(0, good.length / 2), `${good}x`, good.replace('"i":1,', '"i":1,,'), '[1,]', '{"a" 1}', '"unterminated']) {
      await expect(parseSmallLeaves(bad)).rejects.toThrow(SyntaxError);
      expect(() => JSON.parse(bad)).toThrow(SyntaxError);
    }
  });

  it('keeps __proto__ as an own key, like JSON.parse', async () => {
    const text = `{"__proto__": {"x": 1}, "pad": "${'y'.repeat(40)}"}`;
    const v = (await parseSmallLeaves(text)) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'pad']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('yields often on a large document: no slice of work holds the event loop for a large share of the parse', async () => {
    const doc = { Pipeline: [{ stages: Array.from({ length: 40 }, (_, s) => ({ name: `s${s}`, executions: Array.from({ length: 100 }, (_, e) => ({ id: e, events: Array.from({ length: 4 }, (_, v) => ({ type: 3, artifact: { name: `a/${s}/${e}/${v}:${'f'.repeat(32)}`, props: { url: 'x'.repeat(300) } } })) })) })) }] };
    const text = JSON.stringify({ json_payload: JSON.stringify(doc), pipeline_name: 'p' });
    expect(text.length).toBeGreaterThan(6_000_000);
    // A setImmediate ticker measures the stretches the parser keeps the event loop to itself.
    let last = performance.now();
    const gaps: number[] = [];
    let running = true;
    const tick = (): void => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const t0 = performance.now();
    const outer = (await parseJsonCooperative(text)) as { json_payload: string };
    const inner = await parseJsonCooperative(outer.json_payload);
    const total = performance.now() - t0;
    running = false;
    expect(inner).toEqual(doc);
    // A parser that does not yield gives a handful of ticks with one long gap. The 90th percentile gap is
    // the bound, not the longest, so a single garbage-collection pause on a loaded CI worker is not blamed
    // on the parser.
    expect(gaps.length).toBeGreaterThan(20);
    const p90 = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.9)] ?? Number.POSITIVE_INFINITY;
    expect(p90).toBeLessThan(Math.max(50, total / 10));
  });

  it('decodes UTF-8 in slices, multi-byte characters across slice edges included', async () => {
    const text = 'é😀ü'.repeat(700_000);
    expect(await decodeUtf8(Buffer.from(text, 'utf8'))).toBe(text);
  });
});
