/**
 * Node-side tests import worker modules whose signatures name the Workers runtime's types (D1Database,
 * Queue, …). Those are globals only under tsconfig.json; here they are aliased from the importable form
 * of the same package, so tsconfig.node.json checks the same signatures.
 */
import type * as Workers from '@cloudflare/workers-types'

declare global {
  type D1Database = Workers.D1Database
  type D1PreparedStatement = Workers.D1PreparedStatement
  type Queue<Body = unknown> = Workers.Queue<Body>
  type Fetcher = Workers.Fetcher
  type RateLimit = Workers.RateLimit
  type Ai = Workers.Ai
}
