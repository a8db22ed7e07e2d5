/**
 * `documented` fidelity: what mlconnector/api_full_documentation.md and docs/references/ml-connector.md promise where
 * the code differs (reference §3, §4.4, §7, §9): `drift_detection` may be omitted, float `threshold`s, a boolean
 * `placement.continuum`, no 500-after-save quirk, `POST /mltraining/add`, and `POST /deployment/{id}/predict`
 * (`{"data": [[…]], "explain": bool}` → `{"prediction": […], "explanation": {"feature_importance": […], "method": "shap"}}`).
 */
import { randomUUID } from 'node:crypto';
import { json } from '../shared/index.js';
import { detail, type Json, type JsonObject, readJsonBody, type Spec, validateBody } from './fastapi.js';
import { dataRepr, inputFeatures, numpyArray, predictValue } from './inference.js';
import { addOperation, type Route } from './routes.js';
import { MLDeploymentCreate, MLModelCreate } from './schemas.js';

type ObjSpec = Extract<Spec, { kind: 'obj' }>;

function patchFields(spec: ObjSpec, patch: (name: string, f: ObjSpec['fields'][number]) => ObjSpec['fields'][number]): ObjSpec {
  return { ...spec, fields: spec.fields.map((f) => patch(f.name, f)) };
}

let modelSpec: ObjSpec | undefined;
export function documentedModelCreate(): ObjSpec {
  modelSpec ??= patchFields(MLModelCreate, (name, f) => {
    if (name === 'drift_detection') return { ...f, presence: 'opt' };
    if (name === 'trainingresource') return { ...f, nullable: true };
    if (name === 'modelperformance' && f.spec.kind === 'list' && f.spec.item.kind === 'obj') {
      const item = patchFields(f.spec.item, (n, g) => (n === 'threshold' ? { ...g, spec: { kind: 'number' } } : g));
      return { ...f, spec: { kind: 'list', item } };
    }
    return f;
  });
  return modelSpec;
}

let deploymentSpec: ObjSpec | undefined;
export function documentedDeploymentCreate(): ObjSpec {
  deploymentSpec ??= patchFields(MLDeploymentCreate, (name, f) => {
    if (name === 'placement' && f.spec.kind === 'obj') {
      return { ...f, spec: patchFields(f.spec, (n, g) => (n === 'continuum' ? { ...g, spec: { kind: 'strOrBool' } } : g)) };
    }
    return f;
  });
  return deploymentSpec;
}

/** schema/mltraining.py (its own Placement: `continuum: bool = False`). */
export const MLTrainCreate: ObjSpec = {
  kind: 'obj',
  name: 'MLTrainCreate',
  fields: [
    { name: 'modelid', spec: { kind: 'str' }, presence: 'req', nullable: false },
    {
      name: 'placement',
      presence: 'req',
      nullable: false,
      spec: {
        kind: 'obj',
        name: 'Placement',
        fields: [
          { name: 'clusterID', spec: { kind: 'str' }, presence: 'opt', nullable: true },
          { name: 'node', spec: { kind: 'str' }, presence: 'opt', nullable: true },
          { name: 'continuum', spec: { kind: 'bool' }, presence: 'opt', nullable: false, fallback: false },
        ],
      },
    },
  ],
};

const PredictBody: ObjSpec = {
  kind: 'obj',
  name: 'PredictRequest',
  fields: [
    { name: 'data', spec: { kind: 'list', item: { kind: 'list', item: { kind: 'number' } } }, presence: 'req', nullable: false },
    { name: 'explain', spec: { kind: 'bool' }, presence: 'opt', nullable: false, fallback: false },
  ],
};

const round2 = (n: number): number => Math.round(n * 100) / 100;

export const documentedRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/mltraining/add',
    handler: (req, _p, ctx) => {
      const body = readJsonBody(req);
      if ('error' in body) return body.error;
      const valid = validateBody(MLTrainCreate, body.value);
      if ('error' in valid) return valid.error;
      const modelid = valid.value['modelid'] as string;
      if ([...ctx.store.trainings.values()].some((t) => t.modelid === modelid && t.status === 'waiting')) return detail(400, 'ML model training instance is already running');
      if (!ctx.store.models.has(modelid)) return detail(404, 'No model details found with that model_id');
      const placement = valid.value['placement'] as { clusterID: string | null; node: string | null; continuum: boolean };
      const row = { modelid, placement, deployment_id: randomUUID(), status: 'waiting' };
      ctx.store.trainings.set(row.deployment_id, row);
      return json(201, row);
    },
  },
  {
    method: 'POST',
    pattern: '/deployment/{deployment_id}/predict',
    handler: async (req, p, ctx) => {
      const id = p['deployment_id'] ?? '';
      const body = readJsonBody(req);
      if ('error' in body) return body.error;
      const checked = validateBody(PredictBody, body.value);
      if ('error' in checked) return checked.error;
      const valid = checked.value;
      const row = ctx.store.deployments.get(id);
      if (!row) return detail(404, 'Deployment was not found');
      if (ctx.store.stateOf(id)?.status !== 'deployed') return detail(409, 'Deployment is not running');
      const model = ctx.store.models.get(row.modelid);
      if (!model) return detail(404, 'No model details found with that model_id');
      const features = inputFeatures(model);
      const rows = valid['data'] as number[][];
      const wrong = rows.findIndex((r) => r.length !== features.length);
      if (wrong >= 0) return detail(400, `Expected ${features.length} features per row, got ${rows[wrong]?.length ?? 0}`);
      const classify = /class/i.test(model.modelkind);
      const predictions: Json[] = [];
      for (const r of rows) {
        const values: JsonObject = Object.fromEntries(features.map((f, i) => [f.name, f.type === 'cat' ? String(r[i]) : (r[i] ?? 0)]));
        const score = predictValue(model, values);
        predictions.push(classify ? (score >= 50 ? 1 : 0) : score);
        const callback = { ownerid: row.ownerid, deploymentid: id, modelid: row.modelid, data: dataRepr(model, values), result: numpyArray(score), timestamp: new Date(ctx.clock.now()).toISOString() };
        await addOperation({ method: 'POST', path: '/deployment/add/operation', query: new URLSearchParams(), headers: {}, body: Buffer.from(JSON.stringify(callback)) }, {}, ctx);
      }
      const out: JsonObject = { prediction: predictions };
      if (valid['explain'] === true) {
        const first = rows[0] ?? [];
        const weights = features.map((f, i) => Math.abs(f.type === 'cat' ? 1.5 * String(first[i]).length : 0.3 * (first[i] ?? 0)));
        const total = weights.reduce((a, b) => a + b, 0) || 1;
        out['explanation'] = { feature_importance: weights.map((w) => round2(w / total)), method: 'shap' };
      }
      return json(200, out);
    },
  },
];
