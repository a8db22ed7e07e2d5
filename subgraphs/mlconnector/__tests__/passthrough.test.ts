import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type MLConnectorEmulator, startMLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import { MLConnectorConnector } from '../index.js';
import { exchange } from './fixtures.js';
import { START } from './harness.js';

let emulator: MLConnectorEmulator | undefined;
let connector: MLConnectorConnector;

beforeAll(async () => {
  const emu = await startMLConnectorEmulator({ clock: new ManualClock(START), seed: true });
  emulator = emu;
  connector = new MLConnectorConnector({ instance: 'mlc', baseUrl: emu.url });
});
afterAll(async () => emulator?.close());

const raw = (method: string, path: string, body?: unknown) => ({
  method,
  path,
  search: '',
  headers: body === undefined ? {} : { 'content-type': 'application/json' },
  body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
});

describe('forward (the /mlconnector passthrough)', () => {
  it('hands back status and body as the server sent them, 422s included', async () => {
    const rec = exchange('model_add_422_without_drift_detection');
    const res = await connector.forward(raw('POST', '/model/add', (rec.request as { json?: unknown; body?: unknown }).json ?? rec.request.body));
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual(rec.response.body);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('passes FastAPI route errors through', async () => {
    const res = await connector.forward(raw('GET', '/model/get/x'));
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ detail: 'Not Found' });
  });
});
