import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type MLConnectorEmulator, SEED_DEPLOYMENT_ID, SEED_FRAUD_MODEL_ID, SEED_OPERATION_ID, SEED_OWNER_ID, startMLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../shared/principalToken.js';
import { type RunningMLConnectorSubgraph, startMLConnectorSubgraph } from '../index.js';
import { START } from './harness.js';

const SECRET = 'test-secret';
const clock = new ManualClock(START);
let emulator: MLConnectorEmulator | undefined;
let subgraph: RunningMLConnectorSubgraph | undefined;

const fraud = `mlc:model:${SEED_FRAUD_MODEL_ID}`;
const dep = `mlc:deployment:${SEED_DEPLOYMENT_ID}`;
const op = `mlc:operation:${SEED_OPERATION_ID}`;

beforeAll(async () => {
  emulator = await startMLConnectorEmulator({ clock, seed: true });
  const emu = emulator;
  subgraph = await startMLConnectorSubgraph({ instances: [{ name: 'mlc', url: emu.url, owners: [SEED_OWNER_ID] }], clock, principalSecret: SECRET });
});

afterAll(async () => {
  await subgraph?.close();
  await emulator?.close();
});

const auth = () => ({ 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipalToken({ id: 'tester', roles: [] }, SECRET, clock) });

type Entities = { data?: { _entities: (Record<string, unknown> | null)[] }; errors?: Record<string, unknown>[] };

async function graphql(query: string, variables: Record<string, unknown>): Promise<Entities> {
  const res = await fetch(`${subgraph?.url ?? ''}/graphql`, { method: 'POST', headers: auth(), body: JSON.stringify({ query, variables }) });
  return (await res.json()) as Entities;
}

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on MLConnectorModel { id name kind createdAt tags metrics { name } hyperparameters { name value } thresholds { metric threshold } features { name type role } inference { type value } driftDetection { enabled method } origin { kind nativeId } }
  ... on MLConnectorDeployment { id name status endpoint placement state owner operations { id result } }
  ... on MLConnectorOperation { id data result timestamp deploymentId modelId } } }`;

describe('the MLConnector subgraph', () => {
  it('resolves models, deployments and operations by reference', async () => {
    const out = await graphql(ENTITIES, {
      r: [
        { __typename: 'MLConnectorModel', id: fraud },
        { __typename: 'MLConnectorDeployment', id: dep },
        { __typename: 'MLConnectorOperation', id: op },
        { __typename: 'MLConnectorModel', id: 'mlc:model:unknown' },
        { __typename: 'MLConnectorModel', id: dep },
      ],
    });
    expect(out.errors).toBeUndefined();
    const [model, deployment, operation, unknown, wrongKind] = out.data?._entities ?? [];
    expect(model).toMatchObject({ name: 'fraud-classifier', kind: 'classification', createdAt: null, metrics: null, origin: { kind: 'MLCONNECTOR', nativeId: SEED_FRAUD_MODEL_ID } });
    expect(model?.['features']).toContainEqual({ name: 'is_fraud', type: 'cat', role: 'TARGET' });
    expect(model?.['driftDetection']).toEqual([{ enabled: true, method: 'mean-shift' }]);
    expect(deployment).toMatchObject({ id: dep, name: SEED_DEPLOYMENT_ID, status: 'RUNNING', state: 'deployed', owner: SEED_OWNER_ID, operations: [{ id: op }] });
    expect(operation).toMatchObject({ id: op, deploymentId: dep, modelId: fraud });
    expect(typeof operation?.['timestamp']).toBe('string');
    expect(unknown).toBeNull();
    expect(wrongKind).toBeNull();
  });

  it('serves the source contract', async () => {
    const res = await fetch(`${subgraph?.url ?? ''}/source/v1/list`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ instance: 'mlc', kind: 'deployment', order: 'CREATED_AT_DESC', first: 10, after: null, filter: {} }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { id: string; status: string }[] };
    expect(body.rows).toEqual([expect.objectContaining({ id: dep, status: 'RUNNING' })]);
    const task = await fetch(`${subgraph?.url ?? ''}/source/v1/list`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ instance: 'mlc', kind: 'task', order: 'CREATED_AT_DESC', first: 10, after: null, filter: {} }),
    });
    expect(((await task.json()) as { error: { code: string } }).error.code).toBe('NOT_SUPPORTED_BY_SOURCE');
  });
});
