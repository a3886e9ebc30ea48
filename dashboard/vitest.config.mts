import { defineConfig } from 'vitest/config'

// The dashboard's pure parts (URL state, Intl formatting) and its size budget; the app in a browser is e2e/dashboard*.spec.ts.
export default defineConfig({
  test: { include: ['dashboard/test/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
})
