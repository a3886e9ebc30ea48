import { z } from '@hono/zod-openapi'
import type { Site } from '../../../site/load'
import { isValidTimezone } from '../../../query/period'
import { savedFunnelSchema } from '../../../query/saved-funnels'

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'expected a hostname such as shop.example.com')
const origin = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^/\s]+$/, 'expected an origin such as https://shop.example.com')

export const SettingsInput = z
  .object({
    segments: z.array(z.string().min(1).max(100)).max(50),
    categoryPatterns: z.record(z.string().max(200), z.string().max(200)),
    searchParams: z.array(z.string().min(1).max(50)).max(20),
    hashRouting: z.boolean(),
    apiOrigins: z
      .array(origin)
      .max(20)
      .openapi({ description: 'Browser origins allowed to call this API for the site (CORS)' }),
    funnels: z
      .array(savedFunnelSchema)
      .max(20)
      .openapi({ description: 'Saved funnels, offered by name in the dashboard: { name, steps, window }' }),
  })
  .partial()
  .passthrough()
  .openapi('SiteSettings')

export const SiteFields = {
  name: z.string().min(1).max(200),
  domains: z.array(hostname).max(20),
  allowed_origins: z
    .array(origin)
    .max(20)
    .openapi({ description: 'Origins allowed to send events to /collect' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
  timezone: z.string().refine(isValidTimezone, 'expected an IANA timezone such as Europe/Berlin'),
  retention_days: z.number().int().min(1).max(3650),
  consent_mode: z.enum(['opt-in', 'cookieless', 'opt-out']),
  settings: SettingsInput,
}

export const SiteCreate = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes')
      .optional()
      .openapi({
        description: 'Public site key used in data-site; default: the first domain with dots as dashes',
      }),
    ...SiteFields,
  })
  .partial({
    name: true,
    allowed_origins: true,
    currency: true,
    timezone: true,
    retention_days: true,
    consent_mode: true,
    settings: true,
  })
  .openapi('SiteCreate')

export const SiteUpdate = z.object(SiteFields).partial().openapi('SiteUpdate')

export const SiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domains: z.array(z.string()),
    allowed_origins: z.array(z.string()),
    currency: z.string(),
    timezone: z.string(),
    retention_days: z.number(),
    consent_mode: z.string(),
    settings: z.record(z.string(), z.unknown()),
    created_at: z.number(),
    updated_at: z.number(),
  })
  .openapi('Site')

export function siteView(s: Site): z.infer<typeof SiteSchema> {
  return {
    id: s.id,
    name: s.name,
    domains: s.domains,
    allowed_origins: s.allowedOrigins,
    currency: s.currency,
    timezone: s.timezone,
    retention_days: s.retentionDays,
    consent_mode: s.consentMode,
    settings: s.settings,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  }
}
