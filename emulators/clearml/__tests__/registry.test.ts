import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINT_CATALOG } from '../catalog.generated.js';
import { CLEARML_ERROR_TABLE } from '../errorTable.js';
import { apiError, formatKwarg, pyCapitalize } from '../errors.js';
import { IMPLEMENTED_ENDPOINTS } from '../routes.js';
import { renderCatalog, renderSchemas } from '../tools/generateCatalog.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/clearml');

/** Parse errors.conf rows: `<code> { … <subcode>: ["name", "message"] … }`. */
function parseErrorsConf(text: string): [number, number, string, string][] {
  const rows: [number, number, string, string][] = [];
  let code: number | undefined;
  for (const line of text.split('\n')) {
    const section = /^(\d+)\s*:?\s*\{/.exec(line.trim());
    if (section) {
      code = Number(section[1]);
      continue;
    }
    const row = /^(\d+)\s*:\s*\["([^"]+)",\s*"([^"]*)"\]/.exec(line.trim());
    if (row && code !== undefined) rows.push([code, Number(row[1]), row[2] ?? '', row[3] ?? '']);
  }
  return rows;
}

describe('error registry', () => {
  it('matches errors.conf row for row', () => {
    const conf = parseErrorsConf(readFileSync(join(FIXTURES, 'schema/errors.conf'), 'utf8'));
    expect(CLEARML_ERROR_TABLE).toEqual(conf);
  });

  it('capitalises default messages like Python str.capitalize', () => {
    expect(pyCapitalize('invalid task id')).toBe('Invalid task id');
    expect(pyCapitalize('Cannot update project location. Use projects.move instead')).toBe('Cannot update project location. use projects.move instead');
  });

  it('builds "<msg>[ (<extra>)][: k=v, …]" with the kwargs as error_data', () => {
    const e = apiError(400, 110, 'Invalid status change', { current_status: 'published', new_status: 'in_progress' });
    expect(e.message).toBe('Invalid task status (Invalid status change): current_status=published, new_status=in_progress');
    expect(e.errorData).toEqual({ current_status: 'published', new_status: 'in_progress' });
    expect(apiError(401, 20).message).toBe('Unauthorized (missing credentials)');
    expect(formatKwarg(['system', 'root'])).toBe('(system, root)');
    expect(formatKwarg(null)).toBe('None');
  });
});

describe('endpoint catalog', () => {
  it('is the generated output of the schema fixtures (regenerate with tools/generateCatalog.ts)', () => {
    const checkedIn = readFileSync(join(process.cwd(), 'emulators/clearml/catalog.generated.ts'), 'utf8');
    expect(checkedIn).toBe(renderCatalog(FIXTURES));
  });

  it('ships the request schemas of the schema fixtures (regenerate with tools/generateCatalog.ts)', () => {
    const checkedIn = readFileSync(join(process.cwd(), 'emulators/clearml/schemas.generated.ts'), 'utf8');
    expect(checkedIn).toBe(renderSchemas(FIXTURES));
  });

  it('lists the 204 endpoints of clearml-server 2.3.0 and every implemented one is among them', () => {
    expect(Object.keys(ENDPOINT_CATALOG)).toHaveLength(204);
    for (const name of IMPLEMENTED_ENDPOINTS) expect(ENDPOINT_CATALOG[name]).toBeDefined();
    expect(ENDPOINT_CATALOG['debug.ping']?.authorize).toBe(false);
    expect(ENDPOINT_CATALOG['login.supported_modes']?.authorize).toBeNull();
    expect(ENDPOINT_CATALOG['tasks.get_all']?.versions).toEqual(['2.1', '2.14', '2.15', '2.26']);
  });
});
