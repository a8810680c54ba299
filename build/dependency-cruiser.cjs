/**
 * Dependency rules ESLint cannot express: feature isolation inside the core
 * and no import cycles anywhere. Run by `npm run lint`.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make start-up order fragile and modules impossible to test alone.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-feature-isolation',
      severity: 'error',
      comment:
        'main/core/<feature>/ may import main/contract, main/core/base, main/core/db and its own folder. ' +
        'Cross-feature needs are injected by main/core/create-core.ts.',
      from: { path: '^main/core/([^/]+)/' },
      to: { path: '^main/core/[^/]+/', pathNot: ['^main/core/$1/', '^main/core/(base|db)/'] },
    },
    {
      name: 'core-feature-not-root',
      severity: 'error',
      comment:
        "A feature may not import the core's root files (dispatcher.ts, create-core.ts, index.ts, public-*.ts): " +
        'they import the features. Handler types come from main/core/base/feature-handlers.ts.',
      from: { path: '^main/core/[^/]+/' },
      to: { path: '^main/core/[^/]+$' },
    },
    {
      name: 'core-base-and-db-are-leaves',
      severity: 'error',
      comment: 'base/ and db/ are shared infrastructure: they import no feature.',
      from: { path: '^main/core/(base|db)/' },
      to: { path: '^main/core/', pathNot: ['^main/core/(base|db)/'] },
    },
    {
      name: 'core-never-electron',
      severity: 'error',
      from: { path: '^main/(core|contract|web)/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'contract-imports-nothing',
      severity: 'error',
      from: { path: '^main/contract/' },
      to: { path: '^(main|renderer|preload)/', pathNot: '^main/contract/' },
    },
    {
      name: 'renderer-stays-in-the-browser',
      severity: 'error',
      from: { path: '^renderer/' },
      to: {
        pathNot: ['^renderer/', '^main/contract/', '(^|/)node_modules/'],
      },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs'] },
    // node_modules is not followed but stays visible as a target: excluding it
    // would drop every import of a package, and core-never-electron with it.
    exclude: { path: '(^|/)out/' },
  },
};
