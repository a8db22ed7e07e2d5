// Jest runs in its native ESM mode (node --experimental-vm-modules, see package.json "test:jest"):
// got 14 is ESM-only, and the workspace is NodeNext ESM. @swc/jest transpiles without type-checking;
// `npm run typecheck` is the one type-check (DESIGN §9).
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  // NodeNext source imports carry .js; map them back to the .ts files for jest's resolver.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** End-to-end files about the Switchyard gateway itself rather than the schema's answers (and its fuzzing). */
const HIVE_EXCLUDED_DIRS = ['fuzz'];
/** REST-only files (no GraphQL of their own: the union view runs inside the Switchyard gateway). */
const HIVE_EXCLUDED_REST = ['idempotencyKey', 'clearml/clearmlUnion', 'comet/cometUnion', 'cmf/cmfUnion', 'mlconnector/mlconnectorUnion'];
const HIVE_EXCLUDED = ['gateway', 'hiveGateway', 'callCounts', 'npmStart', 'observability', 'limits', 'jwtAuth', 'restAccess', 'responseCache', 'passthroughCredentials'];

/** @type {import('jest').Config} */
export default {
  // Whole stacks over real HTTP: on a loaded 2-core machine a stack can take more than jest's default 5 s
  // to start, and a cold cross-tracker page more than 5 s to answer. (A global option: projects ignore it.)
  testTimeout: 30_000,
  // Two workers on the 2-core machines, each replaced once it holds more than 1 GB: in one process
  // (jest runs in band with a single worker) the ESM module graphs of 170+ files pile up, and the late
  // files ran 5x slower than alone under the garbage collector's load.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.e2e\\.test\\.ts$'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.test.ts'] },
    // The same end-to-end files with their GraphQL on Hive Gateway over the checked-in supergraph (DESIGN
    // §8). Left out: what tests the Switchyard gateway's own HTTP surface (keys, GraphiQL, logs, its
    // query plans and call counts, npm start) and the file that compares both gateways itself.
    {
      ...common,
      displayName: 'e2e-hive',
      globals: { SWITCHYARD_E2E_GATEWAY: 'hive' },
      testMatch: ['<rootDir>/test/**/*.e2e.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', ...HIVE_EXCLUDED.map((f) => `/test/e2e/${f}\\.e2e\\.test\\.ts$`), ...HIVE_EXCLUDED_REST.map((f) => `/test/rest/${f}\\.e2e\\.test\\.ts$`), ...HIVE_EXCLUDED_DIRS.map((d) => `/test/${d}/`)],
    },
  ],
};
