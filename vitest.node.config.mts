import { defineConfig } from 'vitest/config'

// Tests that run in Node rather than workerd: they start a real HTTP server (the fake
// OpenAI-compatible endpoint next to worker/src/profiling), which workerd tests cannot, or test
// the Node scripts themselves. Files end in .node.test.ts (worker code) or .test.mjs (scripts/).
export default defineConfig({
  test: {
    include: ['worker/**/*.node.test.ts', 'scripts/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 30_000,
  },
})
