/**
 * JSON parsing that shares the event loop. A 50 MB `mlmd_push` is a JSON body whose `json_payload` is a 50 MB
 * JSON *string* holding the MLMD document: one `JSON.parse` of each would block every other request for a large
 * fraction of a second. Here values up to {@link LEAF_CHARS} long go to native `JSON.parse`, bigger containers
 * are walked key by key, big strings are unescaped in clean slices, and after every {@link SLICE_CHARS} characters
 * of work the parser yields with `setImmediate`. Results equal `JSON.parse` (including its SyntaxErrors).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Json, JsonObject } from './pyjson.js';

/** Values (containers or strings) this long or shorter are parsed natively in one go. */
export const LEAF_CHARS = 64 * 1024;
/** Work between two yields (characters scanned or parsed). */
export const SLICE_CHARS = 512 * 1024;

/** Counts work and yields to the event loop every {@link SLICE_CHARS} characters. */
export class Pacer {
  #work = 0;
  readonly #slice: number;
  constructor(slice = SLICE_CHARS) {
    this.#slice = slice;
  }
  async add(chars: number): Promise<void> {
    this.#work += chars;
    if (this.#work >= this.#slice) {
      this.#work = 0;
      await yieldToLoop();
    }
  }
}

/** UTF-8 bytes → string in 1 MiB slices (yielding in between); small bodies in one call. */
export async function decodeUtf8(body: Buffer, pacer = new Pacer()): Promise<string> {
  const step = 1024 * 1024;
  if (body.length <= step) return body.toString('utf8');
  const decoder = new TextDecoder('utf-8');
  let out = '';
  for (let i = 0; i < body.length; i += step) {
    out += decoder.decode(body.subarray(i, Math.min(i + step, body.length)), { stream: i + step < body.length });
    await pacer.add(step);
  }
  return out;
}

const syntax = (text: string, at: number): SyntaxError =>
  new SyntaxError(`Unexpected ${at < text.length ? `token '${text[at]}'` : 'end of JSON input'} at position ${at}`);

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting at `i` (a `"`), or -1 if it does not end before index `stop`. */
function stringEnd(text: string, i: number, stop = text.length): number {
  let q = i;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q < 0 || q >= stop) return -1;
    let b = 0;
    while (text.charCodeAt(q - 1 - b) === 92) b++;
    if (b % 2 === 0) return q + 1;
  }
}

/** End of the value starting at `i` if it ends within `limit` characters, else -1 (containers) / its end. */
function valueEnd(text: string, i: number, limit: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i, i + limit);
  if (c !== 123 && c !== 91) {
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 93 || d === 125 || isWs(d)) break;
      j++;
    }
    return j;
  }
  const stop = Math.min(text.length, i + limit);
  let depth = 0;
  const structural = /["{}[\]]/g;
  structural.lastIndex = i;
  for (;;) {
    const m = structural.exec(text);
    if (!m || m.index >= stop) return -1;
    const j = m.index;
    const d = text.charCodeAt(j);
    if (d === 34) {
      const e = stringEnd(text, j, stop);
      if (e < 0) return -1;
      structural.lastIndex = e;
    } else if (d === 123 || d === 91) depth++;
    else if (--depth === 0) return j + 1;
  }
}

/** A cut point at or before `p` that does not split an escape sequence (before any backslash run within 6 chars). */
function cleanCut(text: string, p: number): number {
  let cut = p;
  for (let k = p - 1; k >= p - 6; k--) if (text.charCodeAt(k) === 92) cut = k;
  while (text.charCodeAt(cut - 1) === 92) cut--;
  return cut;
}

/** A long string value: finds its end, then unescapes it in slices. */
async function parseBigString(text: string, start: number, pacer: Pacer, slice: number): Promise<{ value: string; end: number }> {
  let q = start;
  let scanned = 0;
  for (;;) {
    const next = text.indexOf('"', q + 1);
    if (next < 0) throw syntax(text, text.length);
    scanned += next - q;
    q = next;
    let b = 0;
    while (text.charCodeAt(q - 1 - b) === 92) b++;
    if (b % 2 === 0) break;
    if (scanned >= slice) {
      await pacer.add(scanned);
      scanned = 0;
    }
  }
  let value = '';
  let from = start + 1;
  while (from < q) {
    let to = q - from > slice ? cleanCut(text, from + slice) : q;
    if (to <= from) to = q;
    value += JSON.parse(`"${text.slice(from, to)}"`) as string;
    await pacer.add(to - from);
    from = to;
  }
  return { value, end: q + 1 };
}

interface Frame {
  readonly container: Json[] | JsonObject;
  key: string;
}

function attach(frame: Frame, value: Json): void {
  if (Array.isArray(frame.container)) frame.container.push(value);
  else if (frame.key === '__proto__') Object.defineProperty(frame.container, frame.key, { value, enumerable: true, writable: true, configurable: true });
  else frame.container[frame.key] = value;
}

/**
 * `JSON.parse(text)`, yielding to the event loop while it works on large input. `leaf` (default
 * {@link LEAF_CHARS}) is the size up to which a value goes to native `JSON.parse`; tests lower it.
 */
export async function parseJsonCooperative(text: string, pacer = new Pacer(), leaf = LEAF_CHARS): Promise<Json> {
  const LEAF = leaf;
  if (text.length <= LEAF) return JSON.parse(text) as Json;
  const stack: Frame[] = [];
  let result: Json = null;
  let i = 0;
  const close = (value: Json): void => {
    const top = stack[stack.length - 1];
    if (top) attach(top, value);
    else result = value;
  };
  const readKey = (): void => {
    const top = stack[stack.length - 1] as Frame;
    i = skipWs(text, i);
    if (text.charCodeAt(i) !== 34) throw syntax(text, i);
    const end = stringEnd(text, i, i + LEAF);
    if (end < 0) throw syntax(text, i);
    top.key = JSON.parse(text.slice(i, end)) as string;
    i = skipWs(text, end);
    if (text.charCodeAt(i) !== 58) throw syntax(text, i);
    i++;
  };
  for (;;) {
    // A value starts here.
    i = skipWs(text, i);
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      const end = valueEnd(text, i, LEAF);
      if (end < 0) {
        await pacer.add(LEAF);
        stack.push({ container: c === 123 ? {} : [], key: '' });
        i = skipWs(text, i + 1);
        const empty = text.charCodeAt(i) === (c === 123 ? 125 : 93);
        if (!empty) {
          if (c === 123) readKey();
          continue;
        }
        i++;
        close((stack.pop() as Frame).container);
      } else {
        close(JSON.parse(text.slice(i, end)) as Json);
        await pacer.add(2 * (end - i));
        i = end;
      }
    } else if (c === 34 && stringEnd(text, i, i + LEAF) < 0) {
      const big = await parseBigString(text, i, pacer, Math.min(SLICE_CHARS, LEAF * 4));
      close(big.value);
      i = big.end;
    } else {
      const end = valueEnd(text, i, LEAF);
      if (end < 0 || end === i) throw syntax(text, end < 0 ? text.length : i);
      close(JSON.parse(text.slice(i, end)) as Json);
      i = end;
    }
    // After a value: a separator, the end of the enclosing container(s), or the end of the text.
    for (;;) {
      i = skipWs(text, i);
      const top = stack[stack.length - 1];
      if (!top) {
        if (i !== text.length) throw syntax(text, i);
        return result;
      }
      const d = text.charCodeAt(i);
      const isArray = Array.isArray(top.container);
      if (d === 44) {
        i++;
        if (!isArray) readKey();
        break;
      }
      if (d !== (isArray ? 93 : 125)) throw syntax(text, i);
      i++;
      stack.pop();
      close(top.container);
    }
  }
}
