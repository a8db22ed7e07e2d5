/**
 * Serve an Apollo Server on a plain Node http server (as reference/federation.md's harness did), so
 * one process can host GraphQL next to other routes (source contract, health, REST mounts) without a
 * web framework.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';

/** The whole request body, refused past `limitBytes` (events, not `for await`: fewer promises per request). */
export function readBody(req: IncomingMessage, limitBytes = 10 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
  }
}

/** An answer Apollo Server gave in one piece (not streamed), as it was written. */
export interface CompleteGraphQLAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Hand one HTTP request to Apollo Server and write its answer; returns it when it was not streamed. */
export async function serveGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  context: () => Promise<TContext>,
): Promise<CompleteGraphQLAnswer | undefined> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let parsed: unknown = undefined;
  if (body.length > 0) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // Apollo Server answers malformed JSON itself when given the raw string.
      parsed = body.toString('utf8');
    }
  }
  const result = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsed },
    context,
  });
  const answerHeaders: Record<string, string> = {};
  for (const [key, value] of result.headers) {
    res.setHeader(key, value);
    answerHeaders[key] = value;
  }
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return { status: res.statusCode, headers: answerHeaders, body: result.body.string };
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
  return undefined;
}
