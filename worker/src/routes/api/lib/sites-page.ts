import type { Db } from '../../../db/client'
import { listSites } from '../../../db/queries/site-list'
import type { Site } from '../../../db/queries/sites'
import type { Caller } from '../../../middleware/auth'
import { decodeCursor, page } from './pagination'

/** One cursor page of the sites `caller` may see (a site key: its own; the admin token: all), as `view`s. */
export async function sitesPage<T extends { id: string }>(
  database: Db,
  caller: Caller,
  q: { limit: number; cursor?: string },
  view: (s: Site) => T,
) {
  const after = decodeCursor(q.cursor)?.[0]
  const list = await listSites(database, {
    limit: q.limit,
    after: typeof after === 'string' ? after : undefined,
    only: caller.kind === 'key' ? caller.siteId : undefined,
  })
  return page(list.map(view), q.limit, (s) => [s.id])
}
