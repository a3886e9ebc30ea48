/**
 * The worker bench/ingest serves: Heed's own worker, plus the measurement hooks on
 * POST /collect?bench=… (ingest-hooks.ts). Built as its own entry, so no hook reaches production.
 */
import heed from '../src/index'
import type { Env } from '../src/env'
import { benchHook } from './ingest-hooks'

export default {
  ...heed,
  fetch(request, env, ctx) {
    const url = new URL(request.url)
    const hook = request.method === 'POST' && url.pathname === '/collect' && url.searchParams.get('bench')
    return hook ? benchHook(request, env, hook) : heed.fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>
