import { describe, expect, it } from '@jest/globals';
import { pyDumps, pyFloat, pyStr } from '../pyjson.js';
import { pySetOrder } from '../pyset.js';

describe('CPython set order', () => {
  // Ground truth: python3 -c "print(list(set(c)))" for each case.
  const cases: [number[], number[]][] = [
    [[9, 7], [9, 7]],
    [[3, 2], [2, 3]],
    [[10, 2, 33], [33, 10, 2]],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    [[16, 8, 0, 24], [16, 8, 0, 24]],
    [[40, 8, 1, 17, 33, 9], [33, 1, 40, 8, 9, 17]],
    [[100, 93, 86, 79, 72, 65, 58, 51, 44, 37, 30, 23, 16, 9, 2], [65, 2, 100, 37, 72, 9, 44, 79, 16, 51, 86, 23, 58, 93, 30]],
    [[5, 13, 21, 29, 37, 45, 53], [37, 5, 13, 45, 21, 53, 29]],
  ];
  it.each(cases)('list(set(%j)) = %j', (input, expected) => {
    expect(pySetOrder(input)).toEqual(expected);
  });
  it('drops duplicates', () => {
    expect(pySetOrder([7, 9, 7])).toEqual([9, 7]);
  });
});

describe('Python spellings', () => {
  it('json.dumps: separators, ensure_ascii, floats', () => {
    // python3: json.dumps({'a':[1,2.5,0.1,1e-05,1.5e300,-0.0001,123456789.125],'é':'ü\u2028\x7f\n"','n':None,'t':True})
    const v = JSON.parse('{"a":[1,2.5,0.1,1e-5,1.5e300,-0.0001,123456789.125],"é":"ü\\u2028\\u007f\\n\\"","n":null,"t":true}');
    expect(pyDumps(v)).toBe('{"a": [1, 2.5, 0.1, 1e-05, 1.5e+300, -0.0001, 123456789.125], "\\u00e9": "\\u00fc\\u2028\\u007f\\n\\"", "n": null, "t": true}');
  });
  it('repr(float) and str()', () => {
    expect([pyFloat(1e-5), pyFloat(1e16), pyFloat(0.0001), pyFloat(1.5e-7), pyFloat(2.5), pyFloat(3)]).toEqual(['1e-05', '1e+16', '0.0001', '1.5e-07', '2.5', '3.0']);
    expect([pyStr(null), pyStr(true), pyStr(1698650988149), pyStr('x')]).toEqual(['None', 'True', '1698650988149', 'x']);
  });
});
