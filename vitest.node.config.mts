import { defineConfig } from 'vitest/config'

// Node-side profiling tests: they start a real HTTP server (the fake OpenAI-compatible endpoint),
// which workerd tests cannot. Run with: npx vitest run --config bench/profiling/vitest.config.mts
export default defineConfig({
  test: {
    include: ['bench/profiling/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
})
