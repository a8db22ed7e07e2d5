/**
 * Where a gateway's CPU goes: the top self-time frames and packages of a V8 `.cpuprofile` written by
 * `--cpu-prof` (BENCH_CPU_PROF=<dir> on gateway-vs-plain).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly hitCount?: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

/** `node_modules/<pkg>` (scoped too), `switchyard/<top folder>`, `node:` internals or the frame's kind. */
function packageOf(url: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /file:\/\/.*?\/(gateway|subgraphs|schema|bench|scripts)\//.exec(url);
  if (own) return `switchyard ${own[1] as string}`;
  return url === '' ? '(native / GC / idle)' : url;
}

export function summarizeProfiles(dir: string, top = 12): { frames: string[]; packages: string[] } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const profile = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: ProfileNode[] };
    for (const n of profile.nodes) {
      const hits = n.hitCount ?? 0;
      if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
      total += hits;
      const file = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(gateway|subgraphs|schema|bench|scripts)\//, '$1/');
      const key = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
      frames.set(key, (frames.get(key) ?? 0) + hits);
      const pkg = packageOf(n.callFrame.url);
      packages.set(pkg, (packages.get(pkg) ?? 0) + hits);
    }
  }
  const pct = (n: number) => `${((100 * n) / Math.max(total, 1)).toFixed(1)}%`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) => `${pct(n).padStart(6)}  ${k}`);
  return { frames: sorted(frames), packages: sorted(packages) };
}
