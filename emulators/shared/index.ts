export { type Clock, systemClock, ManualClock } from './clock.js';
export { type AvailabilityHook, type FaultRule, FaultController, malformedJson } from './faults.js';
export { type MultipartPart, multipartBoundary, parseMultipart } from './multipart.js';
export {
  type EmulatorRequest,
  type EmulatorResponse,
  type EmulatorHandler,
  type EmulatorHandle,
  type RecordedRequest,
  type StartEmulatorOptions,
  startEmulatorServer,
  json,
} from './httpKit.js';

/** `real`: what the real server does, quirks included; `documented`: what its docs promise where they differ. */
export type Fidelity = 'real' | 'documented';
export * as demoStory from './demoStory.js';
