/**
 * The `service.action` → handler table. Endpoints of the 2.3.0 catalog without a handler answer
 * 501 in the ClearML envelope (see `pipeline.ts`); unknown names are 404 like on the real server.
 */
import type { EndpointHandler } from './context.js';
import { eventHandlers } from './handlers/events.js';
import { modelMetadataHandlers } from './handlers/modelMetadata.js';
import { modelHandlers } from './handlers/models.js';
import { projectHandlers } from './handlers/projects.js';
import { servingHandlers } from './handlers/serving.js';
import { systemHandlers } from './handlers/system.js';
import { taskExtraHandlers } from './handlers/tasksExtra.js';
import { taskReadHandlers } from './handlers/tasksRead.js';
import { taskStatusHandlers } from './handlers/taskStatus.js';
import { taskWriteHandlers } from './handlers/tasksWrite.js';

export const ROUTES: Readonly<Record<string, EndpointHandler>> = {
  ...systemHandlers,
  ...projectHandlers,
  ...taskReadHandlers,
  ...taskWriteHandlers,
  ...taskStatusHandlers,
  ...taskExtraHandlers,
  ...eventHandlers,
  ...modelHandlers,
  ...modelMetadataHandlers,
  ...servingHandlers,
};

/** Names of the endpoints with real semantics (for the README and tests). */
export const IMPLEMENTED_ENDPOINTS: readonly string[] = Object.keys(ROUTES).sort();
