import { z } from 'zod'
import { isVisitorSecret } from './credential'
import { isStrongVisitorId } from './visitor-id'

/** Where a decision came from: Heed's banner or settings, the page's API, a CMP adapter or a browser signal. */
export const SOURCE = /^(banner|settings|api|tcf|gcm|gpc|dnt|cmp:[a-z0-9_-]{1,32})$/

export const ACTIONS = ['grant', 'deny', 'change', 'withdraw', 'gpc'] as const
export type ConsentAction = (typeof ACTIONS)[number]

/** The body of POST /consent (snake_case on the wire, like /collect). */
export const decisionSchema = z
  .object({
    site: z.string().min(1).max(64),
    /** The browser's consent record id: random, kept with the choice, never the visitor id. */
    consent_id: z.string().refine(isStrongVisitorId, 'must be a UUIDv4'),
    action: z.enum(ACTIONS),
    analytics: z.boolean(),
    marketing: z.boolean(),
    source: z.string().regex(SOURCE, 'banner, settings, api, tcf, gcm, gpc, dnt or cmp:<name>'),
    banner_version: z.string().min(1).max(32).optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .max(16)
      .optional(),
    /** A jurisdiction the site declares (used when the edge gives none). */
    jurisdiction: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
      .optional(),
    gpc: z.boolean().optional(),
    /** The visitor id, when the browser has one (analytics was granted): links the decision to stored data. */
    vid: z.string().refine(isStrongVisitorId, 'must be a UUIDv4').optional(),
    /** The visitor's secret (credential.ts): required with the vid once the visitor has stored data. Never logged. */
    secret: z.string().refine(isVisitorSecret, 'must be 32 to 128 URL-safe characters').optional(),
  })
  .superRefine((d, ctx) => {
    // A refusal or withdrawal that claims a category would make the log contradict itself.
    if ((d.action === 'deny' || d.action === 'withdraw') && (d.analytics || d.marketing)) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: `${d.action} must grant no category` })
    }
    if (d.action === 'grant' && !d.analytics && !d.marketing) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: 'grant must grant a category' })
    }
  })

export type DecisionInput = z.output<typeof decisionSchema>

/** What the edge tells us about the request, reduced to what a decision may record. */
export interface RequestSignals {
  /** `Sec-GPC: 1` was sent. */
  secGpc: boolean
  country?: string | null
  regionCode?: string | null
}

/** The decision as it is logged and enforced. */
export interface Decision {
  siteId: string
  consentId: string
  vid: string | null
  action: ConsentAction
  analytics: boolean
  marketing: boolean
  source: string
  bannerVersion: string | null
  locale: string | null
  jurisdiction: string | null
  gpc: boolean
}

/** ISO country from the edge, with the state for the US (whose privacy laws are per state). */
export function jurisdictionOf(signals: Pick<RequestSignals, 'country' | 'regionCode'>): string | null {
  const country = signals.country?.toUpperCase()
  if (!country || !/^[A-Z]{2}$/.test(country) || country === 'XX' || country === 'T1') return null
  const region = signals.regionCode?.toUpperCase()
  return country === 'US' && region && /^[A-Z0-9]{1,3}$/.test(region) ? `US-${region}` : country
}

/**
 * Turns a validated request into the decision that is logged. Marketing profiles are built from
 * analytics data, so marketing without analytics is recorded as not granted; an opt-out preference
 * signal (Sec-GPC or the page's navigator.globalPrivacyControl) turns marketing off.
 */
export function toDecision(input: DecisionInput, signals: RequestSignals): Decision {
  const gpc = signals.secGpc || input.gpc === true
  const analytics = input.analytics
  const marketing = input.marketing && analytics && !gpc
  return {
    siteId: input.site,
    consentId: input.consent_id,
    vid: input.vid ?? null,
    action: input.action,
    analytics,
    marketing,
    source: input.source,
    bannerVersion: input.banner_version ?? null,
    locale: input.locale ?? null,
    jurisdiction: jurisdictionOf(signals) ?? input.jurisdiction ?? null,
    gpc,
  }
}
