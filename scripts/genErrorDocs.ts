/**
 * `npm run docs:errors`: writes docs/errors.md from the error-code registry
 * (subgraphs/shared/errors.ts). `--check` exits 1 when the checked-in page is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../schema/repoRoot.js';
import { ERROR_CODES, ERROR_CODE_NAMES } from '../subgraphs/shared/errors.js';

export function renderErrorDocs(): string {
  const rows = ERROR_CODE_NAMES.map((code) => {
    const spec = ERROR_CODES[code];
    return `| \`${code}\` | ${spec.httpStatus} | ${spec.retryable ? 'yes' : 'no'} | ${spec.description.replace(/\|/g, '\\|')} |`;
  });
  return `# Error codes

Generated from \`subgraphs/shared/errors.ts\` by \`npm run docs:errors\`; a test fails when this page drifts.

Every GraphQL error Switchyard raises carries one of these codes in \`extensions.code\`, plus
\`extensions.source\` (the source instance) and \`extensions.id\` (the entity id) wherever a tracker or an
entity is involved. Responses never carry stack traces, internal URLs, upstream bodies or credentials.
The REST mounts answer in each tracker's own error envelope instead (see README).

| code | HTTP status | retryable | meaning |
|---|---|---|---|
${rows.join('\n')}
`;
}

function main(): void {
  const path = join(repoRoot(), 'docs/errors.md');
  const content = renderErrorDocs();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== content) {
      console.error('docs/errors.md is stale: run npm run docs:errors');
      process.exit(1);
    }
    return;
  }
  writeFileSync(path, content);
  console.log('wrote docs/errors.md');
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
