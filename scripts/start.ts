/**
 * `npm start`: the whole stack as separate processes — the embedded emulators (when no
 * switchyard.yaml names real trackers), the ClearML, Comet and catalog subgraphs, and the gateway —
 * then prints the URLs. Ctrl-C (SIGINT/SIGTERM) stops every child; a child that dies stops the stack.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EMBEDDED_URL, loadConfig, type SwitchyardConfig } from '../gateway/config/index.js';
import type { ComponentMessage } from './component.js';
import { withEmulators } from './stack.js';

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}

function spawn(role: string, env: Record<string, string>): Promise<Readonly<Record<string, string>>> {
  const here = fileURLToPath(import.meta.url);
  const child = fork(here.replace(/start(\.[cm]?[jt]s)$/, `component$1`), [role], {
    env: { ...process.env, ...env },
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on('message', (m: ComponentMessage) => resolve(m.urls));
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`switchyard: ${role} exited (${code ?? 'signal'}); stopping the stack`);
        stopAll(1);
      }
      reject(new Error(`${role} exited`));
    });
  });
}

async function main(): Promise<void> {
  let config: SwitchyardConfig = loadConfig();
  const ephemeral = process.env['SWITCHYARD_EPHEMERAL_PORTS'] === '1';
  const base = { SWITCHYARD_EPHEMERAL_PORTS: ephemeral ? '1' : '0' };
  if (config.embedded) {
    console.log('switchyard: no switchyard.yaml: starting the embedded emulators (ClearML, Comet, CMF, MLConnector) seeded with demo data');
    const em = await spawn('emulators', base);
    config = withEmulators(config, { clearml: em['clearml'] ?? EMBEDDED_URL, comet: em['comet'] ?? EMBEDDED_URL, cmf: em['cmf'] ?? EMBEDDED_URL, mlconnector: em['mlconnector'] ?? EMBEDDED_URL });
  }
  const env = { ...base, SWITCHYARD_RESOLVED_CONFIG: JSON.stringify(config) };
  const [clearml, comet, cmf, mlconnector] = await Promise.all([spawn('clearml', env), spawn('comet', env), spawn('cmf', env), spawn('mlconnector', env)]);
  const sources = { clearml: clearml['clearml'] ?? '', comet: comet['comet'] ?? '', cmf: cmf['cmf'] ?? '', mlconnector: mlconnector['mlconnector'] ?? '' };
  const catalog = await spawn('catalog', { ...env, SWITCHYARD_SUBGRAPH_URLS: JSON.stringify(sources) });
  const subgraphUrls = { ...sources, catalog: catalog['catalog'] ?? '' };
  const gateway = await spawn('gateway', { ...env, SWITCHYARD_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) });
  const g = gateway['gateway'] ?? '';
  console.log(`switchyard: ready
  GraphQL    ${g}/graphql   (GraphiQL: open it in a browser)
  ClearML    ${g}/clearml   (REST, ClearML SDK: CLEARML_API_HOST=${g}/clearml)
  Comet      ${g}/comet     (REST v2: ${g}/comet/api/rest/v2/…)
  CMF        ${g}/cmf       (cmflib: cmf init … --cmf-server-url=${g}/cmf)
  MLConnector ${g}/mlconnector (BASE_URL for MLConnector's API)
  health     ${g}/healthz   ${g}/readyz
  subgraphs  catalog ${subgraphUrls.catalog}  clearml ${subgraphUrls.clearml}  comet ${subgraphUrls.comet}  cmf ${subgraphUrls.cmf}  mlconnector ${subgraphUrls.mlconnector}
  sources    ${config.sources.map((s) => `${s.name} (${s.kind}${s.emulated ? ', emulated' : ''})`).join(', ')}`);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
main().catch((err: unknown) => {
  console.error(`switchyard: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  stopAll(1);
});

