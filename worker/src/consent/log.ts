/**
 * Reading the consent log: the proof-of-consent records of a site, and one visitor's decisions.
 * The log names consent records, never visitors: a visitor's decisions are found through the
 * consent record their current state (consent_state) points at.
 */

/** The logged columns of one decision, as the API and a visitor's export show them. */
export const CONSENT_RECORD_COLUMNS =
  'id, consent_id, ts, action, analytics, marketing, source, banner_version, locale, jurisdiction, gpc, notice_version'

export interface ConsentRecord {
  id: string
  consent_id: string
  ts: number
  action: string
  analytics: boolean
  marketing: boolean
  source: string
  banner_version: string | null
  locale: string | null
  jurisdiction: string | null
  gpc: boolean
  /** The privacy notice version in force when the decision was made. */
  notice_version: string | null
}

/** D1 stores the booleans as 0 or 1. */
type StoredRecord = Omit<ConsentRecord, 'analytics' | 'marketing' | 'gpc'> & {
  analytics: number
  marketing: number
  gpc: number
}

export interface ConsentRecordsQuery {
  start: number
  end: number
  /** The (ts, id) of the last record of the previous page: the page holds older records only. */
  before: [ts: number, id: string] | null
  /** Only decisions of this action (grant, deny, change, …). */
  action: string | null
  limit: number
}

export interface ConsentRecords {
  /** Up to `limit` records in [start, end), newest first. */
  records: ConsentRecord[]
  /** Counts over the whole period (not only the page), whatever `action` asks for. */
  summary: {
    records: number
    by_action: Record<string, number>
    analytics_granted: number
    marketing_granted: number
  }
}

/** A site's logged decisions of a period, newest first, and their counts per action and choice. */
export async function consentRecords(
  d1: D1Database,
  siteId: string,
  q: ConsentRecordsQuery,
): Promise<ConsentRecords> {
  const [beforeTs, beforeId] = q.before ?? [q.end, '\uffff']
  const [rows, summary] = await d1.batch([
    // consent_log_site_ts (site_id, ts) serves the range and the order.
    d1
      .prepare(
        `SELECT ${CONSENT_RECORD_COLUMNS}
         FROM consent_log WHERE site_id = ?1 AND ts >= ?2 AND (ts < ?3 OR (ts = ?3 AND id < ?4))
           AND (?5 IS NULL OR action = ?5)
         ORDER BY ts DESC, id DESC LIMIT ?6`,
      )
      .bind(siteId, q.start, beforeTs, beforeId, q.action, q.limit),
    d1
      .prepare(
        `SELECT action, count(*) AS n, sum(analytics) AS a, sum(marketing) AS m FROM consent_log
         WHERE site_id = ? AND ts >= ? AND ts < ? GROUP BY action`,
      )
      .bind(siteId, q.start, q.end),
  ])
  const s = summary!.results as { action: string; n: number; a: number; m: number }[]
  return {
    records: (rows!.results as StoredRecord[]).map((r) => ({
      ...r,
      analytics: !!r.analytics,
      marketing: !!r.marketing,
      gpc: !!r.gpc,
    })),
    summary: {
      records: s.reduce((x, r) => x + r.n, 0),
      by_action: Object.fromEntries(s.map((r) => [r.action, r.n])),
      analytics_granted: s.reduce((x, r) => x + (r.a ?? 0), 0),
      marketing_granted: s.reduce((x, r) => x + (r.m ?? 0), 0),
    },
  }
}

/** ?1 site id, ?2 visitor id: the consent record the visitor's current state points at. */
export const VISITOR_CONSENT_ID =
  'consent_id IN (SELECT consent_id FROM consent_state WHERE site_id = ?1 AND vid = ?2)'

/** A decision's choices as the API shows them. */
export interface ConsentChoice {
  analytics: boolean
  marketing: boolean
  source: string
  banner_version: string | null
}

export interface VisitorConsent {
  /** The visitor's current decision; null when none is logged (or it was withdrawn). */
  current: ConsentChoice | null
  /** The newest 100 decisions logged under that consent record, newest first. */
  history: (ConsentChoice & { ts: number; action: string })[]
}

/**
 * The statements reading a visitor's current decision and its logged history, for a caller's D1
 * batch; read their results with visitorConsent.
 */
export function visitorConsentStatements(d1: D1Database, siteId: string, vid: string) {
  return [
    d1
      .prepare(
        'SELECT analytics, marketing, source, banner_version FROM consent_state WHERE site_id = ?1 AND vid = ?2',
      )
      .bind(siteId, vid),
    d1
      .prepare(
        `SELECT ts, action, analytics, marketing, source, banner_version FROM consent_log
         WHERE site_id = ?1 AND ${VISITOR_CONSENT_ID} ORDER BY ts DESC LIMIT 100`,
      )
      .bind(siteId, vid),
  ] as const
}

/** D1 stores the booleans as 0 or 1. */
type Stored<T extends ConsentChoice> = Omit<T, 'analytics' | 'marketing'> & {
  analytics: number
  marketing: number
}

const choices = <T extends ConsentChoice>(r: Stored<T>) => ({
  ...r,
  analytics: !!r.analytics,
  marketing: !!r.marketing,
})

/** The results of visitorConsentStatements as the visitor's consent. */
export function visitorConsent(state: D1Result, history: D1Result): VisitorConsent {
  const current = (state.results as Stored<ConsentChoice>[])[0]
  return {
    current: current ? choices(current) : null,
    history: (history.results as Stored<VisitorConsent['history'][number]>[]).map(choices),
  }
}
