/**
 * Isolation (issue 8): two principals whose backend credentials see different data — alice's ClearML key
 * pair and Comet key see the demo story, bob's see only bob's own objects — behind one tracker URL per
 * kind (test/helpers/credentialRouter.ts). The same GraphQL queries (lists, by-id, lineage, sources)
 * and REST calls (passthrough and the union view), interleaved so a cache filled by one is there when
 * the other asks, with the in-memory cache and with the real Redis: zero ids of one in the other's
 * answers, and each sees its own. Plus: subgraphs refuse calls without a valid principal token.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../gateway/config/index.js';
import { startClearMLEmulator, type ClearMLEmulator } from '../../emulators/clearml/index.js';
import { startCometEmulator, type CometEmulator } from '../../emulators/comet/index.js';
import { startStack, type Stack } from '../../scripts/stack.js';
import { systemClock } from '../../subgraphs/shared/clock.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../subgraphs/shared/principalToken.js';
import { type CredentialRouter, clearmlRouter, cometRouter } from '../helpers/credentialRouter.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const run = randomUUID().slice(0, 8);
/** Backend credentials: Switchyard's own (the instance's), alice's and bob's. Fresh per run: Redis is shared. */
const CRED = {
  own: { accessKey: `OWN${run}`, secretKey: `own-secret-${run}`, comet: `own-comet-${run}` },
  alice: { accessKey: `ALICE${run}`, secretKey: `alice-secret-${run}`, comet: `alice-comet-${run}` },
  bob: { accessKey: `BOB${run}`, secretKey: `bob-secret-${run}`, comet: `bob-comet-${run}` },
};
/** What each caller presents to Switchyard: a GraphQL API key, a ClearML key pair, a Comet key (all Switchyard-issued). */
const CALLER = {
  alice: { apiKey: `gql-alice-${run}`, clearml: [`RESTALICE${run}`, `rest-alice-secret-${run}`], comet: `rest-comet-alice-${run}` },
  bob: { apiKey: `gql-bob-${run}`, clearml: [`RESTBOB${run}`, `rest-bob-secret-${run}`], comet: `rest-comet-bob-${run}` },
  /** A principal limited to ClearML, read only, with projects matching `fraud-*` (not its sub-projects) (alice's backend credential is the instance's). */
  carol: { apiKey: `gql-carol-${run}`, clearml: [`RESTCAROL${run}`, `rest-carol-secret-${run}`], comet: `rest-comet-carol-${run}` },
} as const;
type Who = keyof typeof CALLER;

let clearmlA: ClearMLEmulator;
let clearmlB: ClearMLEmulator;
let cometA: CometEmulator;
let cometB: CometEmulator;
let routers: CredentialRouter[] = [];
/** bob's objects, created in his backends: native ids and names. */
const bob = { taskIds: [] as string[], experimentKeys: [] as string[] };

beforeAll(async () => {
  clearmlA = await startClearMLEmulator({ seed: true, credentials: [CRED.own, CRED.alice] });
  clearmlB = await startClearMLEmulator({ seed: false, credentials: [CRED.bob] });
  cometA = await startCometEmulator({ seed: true, autoCreateWorkspaces: true, apiKeys: [CRED.own.comet, CRED.alice.comet] });
  cometB = await startCometEmulator({ seed: false, autoCreateWorkspaces: true, apiKeys: [CRED.bob.comet] });
  routers = [
    await clearmlRouter(clearmlA.url, new Map([[CRED.alice.accessKey, clearmlA.url], [CRED.own.accessKey, clearmlA.url], [CRED.bob.accessKey, clearmlB.url]])),
    await cometRouter(cometA.url, new Map([[CRED.alice.comet, cometA.url], [CRED.own.comet, cometA.url], [CRED.bob.comet, cometB.url]])),
  ];
  // bob's data: a ClearML project with two tasks, a Comet experiment in his own workspace.
  const basic = `Basic ${Buffer.from(`${CRED.bob.accessKey}:${CRED.bob.secretKey}`).toString('base64')}`;
  const clearml = async (endpoint: string, body: unknown) => {
    const res = await fetch(`${clearmlB.url}/${endpoint}`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return ((await res.json()) as { data: Record<string, unknown> }).data;
  };
  const project = String((await clearml('projects.create', { name: 'bob-project', description: '' }))['id']);
  for (const name of ['bob-task-1', 'bob-task-2']) bob.taskIds.push(String((await clearml('tasks.create', { name, type: 'training', project }))['id']));
  const res = await fetch(`${cometB.url}/api/rest/v2/write/experiment/create`, { method: 'POST', headers: { authorization: CRED.bob.comet, 'content-type': 'application/json' }, body: JSON.stringify({ workspaceName: 'bob-ws', projectName: 'bob-proj', experimentName: 'bob-exp' }) });
  bob.experimentKeys.push(String(((await res.json()) as { experimentKey: string }).experimentKey));
});

afterAll(async () => {
  for (const r of routers) await r.close();
  for (const em of [clearmlA, clearmlB, cometA, cometB]) await em?.close();
});

function configFor(redisUrl: string | undefined) {
  return parseConfig({
    secrets: { cursor: `cursor-${run}`, principal: `principal-${run}`, clearmlJwt: `jwt-${run}` },
    gateway: { apiKeys: (['alice', 'bob', 'carol'] as const).map((w) => ({ id: w, sha256: sha256(CALLER[w].apiKey), principal: w })) },
    cache: redisUrl ? { redisUrl } : {},
    sources: [
      { kind: 'clearml', name: 'clearml', url: routers[0]?.url, credentials: { accessKey: CRED.own.accessKey, secretKey: CRED.own.secretKey } },
      { kind: 'comet', name: 'comet', url: routers[1]?.url, apiKey: CRED.own.comet },
    ],
    principals: [
      ...(['alice', 'bob'] as const).map((w) => ({
        id: w,
        access: { write: true },
        credentials: { clearml: { accessKey: CRED[w].accessKey, secretKey: CRED[w].secretKey }, comet: { apiKey: CRED[w].comet } },
      })),
      { id: 'carol', access: { sources: ['clearml'], projects: ['fraud-*'], write: false } },
    ],
    rest: {
      clearml: { source: 'clearml', keys: (['alice', 'bob'] as const).map((w) => ({ accessKey: CALLER[w].clearml[0], secretSha256: sha256(CALLER[w].clearml[1]), principal: w })) },
      comet: { source: 'comet', keys: (['alice', 'bob'] as const).map((w) => ({ sha256: sha256(CALLER[w].comet), principal: w })) },
    },
  });
}

/** Native ids and keys that appear anywhere in a text (ClearML ids: 32 hex; Comet keys: 32 hex too). */
const idsIn = (text: string) => new Set(text.match(/[0-9a-f]{32}/g) ?? []);

describe.each([
  ['memory', undefined],
  ['redis', 'redis://127.0.0.1:6379'],
])('isolation with the %s cache', (_name, redisUrl) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: configFor(redisUrl) });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const gql = async (who: Who, query: string, variables: Record<string, unknown> = {}) => {
    // The Switchyard gateway itself: it is what maps API keys to principals (Hive signs `anonymous`).
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': CALLER[who].apiKey }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, text: await res.text() };
  };
  const clearmlRest = async (who: Who, endpoint: string, body: unknown = {}) => {
    const auth = `Basic ${Buffer.from(CALLER[who].clearml.join(':')).toString('base64')}`;
    const res = await fetch(`${stack.gateway.url}/clearml/${endpoint}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const cometRest = async (who: Who, path: string) => {
    const res = await fetch(`${stack.gateway.url}/comet/api/rest/v2/${path}`, { headers: { authorization: CALLER[who].comet } });
    return { status: res.status, text: await res.text() };
  };

  const LISTS = '{ tasks(first: 200) { edges { node { id name project } } } models(first: 200) { edges { node { id name } } } artifacts(first: 200) { edges { node { id name } } } }';

  it('lists: each principal sees its own objects and none of the other’s, whoever filled the cache first', async () => {
    const seen: Record<Who, string[]> = { alice: [], bob: [], carol: [] };
    for (const who of ['alice', 'bob', 'alice', 'bob', 'bob', 'alice'] as const) {
      const res = await gql(who, LISTS);
      expect(res.status).toBe(200);
      seen[who].push(res.text);
    }
    const aliceIds = new Set(seen.alice.flatMap((t) => [...idsIn(t)]));
    const bobIds = new Set(seen.bob.flatMap((t) => [...idsIn(t)]));
    // Each sees its own…
    for (const id of [...bob.taskIds, ...bob.experimentKeys]) expect(bobIds.has(id)).toBe(true);
    expect(seen.alice[0]).toContain('clearml:task:');
    expect(seen.alice[0]).toContain('comet:experiment:');
    // …and nothing of the other's.
    expect([...aliceIds].filter((id) => bobIds.has(id))).toEqual([]);
    for (const t of seen.alice) expect(t).not.toContain('bob-');
    for (const t of seen.bob) expect(JSON.parse(t).data.tasks.edges.every((e: { node: { name: string } }) => e.node.name.startsWith('bob-'))).toBe(true);
    // The answers repeat exactly: a cache hit serves the same principal the same data.
    expect(new Set(seen.alice).size).toBe(1);
    expect(new Set(seen.bob).size).toBe(1);
  });

  it('by-id and lineage: the other principal’s objects do not exist for you, even right after they were cached', async () => {
    const aliceList = JSON.parse((await gql('alice', '{ tasks(first: 5) { edges { node { id } } } }')).text) as { data: { tasks: { edges: { node: { id: string } }[] } } };
    const aliceTask = aliceList.data.tasks.edges[0]?.node.id ?? '';
    const bobTask = `clearml:task:${bob.taskIds[0] ?? ''}`;
    const bobExp = `comet:experiment:${bob.experimentKeys[0] ?? ''}`;
    const BY_ID = 'query($id: ID!) { task(id: $id) { id name } node(id: $id) { id } }';
    const LINEAGE = 'query($id: ID!) { lineage(of: $id) { nodes { id } } }';
    for (const [owner, other, id] of [['alice', 'bob', aliceTask], ['bob', 'alice', bobTask], ['bob', 'alice', bobExp]] as const) {
      const mine = await gql(owner, BY_ID, { id });
      expect(JSON.parse(mine.text).data.task?.id).toBe(id);
      const theirs = await gql(other, BY_ID, { id });
      expect(JSON.parse(theirs.text).data?.task ?? null).toBeNull();
      expect(theirs.text).not.toContain('bob-');
      const lineageMine = await gql(owner, LINEAGE, { id });
      expect(lineageMine.text).toContain(id);
      const lineageTheirs = await gql(other, LINEAGE, { id });
      const nodes = (JSON.parse(lineageTheirs.text) as { data?: { lineage?: { nodes: { id: string }[] } | null } }).data?.lineage?.nodes ?? [];
      expect(nodes.map((n) => n.id)).not.toContain(id);
    }
  });

  it('sources: both see the configured sources, healthy with their own credential', async () => {
    for (const who of ['alice', 'bob'] as const) {
      const res = JSON.parse((await gql(who, '{ sources { name } }')).text) as { data: { sources: { name: string }[] } };
      expect(res.data.sources.map((s) => s.name).sort()).toEqual(['clearml', 'comet']);
    }
  });

  it('REST passthrough and the union view: each principal reaches the tracker with its own backend credential', async () => {
    const answers: Record<Who, string[]> = { alice: [], bob: [], carol: [] };
    for (const who of ['alice', 'bob', 'bob', 'alice'] as const) {
      const passthrough = await clearmlRest(who, 'tasks.get_all', { only_fields: ['id', 'name'] });
      expect(passthrough.status).toBe(200);
      const union = await clearmlRest(who, 'tasks.get_all?switchyard.sources=clearml,comet', { only_fields: ['id', 'name'] });
      expect(union.status).toBe(200);
      const comet = await cometRest(who, 'workspaces');
      expect(comet.status).toBe(200);
      answers[who].push(passthrough.text, union.text, comet.text);
    }
    const aliceIds = new Set(answers.alice.flatMap((t) => [...idsIn(t)]));
    const bobIds = new Set(answers.bob.flatMap((t) => [...idsIn(t)]));
    for (const id of bob.taskIds) expect(bobIds.has(id)).toBe(true);
    expect(bobIds.has(bob.experimentKeys[0] ?? '')).toBe(true);
    expect(aliceIds.size).toBeGreaterThan(0);
    expect([...aliceIds].filter((id) => bobIds.has(id))).toEqual([]);
    for (const t of answers.alice) expect(t).not.toMatch(/bob-/);
    // Comet: bob's key lists bob's workspace (and the server's default one, which every user has).
    expect(answers.bob.join('\n')).toContain('bob-ws');
  });
});

describe('access rules on GraphQL (catalog)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: configFor(undefined) });
  });
  afterAll(async () => {
    await stack?.close();
  });
  const gql = async (who: Who, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': CALLER[who].apiKey }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  };
  const codes = (r: { errors?: { extensions?: { code?: string } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

  it('a principal limited to one source and some projects sees only those, and a forbidden source asked for by name is FORBIDDEN', async () => {
    const all = await gql('alice', '{ tasks(first: 200) { edges { node { id project } } } }');
    const carol = await gql('carol', '{ tasks(first: 200) { edges { node { id project } } } sources { name } }');
    const rows = (carol.data?.['tasks'] as { edges: { node: { id: string; project: string | null } }[] }).edges.map((e) => e.node);
    const allRows = (all.data?.['tasks'] as { edges: { node: { id: string; project: string | null } }[] }).edges.map((e) => e.node);
    const expected = allRows.filter((r) => r.id.startsWith('clearml:') && /^fraud-[^/]*$/.test(r.project ?? ''));
    // The rule is real on this data: some ClearML rows match it, some rows do not.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(allRows.length);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(carol.data?.['sources']).toEqual([{ name: 'clearml' }]);
    expect(codes(await gql('carol', '{ tasks(filter: { sources: ["comet"] }) { edges { node { id } } } }'))).toContain('FORBIDDEN');
    // By id, an object outside the rules is NOT_FOUND, as if it did not exist.
    const hidden = allRows.find((r) => r.id.startsWith('comet:')) ?? allRows.find((r) => !expected.includes(r));
    const byId = await gql('carol', 'query($id: ID!) { task(id: $id) { id } }', { id: hidden?.id });
    expect(codes(byId)).toEqual(['NOT_FOUND']);
  });

  it('mutations need write: a read-only principal gets FORBIDDEN and nothing is written', async () => {
    const res = await gql('carol', 'mutation { createTask(input: { source: "clearml", project: "switchyard-demo", name: "carol-was-here" }) { id } }');
    expect(codes(res)).toContain('FORBIDDEN');
    const after = await gql('alice', '{ tasks(first: 200, filter: { nameContains: "carol-was-here" }) { edges { node { id } } } }');
    expect((after.data?.['tasks'] as { edges: unknown[] }).edges).toEqual([]);
  });
});

describe('subgraphs trust nothing but a valid principal token', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ trackers: ['clearml'] });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['no token', undefined],
    ['a forged token', 'forged'],
    ['an expired token', 'expired'],
    ['a token signed with another secret', 'other-secret'],
  ])('refuses %s with 401 UNAUTHENTICATED on /graphql and on the source contract', async (_what, kind) => {
    const principal = { id: 'alice', roles: ['user'] };
    const token =
      kind === 'forged'
        ? `${Buffer.from(JSON.stringify({ sub: 'alice', roles: [], exp: Date.now() + 60_000 })).toString('base64url')}.AAAA`
        : kind === 'expired'
          ? signPrincipalToken(principal, stack.config.secrets.principal, { now: () => systemClock.now() - 120_000 })
          : kind === 'other-secret'
            ? signPrincipalToken(principal, 'not-the-secret', systemClock)
            : undefined;
    for (const name of ['catalog', 'clearml', 'comet', 'cmf', 'mlconnector'] as const) {
      for (const [path, body] of [['/graphql', { query: '{ __typename }' }], ['/source/v1/capabilities', {}]] as const) {
        const res = await fetch(`${stack.subgraphs[name].url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { [PRINCIPAL_HEADER]: token } : {}) }, body: JSON.stringify(body) });
        expect([name, path, res.status]).toEqual([name, path, 401]);
        expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      }
    }
    // The control: a valid token is accepted.
    const ok = await fetch(`${stack.subgraphs.clearml.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipalToken(principal, stack.config.secrets.principal, systemClock) }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(ok.status).toBe(200);
  });
});
