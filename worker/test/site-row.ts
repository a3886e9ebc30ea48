// Test-only: a site as getSite returns it, for tests of code that takes a Site and no database.
import type { Site } from '../src/site/load'
import { siteSettingsSchema } from '../src/site/settings'

export function siteRow(
  fields: Partial<Omit<Site, 'settings'>> & { settings?: Record<string, unknown> } = {},
): Site {
  const { settings, ...rest } = fields
  const at = Date.UTC(2026, 0, 1)
  return {
    id: 'shop',
    name: 'Fernwood',
    domains: [],
    allowedOrigins: [],
    currency: 'EUR',
    timezone: 'UTC',
    retentionDays: 395,
    consentMode: 'opt-in',
    createdAt: at,
    updatedAt: at,
    ...rest,
    settings: siteSettingsSchema.parse(settings ?? {}),
  }
}
