import { type VisitorConsent, visitorConsent, visitorConsentStatements } from '../consent/log'
import { parseStoredJson } from '../db/json'
import { profileWithMembers, profileWithMembersStatement, type StoredProfileRow } from '../profiling/read'
import { type TimelineEventRow, timelineEventsStatement } from './timeline'

/** One visitor id as the API shows it: its events, orders, consent and the profile it belongs to. */
export interface VisitorView {
  vid: string
  /** Newest first, at most the limit. */
  events: (Omit<TimelineEventRow, 'vid' | 'flags' | 'props'> & { props: unknown })[]
  /** More events are stored than the limit shows. */
  events_truncated: boolean
  orders: { order_id: string; ts: number; value: number; currency: string; items: unknown }[]
  consent: VisitorConsent
  /** The visitor's own profile, or the pooled one of the person they belong to. */
  profile: StoredProfileRow | null
}

/** A visitor's timeline of one site in one D1 round trip; null when nothing is stored about the id. */
export async function visitorView(
  d1: D1Database,
  siteId: string,
  vid: string,
  timelineLimit = 500,
): Promise<VisitorView | null> {
  const [events, orders, state, history, profile] = await d1.batch([
    timelineEventsStatement(d1, siteId, [vid], timelineLimit + 1),
    d1
      .prepare(
        'SELECT order_id, ts, value, currency, items FROM orders WHERE site_id = ? AND vid = ? ORDER BY ts DESC',
      )
      .bind(siteId, vid),
    ...visitorConsentStatements(d1, siteId, vid),
    // Also the person's pooled profile when it is stored under another of their browsers.
    profileWithMembersStatement(d1, siteId, [vid]),
  ])
  const evs = events!.results as TimelineEventRow[]
  const ords = orders!.results as (Omit<VisitorView['orders'][number], 'items'> & { items: string })[]
  const consent = visitorConsent(state!, history!)
  const prof = profileWithMembers(profile!.results[0] as (StoredProfileRow & { members: string }) | undefined)
  if (!evs.length && !ords.length && !consent.current && !prof) return null
  return {
    vid,
    events: evs.slice(0, timelineLimit).map(({ vid: _vid, flags: _flags, props, ...e }) => ({
      ...e,
      props: parseStoredJson(props),
    })),
    events_truncated: evs.length > timelineLimit,
    orders: ords.map((o) => ({ ...o, items: parseStoredJson(o.items) })),
    consent,
    profile: prof?.row ?? null,
  }
}
