/**
 * The dependency arrows of STYLE §3, checked on every import: gateway → subgraphs → schema; emulators
 * stand apart; the catalog knows sources only through the contract; mappers do no I/O. (A lint rule
 * would say the same; a test needs no extra tooling and fails CI just as well.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../schema/repoRoot.js';

const root = repoRoot();

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules') continue;
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const isTest = (file: string) => file.includes('__tests__/') || file.endsWith('.test.ts');

/** Imports of a file: relative ones resolved to repo paths, bare ones as package names. */
function importsOf(file: string): { path?: string; pkg?: string }[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
  return specs.map((s) => (s.startsWith('.') ? { path: relative(root, resolve(join(root, dirname(file)), s)) } : { pkg: s }));
}

interface Rule {
  readonly what: string;
  readonly from: (file: string) => boolean;
  readonly forbidden: (imp: { path?: string; pkg?: string }) => boolean;
}

const under = (prefix: string) => (p?: string) => p !== undefined && (p === prefix || p.startsWith(`${prefix}/`));
const TRACKERS = ['clearml', 'comet', 'cmf', 'mlconnector'];

const RULES: readonly Rule[] = [
  { what: 'emulators import nothing from subgraphs or gateway', from: (f) => f.startsWith('emulators/'), forbidden: (i) => under('subgraphs')(i.path) || under('gateway')(i.path) },
  { what: 'subgraphs never import the gateway or the emulators', from: (f) => f.startsWith('subgraphs/') && !isTest(f), forbidden: (i) => under('gateway')(i.path) || under('emulators')(i.path) },
  { what: 'the catalog knows sources only through the contract', from: (f) => f.startsWith('subgraphs/catalog/'), forbidden: (i) => TRACKERS.some((t) => under(`subgraphs/${t}`)(i.path)) },
  { what: 'subgraphs/shared imports no subgraph', from: (f) => f.startsWith('subgraphs/shared/') && !isTest(f), forbidden: (i) => ['catalog', ...TRACKERS].some((t) => under(`subgraphs/${t}`)(i.path)) },
  ...TRACKERS.map((t) => ({
    what: `the ${t} subgraph imports no other tracker`,
    from: (f: string) => f.startsWith(`subgraphs/${t}/`),
    forbidden: (i: { path?: string }) => TRACKERS.some((other) => other !== t && under(`subgraphs/${other}`)(i.path)),
  })),
  { what: 'mappers do no I/O', from: (f) => f.includes('/mapper/') && !isTest(f), forbidden: (i) => ['got', 'keyv', '@keyv/redis', 'node:http', 'node:https', 'dataloader'].includes(i.pkg ?? '') || (i.path?.includes('/connector/') === true && !i.path.endsWith('/connector/wire.js')) },
  { what: 'schema imports nothing from subgraphs or gateway', from: (f) => f.startsWith('schema/') && !isTest(f), forbidden: (i) => under('subgraphs')(i.path) || under('gateway')(i.path) },
  { what: 'the gateway reaches a tracker only through its connector or public index', from: (f) => f.startsWith('gateway/') && !isTest(f), forbidden: (i) => TRACKERS.some((t) => under(`subgraphs/${t}`)(i.path) && i.path !== `subgraphs/${t}/index.js` && !i.path?.startsWith(`subgraphs/${t}/connector/index`)) },
];

describe('layering', () => {
  const files = ['schema', 'subgraphs', 'gateway', 'emulators'].flatMap(sources);

  it('finds the code it checks', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(RULES.map((r) => [r.what, r] as const))('%s', (_what, rule) => {
    const offences = files.filter(rule.from).flatMap((f) => importsOf(f).filter(rule.forbidden).map((i) => `${f} → ${i.path ?? i.pkg ?? ''}`));
    expect(offences).toEqual([]);
  });
});
