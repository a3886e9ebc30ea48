import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../../middleware/auth'
import { errorResponses } from './errors'
import { PageOf, PageQuery } from './pagination'
import { bearer, SiteParams } from './params'
import { pathSite } from './site'

/**
 * A GET route answering one cursor page of a site's records with the read scope: the block every
 * cursor-paged list of a site shares (profiles, persons).
 */
export function sitePageRoute<Path extends string, Query extends z.ZodRawShape, Item extends z.ZodType>(o: {
  path: Path
  tags: string[]
  summary: string
  query: Query
  item: Item
  description: string
}) {
  return createRoute({
    method: 'get',
    path: o.path,
    tags: o.tags,
    summary: o.summary,
    security: bearer,
    middleware: [requireAuth('read'), pathSite] as const,
    request: { params: SiteParams, query: z.object({ ...PageQuery, ...o.query }) },
    responses: {
      200: {
        description: o.description,
        content: { 'application/json': { schema: PageOf(o.item) } },
      },
      ...errorResponses(400, 404),
    },
  })
}
