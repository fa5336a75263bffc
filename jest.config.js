// Three projects: pure unit tests, workflow tests on the time-skipping server,
// and integration tests over HTTP against the real stack.
'use strict';
const { jestModuleNameMapper } = require('./tools/path-aliases');

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: jestModuleNameMapper(),
};

module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'workflows',
      // The history recorder is no test: it runs only when RECORD_HISTORIES names a recording.
      testMatch: [
        '<rootDir>/test/workflows/**/*.spec.ts',
        ...(process.env.RECORD_HISTORIES ? ['<rootDir>/test/workflows/replay/record-histories.ts'] : []),
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
    },
  ],
};
