import type { D1Migration } from '@cloudflare/vitest-plugin'
import type { Env as HeedEnv } from '../src/env'
import type { QueueConsumerConfig } from '../../scripts/lib/queue-config.mjs'

// Types `env` from 'cloudflare:workers' / 'cloudflare:test' inside worker tests.
declare global {
  namespace Cloudflare {
    interface Env extends HeedEnv {
      TEST_MIGRATIONS: D1Migration[]
      /** The [[queues.consumers]] of wrangler.toml (vitest.config.mts). */
      TEST_QUEUE_CONSUMERS: QueueConsumerConfig[]
    }
  }
}
