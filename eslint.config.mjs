// Lint guards: promises are awaited, type-only imports say so, no module imports itself back
// through others, and each layer imports only the layers below it (docs/architecture.md,
// "Layers"): workflow code stays deterministic by importing nothing from Node, Nest,
// persistence or activity code. Layout is prettier's (`prettier --check .` in `npm run lint`):
// eslint-config-prettier, last, turns off every eslint rule about it, so the two never disagree.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Every Node built-in, bare and with its `node:` prefix (`fs`, `node:fs`, `fs/promises`, …). */
const NODE_BUILTINS = builtinModules.flatMap((name) => [name, `node:${name}`]);

/** What deterministic code (workflows, contracts, domain rules) may never import. */
const DETERMINISTIC_PATHS = NODE_BUILTINS.map((name) => ({
  name,
  message: 'Workflow code is deterministic: no Node modules.',
}));
const DETERMINISTIC_PATTERNS = [
  { group: ['node:*'], message: 'Workflow code is deterministic: no Node modules.' },
  { group: ['@nestjs/*', 'typeorm', 'pg'], message: 'Workflow code does no I/O: no Nest, TypeORM or pg.' },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
    message: 'Workflows use @temporalio/workflow only.',
  },
];

/** A workflow's contract files: ids, Updates, Queries and the wire types activities share. */
const CONTRACT_FILES = ['workflows/*/contract.ts', 'workflows/*/task-change.ts', 'workflows/shared/failures.ts'];

/** An import of one of {@link CONTRACT_FILES}, by alias or relative path. */
const CONTRACT_SOURCE = String.raw`(@dondoc/workflows/|\.\.?/)([\w-]+/)?(contract|task-change|failures)$`;

/** Anything of ours from workflows/ other than a contract file (implementations, shared proxies, the bundle entry). */
const WORKFLOW_CODE_NOT_CONTRACT = {
  regex: String.raw`^(@dondoc/workflows(?!/([\w-]+/)?(contract|task-change|failures)$)|(\.\./)+workflows/)`,
  message:
    'Only workflow contracts (contract.ts, task-change.ts, shared/failures.ts) are imported from workflows/: start a workflow by its type name.',
};

/** Lets each layer's block name what it may not import, tests excepted. */
const restrictImports = (files, options, ignores = []) => ({
  files,
  ignores: ['**/*.spec.ts', ...ignores],
  rules: { 'no-restricted-imports': ['error', options] },
});

export default tseslint.config(
  // apps/console has its own lint config (browser code, React), run by `npm run lint:console`.
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      'apps/console/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // Resolves `@dondoc/*` through tsconfig.json's paths, as tsc, jest and the bundler do, and
      // parses the .ts files it follows (without these two, no-cycle never looks inside one).
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${import.meta.dirname}/tsconfig.json` })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The rule skips type-only imports (its documented design, no option changes it): a cycle
      // through types between layers is caught by the layer rules below, which count them.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  // Layer 1, libs/domain: pure rules, bundled into workflows. Imports nothing of ours.
  restrictImports(['libs/domain/**/*.ts'], {
    paths: DETERMINISTIC_PATHS,
    patterns: [
      ...DETERMINISTIC_PATTERNS,
      {
        regex: String.raw`^(@dondoc/|(\.\./){2,})`,
        message: 'libs/domain imports nothing of ours: it is the bottom layer.',
      },
    ],
  }),

  // Layer 2, contracts: the domain, @temporalio/workflow and @temporalio/common, and each other.
  restrictImports(CONTRACT_FILES, {
    paths: DETERMINISTIC_PATHS,
    patterns: [
      ...DETERMINISTIC_PATTERNS,
      {
        regex: `^(?!@dondoc/domain$|${CONTRACT_SOURCE})(@dondoc/|\\.)`,
        message:
          'A contract imports only libs/domain and other contracts: activities and workflows import it, never the reverse.',
      },
      {
        regex: String.raw`^(?!@temporalio/(workflow|common)$|@dondoc/|\.)`,
        message: 'A contract imports only @temporalio/workflow and @temporalio/common.',
      },
    ],
  }),

  // Layer 3, infrastructure libraries: below the activities, so none of them imports one.
  restrictImports(['libs/{persistence,audit,config,auth,intake,temporal,delivery,storage}/**/*.ts'], {
    patterns: [
      {
        group: ['@dondoc/activities'],
        message: 'Infrastructure libraries sit below libs/activities: pass what they need in instead.',
      },
      WORKFLOW_CODE_NOT_CONTRACT,
    ],
  }),

  // Layer 4, libs/activities: contracts and the libraries below, never a workflow implementation.
  restrictImports(['libs/activities/**/*.ts'], { patterns: [WORKFLOW_CODE_NOT_CONTRACT] }),

  // Layer 5, workflow implementations: bundled into the deterministic sandbox.
  restrictImports(
    ['workflows/**/*.ts', 'bench/**/*.workflows.ts'],
    {
      paths: DETERMINISTIC_PATHS,
      patterns: [
        ...DETERMINISTIC_PATTERNS,
        {
          group: [
            '@dondoc/persistence',
            '@dondoc/config',
            '@dondoc/temporal',
            '@dondoc/auth',
            '@dondoc/audit',
            '@dondoc/intake',
            '@dondoc/delivery',
            '@dondoc/storage',
          ],
          message: 'Workflows import domain rules and contracts only.',
        },
        {
          group: ['@dondoc/activities', '**/activities/**', '**/*.activities'],
          allowTypeImports: true,
          message: 'Workflows import activities by type only (proxyActivities<…Activities>).',
        },
      ],
    },
    CONTRACT_FILES,
  ),
  prettier,
);
