/**
 * Bench child: the embedded emulators and the five subgraphs (scripts/stack.ts, in one process), so a
 * gateway measured in another process shares nothing with them but the machine. Its own in-process
 * gateway stays idle. The parent sets emulator delays and reads backend calls over IPC.
 */
import { backendUsage, clearBackendUsage, startStack, type TrackerName } from '../../scripts/stack.js';
import type { Arrival, BackendReady, ChildReply, ChildRequest } from './messages.js';

const stack = await startStack();
let arrivals: Arrival[] = [];

function setFaults(delayMs: number, track: boolean): void {
  for (const tracker of ['clearml', 'comet', 'cmf', 'mlconnector'] as const satisfies readonly TrackerName[]) {
    const em = stack.emulators[tracker];
    if (!em) continue;
    // mapRequestBody runs when a request arrives, before any delay: the arrival time of every backend call.
    const tracking = track ? { mapRequestBody: (b: Buffer) => (arrivals.push({ tracker, t: Date.now() }), b) } : {};
    em.faults.set(delayMs > 0 || track ? [{ ...(delayMs > 0 ? { delayMs } : {}), ...tracking }] : []);
  }
}

process.on('message', (m: ChildRequest) => {
  const reply = (r: ChildReply) => process.send?.(r);
  switch (m.op) {
    case 'faults':
      setFaults(m.delayMs, m.track);
      return reply({ id: m.id, ok: true });
    case 'arrivals': {
      const out = arrivals;
      arrivals = [];
      return reply({ id: m.id, arrivals: out });
    }
    case 'usage': {
      const usage = backendUsage(stack);
      if (m.clear) clearBackendUsage(stack);
      return reply({ id: m.id, usage });
    }
    case 'stats': {
      const c = process.cpuUsage();
      return reply({ id: m.id, stats: { user: c.user, system: c.system, rss: process.memoryUsage().rss } });
    }
    case 'exit':
      void stack.close().finally(() => process.exit(0));
      return;
  }
});
process.on('disconnect', () => void stack.close().finally(() => process.exit(0)));

const { catalog, clearml, comet, cmf, mlconnector } = stack.subgraphs;
const ready: BackendReady = {
  ready: 'backend',
  config: stack.config,
  subgraphUrls: { catalog: catalog.url, clearml: clearml.url, comet: comet.url, cmf: cmf.url, mlconnector: mlconnector.url },
  emulatorUrls: Object.fromEntries(Object.entries(stack.emulators).map(([k, em]) => [k, em.url])),
};
process.send?.(ready);
