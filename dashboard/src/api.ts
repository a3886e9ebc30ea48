/** The dashboard's only way to the worker: GET /api/v1 with the signed-in key. */
import type { Metric } from '../../worker/src/query/metrics'
import type { SavedFunnel } from '../../worker/src/query/saved-funnels'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export type Params = Record<string, string | number | readonly string[] | undefined | null>

/** A query string with repeated keys for lists (`filter=a&filter=b`); empty values are left out. */
export function queryString(params: Params): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) for (const item of v) q.append(k, item)
    else q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export async function apiGet<T>(key: string, url: string, signal?: AbortSignal): Promise<T> {
  let res: Response
  try {
    res = await fetch(`/api/v1${url}`, { headers: { authorization: `Bearer ${key}` }, signal })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new ApiError(0, 'network', 'Heed could not be reached. Check the connection and try again.')
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string }
    } | null
    throw new ApiError(
      res.status,
      body?.error?.code ?? `http_${res.status}`,
      body?.error?.message ?? res.statusText,
    )
  }
  return (await res.json()) as T
}

// Answers of the routes the dashboard reads (see /api/v1/openapi.json).

export interface SiteSummary {
  id: string
  name: string
  domains: string[]
  currency: string
  timezone: string
  consent_mode: string
  funnels: SavedFunnel[]
}

export interface PeriodAnswer {
  from: string
  to: string
  timezone: string
}

export type Metrics = Record<Metric, number>

export interface Aggregate {
  period: PeriodAnswer
  compare: PeriodAnswer | null
  results: Record<Metric, { value: number; previous: number | null; change: number | null }>
}

export interface Timeseries {
  interval: 'hour' | 'day' | 'week' | 'month'
  data: (Metrics & { bucket: string })[]
}

export interface Breakdown {
  dimension: string
  data: (Metrics & { value: string; units: number; zero_results: number })[]
  next_cursor: string | null
}

export interface Live {
  visitors: number
  pageviews: number
  since: number
  window_minutes: number
}

export interface FunnelStep {
  step: string
  count: number
  /** Percent of step 1 that reached this step. */
  conversion_rate: number
  /** Percent of the previous step that reached this step. */
  step_conversion_rate: number
  dropoff: number
  dropoff_rate: number
}

export interface Funnel {
  period: PeriodAnswer
  window: string
  unit: 'visits' | 'visitors'
  steps: FunnelStep[]
}

export interface Money {
  orders: number
  revenue: number
  average_order_value: number
}

export interface Revenue {
  currency: string
  total: Money
  by_day: (Money & { day: string })[]
  by_source: (Money & { source: string })[]
  by_product: (Money & { product: string; units: number })[]
  by_category: (Money & { category: string; units: number })[]
}

export interface Associations {
  orders: number
  truncated: boolean
  rules: {
    antecedent: string
    consequent: string
    orders: number
    support: number
    confidence: number
    lift: number
  }[]
}

export interface SearchTerm {
  term: string
  searches: number
  visitors: number
  zero_results: number
}

export interface SearchInsights {
  top_terms: SearchTerm[]
  zero_result_terms: SearchTerm[]
  conversion: { searching_visits: number; converted_visits: number; rate: number; site_rate: number }
}

export interface Profile {
  vid: string
  persona_id: string | null
  segment: string
  lifecycle: string
  interests: { topic: string; score: number }[]
  purchase_intent: number
  price_sensitivity: string
  preferred_channel: string
  summary: string
  next_best_action: string
  provider: string
  last_event_ts: number
  updated_at: number
}

export interface ProfilePage {
  data: Profile[]
  next_cursor: string | null
}

export interface ProfileSummary {
  profiles: number
  segments: { segment: string; visitors: number; average_intent: number }[]
  lifecycles: { lifecycle: string; visitors: number; average_intent: number }[]
  personas: {
    id: string
    name: string
    description: string
    needs: string[]
    action: string
    size: number
    profiles: number
    updated_at: number
  }[]
}

export interface TimelineEvent {
  id: string
  type: string
  ts: number
  sid: string | null
  path: string
  title: string | null
  source: string | null
  name: string | null
  query: string | null
  order_id: string | null
  value: number | null
  currency: string | null
}

export interface VisitorTimeline {
  vid: string
  events: TimelineEvent[]
  events_truncated: boolean
  orders: { order_id: string; ts: number; value: number; currency: string; items: unknown }[]
  consent: {
    current: { analytics: boolean; marketing: boolean; source: string; banner_version: string | null } | null
    history: { ts: number; action: string; analytics: boolean; marketing: boolean; source: string }[]
  }
  profile: Profile | null
}

export interface ConsentRecords {
  summary: {
    records: number
    by_action: Record<string, number>
    analytics_granted: number
    marketing_granted: number
  }
}

export interface Quarantine {
  reasons: { reason: string; count: number; last_at: number }[]
}

export interface DataQuality {
  bots: { total: number; by_reason: { reason: string; count: number }[] }
  consent: { records: number; gpc: number; gpc_share: number }
}
