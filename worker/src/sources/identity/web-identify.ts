import { readCursor, writeCursor } from '../../db/queries/cursors'
import { identifierKey, type LinkInput, siteSalt, vidKey } from './identifiers'
import { stitch } from './stitch'
import { DAY_MS } from '../../lib/time'

/**
 * Web identify → person. The snippet's `identify` events are stored by the ingest pipeline; this
 * links each one's visitor id and user id into a person. Only events stored with marketing
 * consent count (the consumer already downgraded claims the consent log does not back), so a
 * visitor is never tied to a known customer without marketing consent.
 *
 * Runs from the cron per site, resuming after the last receive time it handled. Event time is
 * within 24 h of receive time (the pipeline enforces it), so the ts index bounds the scan.
 */

export async function stitchWebIdentifies(d1: D1Database, now: number, maxRows = 2_000) {
  const { results: sites } = await d1.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>()
  let identifies = 0
  let persons = 0
  for (const { id: siteId } of sites) {
    const job = `identity:${siteId}`
    const after = Number((await readCursor(d1, job)) ?? 0)
    const { results } = await d1
      .prepare(
        `SELECT vid, props, received_at FROM events
         WHERE site_id = ?1 AND ts >= ?2 AND type = 'identify' AND marketing = 1 AND received_at > ?3
           AND vid IS NOT NULL
         ORDER BY received_at LIMIT ?4`,
      )
      .bind(siteId, Math.max(0, after - 2 * DAY_MS), after, maxRows)
      .all<{ vid: string; props: string | null; received_at: number }>()
    if (!results.length) continue
    const salt = await siteSalt(d1, siteId, now)
    const groups: { links: LinkInput[] }[] = []
    for (const r of results) {
      let props: { user_id?: unknown; user_key?: unknown } = {}
      try {
        props = JSON.parse(r.props ?? '{}')
      } catch {}
      // A user id that carried personal data was stored as its link key (ingest/pseudonym.ts).
      const key =
        typeof props.user_key === 'string'
          ? props.user_key
          : typeof props.user_id === 'string' && props.user_id
            ? await identifierKey(salt, 'user', props.user_id)
            : null
      if (key)
        groups.push({
          links: [
            { key: vidKey(r.vid), kind: 'vid', vid: r.vid },
            { key, kind: 'user' },
          ],
        })
    }
    if (groups.length) {
      const result = await stitch(d1, siteId, groups, 'web', now)
      persons += result.created
    }
    identifies += results.length
    // A full page may have cut one request's rows (same receive time) in two: take that time again.
    const last = results[results.length - 1]!.received_at
    await writeCursor(d1, job, String(results.length === maxRows ? last - 1 : last), now)
  }
  return { identifies, persons }
}
