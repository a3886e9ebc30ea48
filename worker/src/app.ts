import { Hono } from 'hono'
import type { AppEnv } from './env'
import { api } from './routes/api'
import { ask } from './routes/ask'
import { collect } from './routes/collect'
import { consent } from './routes/consent'
import { health } from './routes/health'
import { me } from './routes/me'
import { privacy } from './routes/privacy'
import { segment } from './routes/segment'

/**
 * The HTTP surface. Routes stay thin: they parse the request, call domain code
 * (ingest/, consent/, query/, profiling/) and shape the answer.
 */
export function createApp() {
  const app = new Hono<AppEnv>()

  app.route('/healthz', health)
  app.route('/collect', collect) // snippet → events (ingest/)
  app.route('/consent', consent) // consent decisions log (consent/)
  app.route('/ask', ask) // visitor-facing survey turns (surveys/)
  app.route('/me', me) // visitor self-service export / delete (consent/)
  app.route('/privacy', privacy) // the privacy notice and visitor questions (privacy/)
  app.route('/v1', segment) // Segment-compatible server API (sources)
  app.route('/api/v1', api) // marketer API (query/, admin, profiling)

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such route' } }, 404))
  // No input may ever produce a bare 500: anything unexpected becomes one JSON error.
  app.onError((err, c) => {
    console.error('unhandled', err instanceof Error ? err.message : String(err))
    return c.json({ error: { code: 'internal', message: 'Unexpected error' } }, 500)
  })
  return app
}
