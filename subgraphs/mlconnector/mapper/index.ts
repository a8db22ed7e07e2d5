export * from './ids.js';
export * from './mapDeployment.js';
export * from './mapModel.js';
export * from './mapOperation.js';
export * from './pyLiteral.js';
export * from './status.js';
