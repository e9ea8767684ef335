// The end-to-end suite (`npm run test:e2e`): the real bot, the Microsoft 365 Agents Playground and
// Debian's Chromium. Kept out of `npm test` because it needs /usr/bin/chromium and takes minutes.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // A whole triage through a browser takes 20–40 s on the 2-core build machine; leave room.
  testTimeout: 180_000,
  // One Playground and one browser at a time: the machine has two cores.
  maxWorkers: 1,
};
