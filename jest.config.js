// Jest 30 + ts-jest on Node 24 (`npm test` sets NODE_OPTIONS=--experimental-vm-modules so that
// CommonJS test code can require() the ESM-only NestJS 12 packages).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.test-dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // A worker's event loop is empty within milliseconds of the end of the run, but Node then tears
  // down its V8 heap (hundreds of MB of test modules) and its cached root certificates, which on a
  // loaded 2-core machine takes longer than Jest's 500 ms: Jest then kills it and warns of a leak
  // that is not there. A real leak (a handle left open) still never exits and still gets the warning.
  workerGracefulExitTimeout: 5_000,
};
