import type { Origin } from '../../shared/model.js';

/** Where an object came from; `url` is a web UI deep link below `webUrl` (null without one or without a path). */
export function clearmlOrigin(instance: string, nativeId: string, webUrl: string | undefined, path: string | null): Origin {
  return { source: instance, kind: 'CLEARML', nativeId, url: webUrl && path ? `${webUrl.replace(/\/+$/, '')}/${path}` : null };
}
