/**
 * A minimal `multipart/form-data` reader for asset uploads (Node has no built-in one). Comet's upload parts are only
 * `file`, `link` and `metadata` (reference §7 "Uploads"), so no streaming or nested multiparts are needed.
 */
import { CometError } from './errors.js';

export interface MultipartPart {
  readonly name: string;
  readonly filename: string | null;
  readonly contentType: string | null;
  readonly data: Buffer;
}

/** The boundary parameter of a multipart content type, or undefined when it is not multipart/form-data. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function headerParam(header: string, name: string): string | null {
  const m = new RegExp(`${name}="([^"]*)"`, 'i').exec(header) ?? new RegExp(`${name}=([^;\\s]+)`, 'i').exec(header);
  return m?.[1] ?? null;
}

/** Splits a multipart body into parts; throws a 400 CometError when it is malformed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const malformed = (): CometError => new CometError(400, 'Malformed multipart body');
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed();
  const parts: MultipartPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (body[pos] === 13 && body[pos + 1] === 10) pos += 2;
    const next = body.indexOf(between, pos);
    if (next < 0) throw malformed();
    const part = body.subarray(pos, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw malformed();
    const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const type = headers.find((h) => /^content-type:/i.test(h));
    const name = headerParam(disposition, 'name');
    if (name === null) throw malformed();
    parts.push({
      name,
      filename: headerParam(disposition, 'filename'),
      contentType: type ? type.slice(type.indexOf(':') + 1).trim() : null,
      data: Buffer.from(part.subarray(headerEnd + 4)),
    });
    pos = next + 2;
  }
}
