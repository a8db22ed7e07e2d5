export { mapTask, mapParameters, mapLastMetrics, type ClearMLTaskView, type MapTaskContext } from './mapTask.js';
export { mapStatus, clearmlStatusesFor } from './mapStatus.js';
export { mapTime, toClearMLTime } from './mapTime.js';
