import { z } from '@hono/zod-openapi'

export const SiteParams = z.object({
  site: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'site', in: 'path' }, example: 'demo' }),
})

/** A site and one of its surveys (Ask). */
export const SurveyParams = SiteParams.extend({
  survey: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'survey', in: 'path' } }),
})

/** Marks a route as needing `Authorization: Bearer <key or admin token>`. */
export const bearer = [{ bearer: [] }]

/** A route whose key needs the admin scope: OpenAPI 3.1 lists the scope as the requirement's role. */
export const bearerAdmin = [{ bearer: ['admin'] }]

export const MetricsSchema = z
  .object({
    visitors: z.number().openapi({
      description: 'Distinct visitors (HyperLogLog over the period, ~1.6% error on large sites)',
    }),
    visits: z.number(),
    pageviews: z.number(),
    views_per_visit: z.number(),
    bounce_rate: z.number().openapi({ description: 'Percent of visits with exactly one pageview' }),
    visit_duration: z.number().openapi({ description: 'Mean visit length in seconds (last − first event)' }),
    events: z.number(),
    conversions: z.number().openapi({ description: 'Visits with a purchase' }),
    conversion_rate: z.number().openapi({ description: 'Percent of visits with a purchase' }),
    orders: z.number(),
    revenue: z.number().openapi({ description: 'Sum of order values, in the site currency' }),
    average_order_value: z.number(),
  })
  .openapi('Metrics')
