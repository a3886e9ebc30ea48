import { defineConfig } from 'vitest/config'

// Fast unit tests for the snippet's pure parts and its size budget; browser behaviour is pinned by e2e/.
export default defineConfig({
  test: { include: ['snippet/test/**/*.test.ts', 'snippet/src/**/*.test.ts'], environment: 'node' },
})
