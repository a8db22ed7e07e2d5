/**
 * The requests the gateway benchmarks send: a 50-row task list with a tracker-only field, a task by id
 * with one, a ClearML `tasks.get_all` and a Comet `/experiments` list (REST), and how to authenticate them.
 */
import { CLEARML_DEMO_CREDENTIALS } from '../emulators/clearml/index.js';
import { COMET_DEMO_API_KEY } from '../emulators/comet/index.js';
import { type CannonRequest, gqlBody } from './cannon.js';

export const LIST_QUERY = '{ tasks(first: 50) { edges { node { id name status createdAt ... on ClearMLTask { clearmlStatus } ... on CometExperiment { experimentKey } } } } }';
export const BY_ID_QUERY = 'query ById($id: ID!) { task(id: $id) { id name status ... on ClearMLTask { clearmlStatus } } }';
export const CLEARML_GET_ALL_BODY = '{"page":0,"page_size":20,"only_fields":["id","name","status","created"]}';

export interface Workload {
  readonly list: CannonRequest;
  readonly byId: CannonRequest;
  /** ClearML tasks.get_all under `prefix` ('' for the emulator, '/clearml' for the gateway). */
  clearml(prefix: string, token: string): CannonRequest;
  /** Comet's experiments of one project under `prefix` ('' or '/comet'). */
  comet(prefix: string): CannonRequest;
  /** A ClearML id of the demo data (ClearML ids answer by-id from one source). */
  readonly taskId: string;
  readonly cometProjectId: string;
}

interface ListAnswer {
  data?: { tasks?: { edges?: { node?: { id?: string } }[] } };
}

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

/** Reads a task id from the gateway and a Comet project id from the emulator. */
export async function workload(gatewayUrl: string, cometEmulatorUrl: string): Promise<Workload> {
  const list = JSON.parse((await post(`${gatewayUrl}/graphql`, gqlBody(LIST_QUERY))).text) as ListAnswer;
  const ids = (list.data?.tasks?.edges ?? []).map((e) => e.node?.id ?? '');
  const taskId = ids.find((id) => id.startsWith('clearml')) ?? ids[0] ?? '';
  const auth = { headers: { authorization: COMET_DEMO_API_KEY } };
  const ws = (await (await fetch(`${cometEmulatorUrl}/api/rest/v2/workspaces`, auth)).json()) as { workspaceNames?: string[] };
  const workspace = encodeURIComponent(ws.workspaceNames?.[0] ?? '');
  const projects = (await (await fetch(`${cometEmulatorUrl}/api/rest/v2/projects?workspaceName=${workspace}`, auth)).json()) as { projects?: { projectId?: string }[] };
  const cometProjectId = projects.projects?.[0]?.projectId ?? '';
  return {
    list: { path: '/graphql', body: gqlBody(LIST_QUERY) },
    byId: { path: '/graphql', body: gqlBody(BY_ID_QUERY, { id: taskId }) },
    clearml: (prefix, token) => ({ path: `${prefix}/tasks.get_all`, headers: { authorization: `Bearer ${token}` }, body: CLEARML_GET_ALL_BODY }),
    comet: (prefix) => ({ method: 'GET', path: `${prefix}/api/rest/v2/experiments?projectId=${encodeURIComponent(cometProjectId)}`, headers: { authorization: COMET_DEMO_API_KEY } }),
    taskId,
    cometProjectId,
  };
}

/** A ClearML token from `auth.login` under `base` (the emulator, or the gateway's /clearml mount). */
export async function clearmlToken(base: string): Promise<string> {
  const basic = Buffer.from(`${CLEARML_DEMO_CREDENTIALS.accessKey}:${CLEARML_DEMO_CREDENTIALS.secretKey}`).toString('base64');
  const res = await fetch(`${base}/auth.login`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' }, body: '{}' });
  const body = (await res.json()) as { data?: { token?: string } };
  return body.data?.token ?? '';
}
