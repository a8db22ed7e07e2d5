/**
 * One `mlmd_pull` document → everything Switchyard serves of its pipelines, pure: the executions
 * (Task), the artifacts (Artifact) and Model artifacts (Model) each once, the native lineage edges
 * from the events (INPUT: artifact → execution, INPUT_OF; OUTPUT: execution → artifact, OUTPUT_OF;
 * evidence `native`), each model's metrics and card, and the newest server time in the document (the
 * watermark the cache revalidates against).
 */
import type { LineageEdgeValue, MetricSummary } from '../../shared/model.js';
import { type MlmdDocumentWire, recordsOf } from '../connector/wire.js';
import { artifactId, type CmfArtifactView, type CmfModelView, mapArtifact } from './mapArtifact.js';
import { type CmfExecutionView, mapExecution } from './mapExecution.js';
import { eventArtifacts, INPUT_EVENTS, metricsOf, OUTPUT_EVENTS } from './metrics.js';
import { epochMs, field, props, text } from './values.js';

export interface CmfPipelineData {
  readonly pipeline: string;
  /** Newest `last_update_time_since_epoch` in the document (server time), or null. */
  readonly watermark: number | null;
  readonly executions: readonly CmfExecutionView[];
  /** Every artifact but Model artifacts. */
  readonly artifacts: readonly CmfArtifactView[];
  readonly models: readonly CmfModelView[];
  readonly edges: readonly LineageEdgeValue[];
}

/** The pipeline's name: `name`, else its `Pipeline` property. */
export function pipelineNameOf(pipeline: unknown): string | null {
  return text(field(pipeline, 'name')) ?? text(props(pipeline, 'properties')['Pipeline']);
}

/** Every pipeline of the document, mapped. */
export function mapPipelines(doc: MlmdDocumentWire, instance: string): CmfPipelineData[] {
  return doc.Pipeline.flatMap((p) => {
    const name = pipelineNameOf(p);
    return name ? [mapPipeline(p, instance, name)] : [];
  });
}

interface ExecutionEvents {
  readonly view: CmfExecutionView;
  readonly inputs: readonly Record<string, unknown>[];
  readonly outputs: readonly Record<string, unknown>[];
}

export function mapPipeline(pipeline: unknown, instance: string, name: string): CmfPipelineData {
  let watermark = epochMs(field(pipeline, 'last_update_time_since_epoch'));
  const seen = (v: unknown) => {
    const ms = epochMs(v);
    if (ms !== null && (watermark === null || ms > watermark)) watermark = ms;
  };
  const executions = new Map<string, ExecutionEvents>();
  const rawArtifacts = new Map<string, Record<string, unknown>>();
  for (const stage of recordsOf(pipeline, 'stages')) {
    seen(stage['last_update_time_since_epoch']);
    for (const execution of recordsOf(stage, 'executions')) {
      seen(execution['last_update_time_since_epoch']);
      const inputs = eventArtifacts(execution, INPUT_EVENTS);
      const outputs = eventArtifacts(execution, OUTPUT_EVENTS);
      for (const a of [...inputs, ...outputs]) {
        seen(a['last_update_time_since_epoch']);
        const n = text(a['name']);
        if (n && !rawArtifacts.has(n)) rawArtifacts.set(n, a);
      }
      const view = mapExecution(execution, { instance, pipeline: name, stage: text(stage['name']) });
      if (view && !executions.has(view.executionUuid)) executions.set(view.executionUuid, { view, inputs, outputs });
    }
  }
  const edges = new Map<string, LineageEdgeValue>();
  const addEdge = (from: string, to: string, relation: 'INPUT_OF' | 'OUTPUT_OF') => edges.set(`${from} ${to} ${relation}`, { from, to, relation, evidence: 'native' });
  const idOf = (a: Record<string, unknown>) => artifactId(instance, name, text(a['name']) ?? '', text(a['type']));
  for (const { view, inputs, outputs } of executions.values()) {
    for (const a of inputs) if (text(a['name'])) addEdge(idOf(a), view.id, 'INPUT_OF');
    for (const a of outputs) if (text(a['name'])) addEdge(view.id, idOf(a), 'OUTPUT_OF');
  }
  // Which executions read or wrote each artifact, built once: a model's card needs only its own.
  const touching = new Map<string, ExecutionEvents[]>();
  for (const e of executions.values()) {
    for (const n of new Set([...e.inputs, ...e.outputs].map((a) => text(a['name'])))) {
      if (n) touching.set(n, [...(touching.get(n) ?? []), e]);
    }
  }
  const artifacts: CmfArtifactView[] = [];
  const models: CmfModelView[] = [];
  for (const raw of rawArtifacts.values()) {
    const view = mapArtifact(raw, { instance, pipeline: name });
    if (view?.__typename === 'CmfArtifact') artifacts.push(view);
    else if (view) models.push(withModelCard(view, touching.get(view.mlmdName) ?? []));
  }
  return { pipeline: name, watermark, executions: [...executions.values()].map((e) => e.view), artifacts, models, edges: [...edges.values()] };
}

/**
 * A model's metrics and card from the executions that wrote or read it: metrics are those of the
 * Metrics artifacts these executions output (an evaluation's scores, typically); the card mirrors
 * `/model-card`'s four parts (the model, its executions, their other inputs and outputs).
 */
function withModelCard(model: CmfModelView, related: readonly ExecutionEvents[]): CmfModelView {
  const touches = (list: readonly Record<string, unknown>[]) => list.some((a) => a['name'] === model.mlmdName);
  const others = (pick: (e: ExecutionEvents) => readonly Record<string, unknown>[]) => {
    const out = new Map<string, { id: string; name: string; type: string | null }>();
    for (const e of related) {
      for (const a of pick(e)) {
        const n = text(a['name']);
        if (n && n !== model.mlmdName && !out.has(n)) out.set(n, { id: artifactId(model.origin.source, model.pipeline, n, text(a['type'])), name: n, type: text(a['type']) });
      }
    }
    return [...out.values()];
  };
  const metrics: MetricSummary[] = metricsOf(related.flatMap((e) => e.outputs));
  const modelCard = {
    model: { id: model.id, name: model.mlmdName, framework: model.framework, modelType: model.modelType, modelName: model.modelName, uri: model.mlmdUri, url: model.url },
    executions: related.map((e) => ({ id: e.view.id, name: e.view.name, stage: e.view.stage, executionUuid: e.view.executionUuid, role: touches(e.outputs) ? 'producer' : 'consumer' })),
    inputArtifacts: others((e) => e.inputs),
    outputArtifacts: others((e) => e.outputs),
  };
  return { ...model, metrics, modelCard };
}
