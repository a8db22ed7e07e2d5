/** Comet's view of multipart uploads: the shared reader, with Comet's 400 for a malformed body. */
import { type MultipartPart, multipartBoundary, parseMultipart as parse } from '../shared/multipart.js';
import { CometError } from './errors.js';

export { type MultipartPart, multipartBoundary };

/** Splits a multipart body into parts; throws a 400 CometError when it is malformed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const parts = parse(body, boundary);
  if (!parts) throw new CometError(400, 'Malformed multipart body');
  return parts;
}
