/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // @swc/jest must also transform .js: chokidar, readdirp and nanoid are ESM-only and
  // jest on Node 20 cannot require() ESM (see TOOLCHAIN.md).
  transform: { '^.+\\.(t|j)sx?$': '@swc/jest' },
  transformIgnorePatterns: ['/node_modules/(?!(chokidar|readdirp|nanoid)/)'],
};
