/** Global ids of MLConnector's kinds (subgraphs/shared/ids.ts registry, DESIGN §3). */
import { encodeId } from '../../shared/ids.js';

export const modelId = (instance: string, modelid: string): string => encodeId({ instance, kind: 'model', native: [modelid] });
export const deploymentId = (instance: string, id: string): string => encodeId({ instance, kind: 'deployment', native: [id] });
export const operationId = (instance: string, id: string): string => encodeId({ instance, kind: 'operation', native: [id] });
export const fileId = (instance: string, modelid: string, fileKind: string): string => encodeId({ instance, kind: 'file', native: [modelid, fileKind] });
