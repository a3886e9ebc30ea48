import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Worker tests run inside workerd with local D1 and Queues, configured from wrangler.toml.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations')
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // Every var the worker reads is pinned here: the plugin also reads .dev.vars, and a developer's
          // local settings (AI_PROVIDER=openai-compatible after `npm run dev`, …) must not change test results.
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
            AI_PROVIDER: 'rules',
            AI_BASE_URL: '',
            AI_MODEL: '',
            AI_API_KEY: '',
            ENCRYPTION_KEY: '',
            ENCRYPTION_KEYS_OLD: '',
            API_ORIGINS: '',
          },
        },
      }),
    ],
    test: {
      include: ['worker/**/*.test.ts'],
      // *.node.test.ts run in Node (vitest.node.config.mts): they need a real listening socket.
      exclude: ['**/node_modules/**', 'worker/**/*.node.test.ts'],
      setupFiles: ['./worker/test/apply-migrations.ts'],
    },
  }
})
