/**
 * `npm start` itself: builds, starts emulators, subgraphs and gateway as separate processes, prints
 * the URLs, serves the merged list and the REST mounts, and stops every process on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../schema/repoRoot.js';

let child: ChildProcess;
let output = '';
let gateway = '';

beforeAll(async () => {
  child = spawn('npm', ['start'], {
    cwd: repoRoot(),
    // A free port for everything, so the test runs beside a developer's own `npm start`.
    env: { ...process.env, PORT: '0', SWITCHYARD_EPHEMERAL_PORTS: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  gateway = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not get ready:\n${output}`)), 110_000);
    const check = () => {
      const url = /GraphQL\s+(http:\/\/[0-9.:]+)\/graphql/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null && child.pid) {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
});

describe('npm start', () => {
  it('prints the gateway, REST and health URLs and says the sources are emulated', () => {
    expect(output).toContain('switchyard: ready');
    expect(output).toMatch(/ClearML\s+http:\/\/[0-9.:]+\/clearml/);
    expect(output).toMatch(/Comet\s+http:\/\/[0-9.:]+\/comet/);
    expect(output).toContain('clearml (clearml, emulated), comet (comet, emulated), cmf (cmf, emulated), mlconnector (mlconnector, emulated)');
    expect(output).toMatch(/CMF\s+http:\/\/[0-9.:]+\/cmf/);
  });

  it('serves the merged task list and the REST mounts from separate processes', async () => {
    expect(await (await fetch(`${gateway}/healthz`)).json()).toEqual({ status: 'ok' });
    const res = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ tasks(first: 10) { edges { node { id } } sources { source outcome } } }' }),
    });
    const body = (await res.json()) as { data: { tasks: { edges: { node: { id: string } }[]; sources: { outcome: string }[] } } };
    expect(body.data.tasks.edges).toHaveLength(10);
    // MLConnector has no tasks (SKIPPED, no error).
    expect(body.data.tasks.sources.map((s) => s.outcome)).toEqual(['OK', 'OK', 'OK', 'SKIPPED']);
    const comet = await fetch(`${gateway}/comet/api/rest/v2/workspaces`, { headers: { authorization: 'k' } });
    expect(comet.status).toBe(200);
  });
});
