import type { D1Migration } from '@cloudflare/vitest-plugin'
import type { Env as HeedEnv } from '../src/env'

// Types `env` from 'cloudflare:workers' / 'cloudflare:test' inside worker tests.
declare global {
  namespace Cloudflare {
    interface Env extends HeedEnv {
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}
