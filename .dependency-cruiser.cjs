/**
 * Where an import may go (docs/architecture.md says why). `npm test` runs `npm run check:imports`,
 * which fails on any line that breaks one of these rules.
 */
const parts =
  '(catalog|pricing|inventory|orders|payments|returns|fulfilment|channels|intake|ops|campaigns|planner|privacy|demo|rehearsal|server|cli)';

module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      comment: 'Modules form no cycle at run time (a type-only import is erased and creates none).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-is-pure',
      comment:
        "A part's core/ is pure TypeScript: it imports only the kernel's core and other parts' core/, no I/O, no framework, no package.",
      severity: 'error',
      from: { path: '^src/[^/]+/core/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^src/[^/]+/core/' },
    },
    {
      name: 'kernel-knows-no-part',
      comment: 'The kernel (src/platform) is what every part uses; it imports none of them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: `^src/${parts}/` },
    },
    {
      name: 'parts-meet-through-their-entry',
      comment:
        "Another part is reached through its index.ts, its contract.ts (the answers' schemas) or its pure core/, never its insides.",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: `^src/${parts}/`,
        pathNot: [
          '^src/$1/',
          '^src/[^/]+/index\\.ts$',
          '^src/[^/]+/contract\\.ts$',
          '^src/[^/]+/[^/]+/contract\\.ts$',
          '^src/[^/]+/core/',
        ],
      },
    },
    {
      name: 'no-part-uses-the-composition-root',
      comment: 'src/server composes the parts and src/cli runs them: no part imports either.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(server|cli)/', '\\.test\\.ts$'] },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'repositories-stay-below-use-cases',
      comment: 'A repository reads and writes rows: it imports no use case, route or contract.',
      severity: 'error',
      from: { path: '-repo\\.ts$' },
      to: { path: '(routes|contract|index)\\.ts$' },
    },
    {
      name: 'page-takes-only-types-from-the-server',
      comment:
        'The web page imports nothing from src/ at run time, so its bundle carries no server code; `import type` of contracts and core tables is fine.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'run-time-code-needs-no-dev-dependency',
      comment:
        'What the server and the CLI import at run time is a dependency: `npm ci --omit=dev` must run them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable-import',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
