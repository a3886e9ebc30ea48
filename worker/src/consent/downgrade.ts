import { noticeInForceText } from '../db/queries/privacy'
import { erasureStatements, hasMarketingOnlyData } from './erase'

/** A visitor whose logged marketing grant a `Sec-GPC: 1` request overrides. */
export interface GpcDowngrade {
  siteId: string
  vid: string
  /** consent_state.updated_at as read with the grant: the version the writes are conditional on. */
  seen: number
  jurisdiction: string | null
}

/**
 * Makes a GPC downgrade that happened in the browser (a stored grant silently capped at page load)
 * part of the record: per visitor one consent-log row (action and source `gpc`, analytics as
 * logged, marketing off, GPC flag set, same consent id and banner version), the current state
 * without marketing, and the visitor's marketing-only data (profiles) erased with an erasure
 * record, as a logged change dropping marketing does (record.ts).
 *
 * One D1 batch for all visitors, atomic. Every statement only acts while the visitor's state is
 * still the grant that was read (marketing on, same updated_at): a retried or duplicate queue
 * batch, or two consumers racing, add no second row, and a decision logged in between wins.
 * Returns the number of consent-log rows written.
 */
export async function logGpcDowngrades(
  d1: D1Database,
  downgrades: readonly GpcDowngrade[],
  now: number,
): Promise<number> {
  if (downgrades.length === 0) return 0
  const json = JSON.stringify(
    downgrades.map((d) => ({
      id: crypto.randomUUID(),
      site: d.siteId,
      vid: d.vid,
      seen: d.seen,
      jurisdiction: d.jurisdiction,
    })),
  )
  const log = d1
    .prepare(
      `INSERT INTO consent_log (id, site_id, consent_id, ts, action, analytics, marketing, source,
         banner_version, locale, jurisdiction, gpc, notice_version)
       SELECT d.value ->> 'id', s.site_id, s.consent_id, ?2, 'gpc', s.analytics, 0, 'gpc',
         s.banner_version, NULL, d.value ->> 'jurisdiction', 1, ${noticeInForceText('s.site_id')}
       FROM json_each(?1) AS d JOIN consent_state AS s
         ON s.site_id = d.value ->> 'site' AND s.vid = d.value ->> 'vid'
         AND s.marketing = 1 AND s.updated_at = d.value ->> 'seen'`,
    )
    .bind(json, now)
  const erasures = hasMarketingOnlyData()
    ? await Promise.all(
        downgrades.map(async (d) => {
          const onlyIf = {
            sql: 'EXISTS (SELECT 1 FROM consent_state WHERE site_id = ? AND vid = ? AND marketing = 1 AND updated_at = ?)',
            params: [d.siteId, d.vid, d.seen],
          }
          return (
            await erasureStatements(d1, d.siteId, d.vid, 'marketing-withdrawn', {
              scope: 'marketing',
              now,
              onlyIf,
            })
          ).statements
        }),
      )
    : []
  const state = d1
    .prepare(
      `UPDATE consent_state SET marketing = 0, gpc = 1, source = 'gpc', updated_at = ?2
       WHERE marketing = 1
         AND (site_id, vid, updated_at) IN (SELECT value ->> 'site', value ->> 'vid', value ->> 'seen' FROM json_each(?1))`,
    )
    .bind(json, now)
  const [logged] = await d1.batch([log, ...erasures.flat(), state])
  return logged?.meta.changes ?? 0
}
