import { z } from '@hono/zod-openapi'
import type { Site } from '../../../site/load'
import { type Filter, parseFilter } from '../../../query/dimensions'
import { localDay, type Period, previousPeriod, resolvePeriod } from '../../../query/period'
import { badRequest } from './errors'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')

/** Query parameters shared by every stats route. */
export const PeriodQuery = {
  period: z
    .enum(['today', 'yesterday', '7d', '30d', 'month', 'custom'])
    .default('30d')
    .openapi({ description: 'Whole local days in the site timezone; 7d and 30d end today (inclusive).' }),
  date: day
    .optional()
    .openapi({ description: 'The day taken as "today" (default: now in the site timezone)' }),
  from: day.optional().openapi({ description: 'First day of a custom period' }),
  to: day.optional().openapi({ description: 'Last day of a custom period (inclusive)' }),
  filter: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({
      description:
        'Repeatable. `dimension==value` (is), `dimension!=value` (is not), `dimension~=value` (contains, case-insensitive), e.g. `source==google`, `page~=/blog`, `prop:plan==pro`.',
    }),
}

export interface StatsParams {
  period: Period
  filters: Filter[]
  /** Whether the period reaches today (fresh data: short cache). */
  includesToday: boolean
}

export function parseFilters(raw: string | string[] | undefined): Filter[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  if (list.length > 10) throw badRequest('filter: at most 10 filters')
  return list.map((f) => {
    const parsed = parseFilter(f)
    if (!parsed) throw badRequest(`filter: cannot read "${f}" (expected dimension==value, != or ~=)`)
    return parsed
  })
}

export function resolveStatsParams(
  site: Site,
  q: { period: string; date?: string; from?: string; to?: string; filter?: string | string[] },
  now = Date.now(),
): StatsParams {
  const today = localDay(now, site.timezone)
  const anchor = q.date ?? today
  if (q.period === 'custom' && (!q.from || !q.to)) throw badRequest('from, to: a custom period needs both')
  if (q.from && q.to && q.from > q.to) throw badRequest('from: must not be after to')
  if (q.period === 'custom' && q.from && q.to) {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000
    if (days > 731) throw badRequest('to: a period spans at most two years')
  }
  const period = resolvePeriod(
    q.period as Parameters<typeof resolvePeriod>[0],
    anchor,
    site.timezone,
    q.from && q.to ? { from: q.from, to: q.to } : undefined,
  )
  return { period, filters: parseFilters(q.filter), includesToday: period.to >= today }
}

export function comparisonOf(site: Site, p: Period): Period {
  return previousPeriod(p, site.timezone)
}

export const PeriodSchema = z
  .object({ from: z.string(), to: z.string(), timezone: z.string() })
  .openapi('Period')
