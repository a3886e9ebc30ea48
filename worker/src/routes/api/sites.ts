import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { savedFunnels } from '../../query/saved-funnels'
import { errorResponses } from './lib/errors'
import { PageQuery } from './lib/pagination'
import { bearer } from './lib/params'
import { createRouter } from './lib/router'
import { sitesPage } from './lib/sites-page'

const SiteSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    domains: z.array(z.string()),
    currency: z.string().openapi({ description: 'ISO 4217 code every amount of the site is in' }),
    timezone: z.string().openapi({ description: 'IANA timezone every day of the site is counted in' }),
    consent_mode: z.string(),
    funnels: z.array(
      z.object({ name: z.string(), steps: z.array(z.string()), window: z.string() }).openapi('SavedFunnel'),
    ),
  })
  .openapi('SiteSummary')

const route = createRoute({
  method: 'get',
  path: '/sites',
  tags: ['Sites'],
  summary: 'The sites this key may read (a site key: its own site; the admin token: every site)',
  description:
    'What a client needs to show a site: its name, currency, timezone and saved funnels. Needs only the read scope, unlike /admin/sites.',
  security: bearer,
  middleware: [requireAuth('read')] as const,
  request: { query: z.object(PageQuery) },
  responses: {
    200: {
      description: 'A page of sites, by id',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(SiteSummary), next_cursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses(400),
  },
})

export const sitesApi = createRouter().openapi(route, async (c) =>
  c.json(
    await sitesPage(c.env.DB, c.get('caller'), c.req.valid('query'), (s) => ({
      id: s.id,
      name: s.name,
      domains: s.domains,
      currency: s.currency,
      timezone: s.timezone,
      consent_mode: s.consentMode,
      funnels: savedFunnels(s.settings),
    })),
    200,
  ),
)
