/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // scripts/examples: worked examples whose tests are the example (npm run example:service-faults).
  roots: ['<rootDir>/test', '<rootDir>/scripts/examples'],
  testMatch: ['**/*.test.ts'],
  // @swc/jest must also transform .js: chokidar, readdirp and nanoid are ESM-only and
  // jest on Node 20 cannot require() ESM.
  // The dashboard's TSX (src/ui/) uses Preact's automatic JSX runtime, as esbuild builds it.
  transform: {
    '^.+\\.tsx$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic', importSource: 'preact' } } } }],
    '^.+\\.(t|j)sx?$': '@swc/jest',
  },
  // The library tests import the package by name, as the README's example does.
  moduleNameMapper: { '^es-token-cache-sim$': '<rootDir>/src/index.ts' },
  transformIgnorePatterns: ['/node_modules/(?!(chokidar|readdirp|nanoid)/)'],
  // In CI a handle some test leaked must not hold the run open until CI's own time limit:
  // exit once every test has finished (each process test checks its own children are gone).
  forceExit: process.env.CI === 'true',
};
