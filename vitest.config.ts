import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the CLI and child processes run the built dist/.
    alias: {
      '@promptswarm/protocol': src('protocol'),
      '@promptswarm/node': src('node'),
      '@promptswarm/adversary': src('adversary')
    }
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['packages/node/src/polyfill.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2
  }
})
