import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: { '#shared': fileURLToPath(new URL('./shared', import.meta.url)) },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/fakes/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/redis.ts', 'tests/setup/build.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Waiting for the app, Redis or a browser: generous, since CI shares two cores between many processes.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
})
