/** CMF's uploads use the shared reader; a malformed body is answered 400 by the caller (Starlette's word). */
export { type MultipartPart, multipartBoundary, parseMultipart } from '../shared/multipart.js';
