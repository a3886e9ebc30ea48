import { SERVER_FLAG } from '../ingest/pipeline'
import { profileWithMembers, profileWithMembersStatement, type StoredProfileRow } from '../profiling/read'
import { type TimelineEventRow, timelineEventsStatement } from './timeline'

/**
 * One customer view: a person's identifiers, merged timeline (web and server events, offline
 * records) and the one profile the profiling job pooled from the person's consented ids.
 */
export interface TimelineEntry {
  ts: number
  /** web | server | offline */
  origin: string
  type: string
  vid: string | null
  id: string
  name: string | null
  query: string | null
  orderId: string | null
  value: number | null
  currency: string | null
  url: string | null
  channel: string | null
}

export interface PersonView {
  id: string
  createdAt: number
  updatedAt: number
  withdrawn: boolean
  identifiers: { kind: string; key: string; source: string; createdAt: number }[]
  visitors: string[]
  merges: {
    id: string
    winnerId: string
    loserId: string
    reason: string
    createdAt: number
    undoneAt: number | null
  }[]
  summary: {
    events: number
    orders: number
    revenue: number
    offlineRecords: Record<string, number>
    firstSeen: number | null
    lastSeen: number | null
  }
  /** The person's profile (pooled from every id allowed to contribute), or null; `members` are those ids. */
  profile: (StoredProfileRow & { members: string[] }) | null
  timeline: TimelineEntry[]
}

/** A person that is not there: never was, or was merged into `mergedInto` (look there). */
export type MissingPerson = { found: false; mergedInto?: string }

export type PersonLookup = { found: true; person: PersonView } | MissingPerson

interface PersonRow {
  id: string
  created_at: number
  updated_at: number
  merged_into: string | null
  withdrawn_at: number | null
}

/** A live person's row, or why there is none. */
export async function readPerson(
  d1: D1Database,
  siteId: string,
  personId: string,
): Promise<{ found: true; row: PersonRow } | MissingPerson> {
  const row = await d1
    .prepare(
      'SELECT id, created_at, updated_at, merged_into, withdrawn_at FROM persons WHERE site_id = ? AND id = ?',
    )
    .bind(siteId, personId)
    .first<PersonRow>()
  if (!row) return { found: false }
  if (row.merged_into) return { found: false, mergedInto: row.merged_into }
  return { found: true, row }
}

const isServerRow = (flags: unknown) =>
  typeof flags === 'string' && (JSON.parse(flags) as string[]).includes(SERVER_FLAG)

export async function personView(
  d1: D1Database,
  siteId: string,
  personId: string,
  opts: { timelineLimit?: number } = {},
): Promise<PersonLookup> {
  const read = await readPerson(d1, siteId, personId)
  if (!read.found) return read
  const person = read.row
  const limit = opts.timelineLimit ?? 200

  const { results: links } = await d1
    .prepare(
      'SELECT kind, key, vid, source, created_at FROM identity_links WHERE site_id = ? AND person_id = ? ORDER BY created_at, key',
    )
    .bind(siteId, personId)
    .all<{ kind: string; key: string; vid: string | null; source: string; created_at: number }>()
  // A sealed contact names its visitor too: the visitors are the `vid` links.
  const vids = links.flatMap((l) => (l.kind === 'vid' && l.vid ? [l.vid] : []))
  const v = JSON.stringify(vids)
  const [merges, events, offline, eventStats, orderStats, offlineStats, profiled] = await d1.batch([
    d1
      .prepare(
        `SELECT id, winner_id, loser_id, reason, created_at, undone_at FROM identity_merges
         WHERE site_id = ?1 AND (winner_id = ?2 OR loser_id = ?2) ORDER BY created_at`,
      )
      .bind(siteId, personId),
    timelineEventsStatement(d1, siteId, vids, limit),
    d1
      .prepare(
        `SELECT source_key, kind, ts, vid, order_id, value, currency, channel FROM offline_records
         WHERE site_id = ?1 AND vid IN (SELECT value FROM json_each(?2)) ORDER BY ts DESC LIMIT ?3`,
      )
      .bind(siteId, v, limit),
    d1
      .prepare(
        `SELECT count(*) AS n, min(ts) AS first, max(ts) AS last FROM events
         WHERE site_id = ?1 AND vid IN (SELECT value FROM json_each(?2))`,
      )
      .bind(siteId, v),
    d1
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(value), 0) AS revenue FROM orders
         WHERE site_id = ?1 AND vid IN (SELECT value FROM json_each(?2))`,
      )
      .bind(siteId, v),
    d1
      .prepare(
        `SELECT kind, count(*) AS n, min(ts) AS first, max(ts) AS last FROM offline_records
         WHERE site_id = ?1 AND vid IN (SELECT value FROM json_each(?2)) GROUP BY kind`,
      )
      .bind(siteId, v),
    // The person's profile in the same round trip (no ids read no row).
    profileWithMembersStatement(d1, siteId, vids),
  ])
  const profile = profileWithMembers(
    profiled?.results[0] as (StoredProfileRow & { members: string }) | undefined,
  )

  type Row = Record<string, unknown>
  const timeline: TimelineEntry[] = [
    ...((events?.results ?? []) as TimelineEventRow[]).map((e) => ({
      ts: e.ts,
      origin: isServerRow(e.flags) ? 'server' : 'web',
      type: e.type,
      vid: e.vid,
      id: e.id,
      name: e.name,
      query: e.query,
      orderId: e.order_id,
      value: e.value,
      currency: e.currency,
      url: e.url,
      channel: null,
    })),
    ...((offline?.results ?? []) as Row[]).map((r) => ({
      ts: r.ts as number,
      origin: 'offline',
      type: r.kind as string,
      vid: r.vid as string | null,
      id: r.source_key as string,
      name: null,
      query: null,
      orderId: r.order_id as string | null,
      value: r.value as number | null,
      currency: r.currency as string | null,
      url: null,
      channel: r.channel as string | null,
    })),
  ]
    .sort((a, b) => b.ts - a.ts || a.id.localeCompare(b.id))
    .slice(0, limit)

  const es = (eventStats?.results?.[0] ?? {}) as { n?: number; first?: number | null; last?: number | null }
  const os = (orderStats?.results?.[0] ?? {}) as { n?: number; revenue?: number }
  const offlineRows = (offlineStats?.results ?? []) as {
    kind: string
    n: number
    first: number
    last: number
  }[]
  const times = [es.first, es.last, ...offlineRows.flatMap((r) => [r.first, r.last])].filter(
    (t): t is number => typeof t === 'number',
  )
  return {
    found: true,
    person: {
      id: person.id,
      createdAt: person.created_at,
      updatedAt: person.updated_at,
      withdrawn: person.withdrawn_at !== null,
      identifiers: links.map((l) => ({
        kind: l.kind,
        key: l.key,
        source: l.source,
        createdAt: l.created_at,
      })),
      visitors: vids,
      merges: ((merges?.results ?? []) as Row[]).map((m) => ({
        id: m.id as string,
        winnerId: m.winner_id as string,
        loserId: m.loser_id as string,
        reason: m.reason as string,
        createdAt: m.created_at as number,
        undoneAt: m.undone_at as number | null,
      })),
      summary: {
        events: es.n ?? 0,
        orders: os.n ?? 0,
        revenue: Math.round((os.revenue ?? 0) * 100) / 100,
        offlineRecords: Object.fromEntries(offlineRows.map((r) => [r.kind, r.n])),
        firstSeen: times.length ? Math.min(...times) : null,
        lastSeen: times.length ? Math.max(...times) : null,
      },
      profile: profile && { ...profile.row, members: profile.members },
      timeline,
    },
  }
}
