/**
 * A small reader for Python literals (`ast.literal_eval`'s subset: dicts, lists, tuples, strings,
 * numbers, None/True/False). MLConnector hands the Northbound status through Python `str()`, so the
 * status is a repr inside a repr (reference/mlconnector.md §7). Pure; undefined when not a literal.
 */

export type PyValue = string | number | boolean | null | readonly PyValue[] | { readonly [key: string]: PyValue };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  value(): PyValue {
    this.skip();
    const c = this.text[this.pos];
    if (c === '{') return this.dict();
    if (c === '[' || c === '(') return this.list(c === '[' ? ']' : ')');
    if (c === "'" || c === '"') return this.string();
    const word = /^(None|True|False|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos));
    if (!word?.[1]) throw new Error(`unexpected input at ${this.pos}`);
    this.pos += word[1].length;
    if (word[1] === 'None') return null;
    if (word[1] === 'True') return true;
    if (word[1] === 'False') return false;
    return Number(word[1]);
  }

  expect(ch: string): void {
    this.skip();
    if (this.text[this.pos] !== ch) throw new Error(`expected ${ch} at ${this.pos}`);
    this.pos++;
  }

  peek(): string | undefined {
    this.skip();
    return this.text[this.pos];
  }

  dict(): { [key: string]: PyValue } {
    this.expect('{');
    const out: { [key: string]: PyValue } = {};
    while (this.peek() !== '}') {
      const key = this.value();
      this.expect(':');
      out[String(key)] = this.value();
      if (this.peek() === ',') this.pos++;
      else break;
    }
    this.expect('}');
    return out;
  }

  list(close: string): PyValue[] {
    this.pos++;
    const out: PyValue[] = [];
    while (this.peek() !== close) {
      out.push(this.value());
      if (this.peek() === ',') this.pos++;
      else break;
    }
    this.expect(close);
    return out;
  }

  string(): string {
    const quote = this.text[this.pos];
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new Error('unterminated string');
      this.pos++;
      if (c === quote) return out;
      if (c === '\\') {
        const e = this.text[this.pos] ?? '';
        this.pos++;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
        if (e === 'x' || e === 'u') {
          const len = e === 'x' ? 2 : 4;
          out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + len), 16));
          this.pos += len;
        } else out += simple[e] ?? `\\${e}`;
      } else out += c;
    }
  }
}

/** The literal's value, or undefined when `text` is not (entirely) a Python literal. */
export function parsePyLiteral(text: string): PyValue | undefined {
  try {
    const reader = new Reader(text);
    const value = reader.value();
    reader.skip();
    return reader.pos === text.length ? value : undefined;
  } catch {
    return undefined;
  }
}
