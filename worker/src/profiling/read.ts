import type { Lifecycle } from './schema'

/**
 * Reading stored profiles for the API. A person's ids are pooled into one profile stored under
 * one of them (profiling/store.ts), so "the profile of these ids" is the one their member rows
 * point at.
 */

/** Stored profile columns the API shows (D1 column names). */
export const PROFILE_COLUMNS =
  'vid, persona_id, segment, lifecycle, interests, purchase_intent, price_sensitivity, preferred_channel, summary, next_best_action, provider, model, fallback, last_event_ts, updated_at'

export interface StoredProfileRow {
  vid: string
  persona_id: string | null
  segment: string
  lifecycle: string
  interests: string
  purchase_intent: number
  price_sensitivity: string
  preferred_channel: string
  summary: string
  next_best_action: string
  provider: string
  model: string
  fallback: string | null
  last_event_ts: number
  updated_at: number
}

/**
 * The profile built from any of `vids` (?1 site id, ?2 the ids as a JSON array; a person's visitor
 * ids): the profile stored under one of them, or the one any of them is a member of; newest first
 * when a link made after the last run still leaves two.
 */
const PROFILE_OF_VISITORS_SQL = `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE site_id = ?1 AND vid IN
    (SELECT value FROM json_each(?2)
     UNION SELECT profile_vid FROM profile_members WHERE site_id = ?1 AND vid IN (SELECT value FROM json_each(?2)))
  ORDER BY updated_at DESC, vid LIMIT 1`

/** The profile built from any of `vids`, with its member ids as a JSON array (?1 site id, ?2 the ids). */
const PROFILE_WITH_MEMBERS_SQL = `SELECT p.*, (SELECT json_group_array(m.vid) FROM profile_members m
     WHERE m.site_id = ?1 AND m.profile_vid = p.vid) AS members
   FROM (${PROFILE_OF_VISITORS_SQL}) AS p`

export type ProfileWithMembers = { row: StoredProfileRow; members: string[] }

/**
 * The statement reading the profile built from any of `vids` together with the ids it was built
 * from, so a caller can put it in its own D1 batch; read its row with profileWithMembers. No ids
 * read no row.
 */
export const profileWithMembersStatement = (d1: D1Database, siteId: string, vids: string[]) =>
  d1.prepare(PROFILE_WITH_MEMBERS_SQL).bind(siteId, JSON.stringify(vids))

/** The row of profileWithMembersStatement as a profile and its member ids; null for no row. */
export function profileWithMembers(
  found: (StoredProfileRow & { members: string }) | null | undefined,
): ProfileWithMembers | null {
  if (!found) return null
  const { members, ...row } = found
  const ids = (JSON.parse(members) as string[]).sort()
  // A profile written before member rows existed was built from its own visitor id alone.
  return { row, members: ids.length ? ids : [row.vid] }
}

/** Which profiles a list shows: every given condition must hold. */
export interface ProfileFilter {
  segment?: string
  lifecycle?: Lifecycle
  minIntent?: number
  maxIntent?: number
}

/** Up to `limit` of a site's profiles matching `filter`, by the visitor id each is stored under, after `afterVid`. */
export async function listProfiles(
  d1: D1Database,
  siteId: string,
  filter: ProfileFilter,
  afterVid: string | undefined,
  limit: number,
): Promise<StoredProfileRow[]> {
  const where = ['site_id = ?']
  const params: (string | number)[] = [siteId]
  const add = (sql: string, v: string | number | undefined) => {
    if (v === undefined) return
    where.push(sql)
    params.push(v)
  }
  add('vid > ?', afterVid)
  add('segment = ?', filter.segment)
  add('lifecycle = ?', filter.lifecycle)
  add('purchase_intent >= ?', filter.minIntent)
  add('purchase_intent <= ?', filter.maxIntent)
  const { results } = await d1
    .prepare(`SELECT ${PROFILE_COLUMNS} FROM profiles WHERE ${where.join(' AND ')} ORDER BY vid LIMIT ?`)
    .bind(...params, limit)
    .all<StoredProfileRow>()
  return results
}

export interface ProfileCount {
  visitors: number
  average_intent: number
}

export interface ProfileSummary {
  profiles: number
  segments: (ProfileCount & { segment: string })[]
  lifecycles: (ProfileCount & { lifecycle: string })[]
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

/** A site's profiles counted per segment and lifecycle stage, and its personas with their profile counts. */
export async function profileSummary(d1: D1Database, siteId: string): Promise<ProfileSummary> {
  const [segments, lifecycles, personas, byPersona] = await d1.batch([
    d1
      .prepare(
        'SELECT segment, count(*) AS visitors, round(avg(purchase_intent), 3) AS average_intent FROM profiles WHERE site_id = ? GROUP BY segment ORDER BY visitors DESC, segment',
      )
      .bind(siteId),
    d1
      .prepare(
        'SELECT lifecycle, count(*) AS visitors, round(avg(purchase_intent), 3) AS average_intent FROM profiles WHERE site_id = ? GROUP BY lifecycle ORDER BY visitors DESC, lifecycle',
      )
      .bind(siteId),
    d1
      .prepare(
        'SELECT id, name, description, needs, action, size, updated_at FROM personas WHERE site_id = ? ORDER BY size DESC, id',
      )
      .bind(siteId),
    d1
      .prepare('SELECT persona_id, count(*) AS n FROM profiles WHERE site_id = ? GROUP BY persona_id')
      .bind(siteId),
  ])
  const counts = new Map(
    (byPersona!.results as { persona_id: string | null; n: number }[]).map((r) => [r.persona_id, r.n]),
  )
  const segs = segments!.results as ProfileSummary['segments']
  return {
    profiles: segs.reduce((a, s) => a + s.visitors, 0),
    segments: segs,
    lifecycles: lifecycles!.results as ProfileSummary['lifecycles'],
    personas: (
      personas!.results as (Omit<ProfileSummary['personas'][number], 'needs' | 'profiles'> & {
        needs: string
      })[]
    ).map((p) => ({ ...p, needs: safeList(p.needs), profiles: counts.get(p.id) ?? 0 })),
  }
}

function safeList(json: string): string[] {
  try {
    const v = JSON.parse(json)
    return Array.isArray(v) ? v.map(String) : []
  } catch {
    return []
  }
}

/** The profile columns an export shows, in order. */
export const EXPORT_PROFILE_COLUMNS = PROFILE_COLUMNS.split(', ')

export type ExportedProfile = Record<string, unknown> & { vid: string; interests: string }

/**
 * The page of `pageSize` of a site's profiles after `last` by visitor id (from the first when
 * null), for a streamed export; empty at the end.
 */
export function profileExportPages(d1: D1Database, siteId: string, pageSize: number) {
  const stmt = d1.prepare(
    `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE site_id = ? AND vid > ? ORDER BY vid LIMIT ?`,
  )
  return async (last: ExportedProfile | null) =>
    (await stmt.bind(siteId, last ? last.vid : '', pageSize).all<ExportedProfile>()).results
}
