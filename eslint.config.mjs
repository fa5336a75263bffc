// Lint guards: promises are awaited, type-only imports say so, and workflow code
// stays deterministic by importing nothing from Node, Nest, persistence or activity code.
// Layout is prettier's (`prettier --check .` in `npm run lint`): eslint-config-prettier, last,
// turns off every eslint rule about it, so the two never disagree.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code and the pure rules it imports are bundled into the deterministic sandbox.
    files: ['workflows/**/*.ts', 'libs/domain/**/*.ts', 'bench/**/*.workflows.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow code is deterministic: no Node modules.' },
            {
              group: ['fs', 'path', 'crypto', 'os', 'http', 'https', 'net', 'child_process', 'process', 'util', 'events', 'stream'],
              message: 'Workflow code is deterministic: no Node modules.',
            },
            { group: ['@nestjs/*', 'typeorm', 'pg'], message: 'Workflow code does no I/O: no Nest, TypeORM or pg.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows use @temporalio/workflow only.' },
            { group: ['@dondoc/persistence', '@dondoc/config', '@dondoc/temporal', '@dondoc/auth', '@dondoc/audit'], message: 'Workflows import domain rules and contracts only.' },
            {
              group: ['@dondoc/activities', '**/activities/**', '**/*.activities'],
              allowTypeImports: true,
              message: 'Workflows import activities by type only (proxyActivities<typeof …>).',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
