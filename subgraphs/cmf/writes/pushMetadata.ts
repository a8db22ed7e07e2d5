/**
 * `pushMetadata(source, pipeline, mlmd)`: what `cmf metadata push` does, through the source contract.
 * The document goes to `POST mlmd_push` as cmflib sends it (`json_payload` = the document as a JSON
 * string, `exec_uuid: null`, `pipeline_name`); CMF merges it by Execution_uuid. Answers:
 * `success` / `exists` → the result, with the ids of the executions the document carries for the
 * pipeline; `pipeline_not_exist` (and generation A0's 404) → BAD_USER_INPUT (the document has no
 * pipeline of that name); 400 (no pipeline in the document) and 422 (`version_update`: executions
 * without Execution_uuid, or a request CMF's validation refused) → BAD_USER_INPUT. The pipeline's
 * cached pull and the pipeline list are dropped whatever the outcome (CMF logs merge errors and still
 * says `success`, and a timed-out push may have landed).
 */
import { switchyardError } from '../../shared/errors.js';
import type { WriteResponse } from '../../shared/sourceContract.js';
import { isMlmdDocument, isRecord, recordsOf } from '../connector/index.js';
import { executionId, pipelineNameOf } from '../mapper/index.js';
import type { CmfSource } from '../source.js';

/** The contract's write op (shared WriteRequest member `pushMetadata`). */
export interface PushMetadataRequest {
  readonly op: 'pushMetadata';
  readonly instance: string;
  readonly pipeline: string;
  /** The MLMD document (`{"Pipeline": [...]}`), or that document already serialised. */
  readonly mlmd: unknown;
}

export interface PushMetadataResult extends WriteResponse {
  /** CMF's answer: `success`, or `exists` when every execution was already stored. */
  readonly status: 'success' | 'exists';
  /** Global ids of the executions the document carries for the pipeline (the first is `id`). */
  readonly ids: readonly string[];
}

export async function pushMetadata(source: CmfSource, req: PushMetadataRequest): Promise<PushMetadataResult> {
  const inst = source.instance(req.instance);
  const bad = (why: string) => switchyardError('BAD_USER_INPUT', why, { source: inst.config.name });
  const pipeline = req.pipeline.trim();
  if (!pipeline) throw bad('"pipeline" must not be empty.');
  const doc = typeof req.mlmd === 'string' ? parseOrThrow(req.mlmd, bad) : req.mlmd;
  if (!isMlmdDocument(doc)) throw bad('"mlmd" must be the MLMD JSON document ({"Pipeline": [...]}).');
  const payload = typeof req.mlmd === 'string' ? req.mlmd : JSON.stringify(doc);
  try {
    const status = await inst.connector.push(pipeline, payload);
    if (status === 'pipeline_not_exist') throw bad(`The document holds no pipeline named "${pipeline}".`);
    if (status !== 'success' && status !== 'exists') throw switchyardError('SOURCE_ERROR', `Source "${inst.config.name}" answered mlmd_push with an unknown status.`, { source: inst.config.name });
    const ids = executionIds(inst.config.name, doc.Pipeline, pipeline);
    return { id: ids[0] ?? '', status: status === 'success' ? 'success' : 'exists', ids };
  } finally {
    await inst.invalidatePipeline(pipeline);
  }
}

function parseOrThrow(text: string, bad: (why: string) => Error): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bad('"mlmd" is not valid JSON.');
  }
}

/** The ids of the document's executions of `pipeline` that carry an Execution_uuid, in document order. */
export function executionIds(instance: string, pipelines: readonly unknown[], pipeline: string): string[] {
  const out: string[] = [];
  for (const p of pipelines.filter((x) => pipelineNameOf(x) === pipeline)) {
    for (const stage of recordsOf(p, 'stages')) {
      for (const e of recordsOf(stage, 'executions')) {
        const properties = e['properties'];
        const uuid = isRecord(properties) ? properties['Execution_uuid'] : undefined;
        if (typeof uuid === 'string' && uuid !== '') out.push(executionId(instance, pipeline, uuid));
      }
    }
  }
  return [...new Set(out)];
}
