import { createApp } from './app'
import type { Env } from './env'
import { runScheduled } from './jobs/scheduled'
import { handleQueue } from './jobs/queue'

const app = createApp()

export default {
  fetch: app.fetch,
  queue: (batch, env, ctx) => handleQueue(batch, env, ctx),
  scheduled: (controller, env, ctx) => runScheduled(controller, env, ctx),
} satisfies ExportedHandler<Env>
