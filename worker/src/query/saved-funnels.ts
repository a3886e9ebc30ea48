/**
 * Funnels a site keeps in its settings (`settings.funnels`), so a dashboard can offer them by name.
 * Each step is a funnel step in the filter syntax (`page==/cart`, `event==purchase`); the window
 * is the funnel route's (`session`, or `1d` … `99d`).
 */
import { z } from 'zod'
import { parseFilter } from './dimensions'

export const FUNNEL_WINDOW = /^(session|[1-9]\d?d)$/

const step = z
  .string()
  .max(300)
  .refine((s) => {
    const f = parseFilter(s)
    return f !== null && f.op !== 'is_not'
  }, 'expected a step such as page==/cart or event==purchase (== or ~=)')

export const savedFunnelSchema = z.object({
  name: z.string().min(1).max(100),
  steps: z.array(step).min(2).max(8),
  window: z.string().regex(FUNNEL_WINDOW, 'expected session or 1d … 99d').default('session'),
})

export type SavedFunnel = z.output<typeof savedFunnelSchema>

/** The valid funnels of a site's settings; one that no longer parses is left out, not fatal. */
export function savedFunnels(settings: Record<string, unknown>): SavedFunnel[] {
  const list = Array.isArray(settings.funnels) ? settings.funnels : []
  return list.flatMap((f) => {
    const parsed = savedFunnelSchema.safeParse(f)
    return parsed.success ? [parsed.data] : []
  })
}
