/**
 * The emulated per-deployment inference container (template in mlconnector/src/utils/api/generate_dockerfile.py):
 * `POST /prediction`, whose body schema is built from the model's featurelist (kind 0; cont → float, cat → str),
 * answering `{"inference": "<str(numpy array)>"}`, `{"url": <data_link>}` for link inference, or HTTP 200
 * `{"error": "Failed to load model: …"}`; after each value prediction it POSTs the operation back to MLConnector.
 */
import { type EmulatorResponse, json } from '../shared/index.js';
import { isObject, type Json, type JsonObject, missing, pyFloat, type ValidationError, unprocessable } from './fastapi.js';
import type { ModelRec } from './store.js';

/** Features the container requires: featurelist entries with kind 0. */
export function inputFeatures(model: ModelRec): { readonly name: string; readonly type: 'cont' | 'cat' }[] {
  const list = Array.isArray(model['featurelist']) ? model['featurelist'] : [];
  return list.filter(isObject).filter((f) => f['kind'] === 0 && typeof f['feature_name'] === 'string').map((f) => ({ name: f['feature_name'] as string, type: f['type'] === 'cat' ? 'cat' : 'cont' }));
}

/** The emulated model: 10 + 0.3·Σ(cont) + 1.5·Σ len(cat), rounded to 2 decimals. Deterministic, illustrative. */
export function predictValue(model: ModelRec, data: JsonObject): number {
  let y = 10;
  for (const f of inputFeatures(model)) {
    const v = data[f.name];
    y += f.type === 'cont' ? 0.3 * (typeof v === 'number' ? v : 0) : 1.5 * String(v ?? '').length;
  }
  return Math.round(y * 100) / 100;
}

/** numpy's str() of a one-element float array: `[342.17]`, `[342.]`. */
export function numpyArray(n: number): string {
  return `[${Number.isInteger(n) ? `${n}.` : String(n)}]`;
}

/** Python str() of the validated data dict (cont values are floats). */
export function dataRepr(model: ModelRec, data: JsonObject): string {
  const parts = inputFeatures(model).map((f) => {
    const v = data[f.name];
    const value = f.type === 'cont' ? pyFloat(v as number) : pyStrOf(v as string);
    return `${pyStrOf(f.name)}: ${value}`;
  });
  return `{${parts.join(', ')}}`;
}

function pyStrOf(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

export type PredictionOutcome =
  | { readonly response: EmulatorResponse }
  | { readonly response: EmulatorResponse; readonly operation: { readonly data: string; readonly result: string } };

/** Handles one `POST /prediction` for a deployment of `model` with `inferenceData` (0 values, 1 link). */
export function predict(model: ModelRec, inferenceData: number, body: Json, modelFileSize: number): PredictionOutcome {
  if (!isObject(body)) {
    return { response: unprocessable([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }]) };
  }
  const errors: ValidationError[] = [];
  const explanation = body['explanation'];
  const checkExplanation = (): void => {
    if (explanation !== undefined && typeof explanation !== 'boolean') {
      errors.push({ type: 'bool_parsing', loc: ['body', 'explanation'], msg: 'Input should be a valid boolean, unable to interpret input', input: explanation });
    }
  };
  if (inferenceData !== 0) {
    const link = body['data_link'];
    if (link === undefined) errors.push(missing(['body', 'data_link'], body));
    else if (typeof link !== 'string') errors.push({ type: 'string_type', loc: ['body', 'data_link'], msg: 'Input should be a valid string', input: link });
    checkExplanation();
    if (errors.length > 0) return { response: unprocessable(errors) };
    return { response: json(200, { url: link as string }) };
  }
  const data = body['data'];
  const values: JsonObject = {};
  if (data === undefined) errors.push(missing(['body', 'data'], body));
  else if (!isObject(data)) errors.push({ type: 'model_type', loc: ['body', 'data'], msg: 'Input should be a valid dictionary or instance of DynamicSchema', input: data, ctx: { class_name: 'DynamicSchema' } });
  else {
    for (const f of inputFeatures(model)) {
      const loc = ['body', 'data', f.name];
      const v = data[f.name];
      if (v === undefined) errors.push(missing(loc, data));
      else if (f.type === 'cat') {
        if (typeof v === 'string') values[f.name] = v;
        else errors.push({ type: 'string_type', loc, msg: 'Input should be a valid string', input: v });
      } else if (typeof v === 'number') values[f.name] = v;
      else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) values[f.name] = Number(v);
      else if (typeof v === 'string') errors.push({ type: 'float_parsing', loc, msg: 'Input should be a valid number, unable to parse string as a number', input: v });
      else errors.push({ type: 'float_type', loc, msg: 'Input should be a valid number', input: v });
    }
  }
  checkExplanation();
  if (errors.length > 0) return { response: unprocessable(errors) };
  if (modelFileSize === 0) return { response: json(200, { error: 'Failed to load model: Ran out of input' }) };
  const result = numpyArray(predictValue(model, values));
  return { response: json(200, { inference: result }), operation: { data: dataRepr(model, values), result } };
}
