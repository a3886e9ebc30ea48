import { db } from '../../../db/client'
import type { Caller } from '../../../middleware/auth'
import { listSiteIds } from '../../../site/admin'
import { getSite, type Site } from '../../../site/load'
import { decodeCursor, page } from './pagination'

/** One cursor page of the sites `caller` may see (a site key: its own; the admin token: all), as `view`s. */
export async function sitesPage<T extends { id: string }>(
  d1: D1Database,
  caller: Caller,
  q: { limit: number; cursor?: string },
  view: (s: Site) => T,
) {
  const after = decodeCursor(q.cursor)?.[0]
  const ids = await listSiteIds(
    d1,
    caller.kind === 'key'
      ? { only: caller.siteId }
      : { after: typeof after === 'string' ? after : undefined },
    q.limit + 1,
  )
  const database = db(d1)
  const sites = await Promise.all(ids.map((id) => getSite(database, id)))
  return page(sites.filter((s) => s !== null).map(view), q.limit, (s) => [s.id])
}
