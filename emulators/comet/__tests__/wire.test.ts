import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { CometError } from '../errors.js';
import { Input, parseJsonObjectBody } from '../input.js';
import { multipartBoundary, parseMultipart } from '../multipart.js';

const req = (body: string | Buffer, headers: Record<string, string> = {}) => ({
  method: 'POST',
  path: '/',
  query: new URLSearchParams(),
  headers,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

describe('request input', () => {
  it('parses JSON (also gzipped, as the Python SDK sends) and rejects non-objects', () => {
    expect(parseJsonObjectBody(req('{"a":1}'))).toEqual({ a: 1 });
    expect(parseJsonObjectBody(req(gzipSync('{"b":2}'), { 'content-encoding': 'gzip' }))).toEqual({ b: 2 });
    expect(parseJsonObjectBody(req(''))).toEqual({});
    expect(() => parseJsonObjectBody(req('[1]'))).toThrow(CometError);
  });

  it('accepts numbers as JSON numbers or strings, booleans as true/"true"/1, null as absent', () => {
    const input = new Input({ step: '12', ts: 5, flag: 'true', n: null, s: 7 });
    expect([input.integer('step'), input.integer('ts'), input.boolean('flag'), input.raw('n'), input.string('s')]).toEqual([12, 5, true, undefined, '7']);
    expect(() => new Input({ step: 1.5 }).integer('step')).toThrow(CometError);
  });

  it('lets the JSON body override the query string', () => {
    const r = { ...req('{"experimentKey":"body"}'), query: new URLSearchParams('experimentKey=query&x=1') };
    const input = Input.fromRequest(r);
    expect([input.string('experimentKey'), input.string('x')]).toEqual(['body', '1']);
  });
});

describe('multipart', () => {
  it('reads the boundary and the parts', () => {
    expect(multipartBoundary('multipart/form-data; boundary="abc"')).toBe('abc');
    expect(multipartBoundary('application/json')).toBeUndefined();
    const body = Buffer.from(
      ['--b', 'Content-Disposition: form-data; name="file"; filename="x.bin"', '', 'a\r\nb', '--b', 'Content-Disposition: form-data; name="metadata"', '', '{"k":1}', '--b--', ''].join('\r\n'),
    );
    const parts = parseMultipart(body, 'b');
    expect(parts.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
      ['file', 'x.bin', 'a\r\nb'],
      ['metadata', null, '{"k":1}'],
    ]);
    expect(() => parseMultipart(Buffer.from('garbage'), 'b')).toThrow(CometError);
  });
});
