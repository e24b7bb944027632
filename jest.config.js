/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true }],
  },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.js'],
  setupFiles: ['<rootDir>/test/support/env.js'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 60000,
  // Jest's default is one worker per core but one (a single worker on a 2-core machine); the main process only
  // schedules, so use every core.
  maxWorkers: require('node:os').availableParallelism(),
  // The slowest files first, so the long ones do not start last.
  testSequencer: '<rootDir>/test/support/slowest-first-sequencer.js',
};
