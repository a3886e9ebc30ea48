import { type GpcDowngrade, logGpcDowngrades } from './downgrade'
import { visitorHash } from './visitor-id'

/**
 * Server-side consent enforcement against the consent log, applied by the queue consumer before
 * rows are stored. The browser's claim is never trusted further than the log allows:
 * - a row claiming marketing for a visitor whose current logged decision does not grant
 *   marketing is downgraded to `marketing: false`;
 * - a row of a visitor who was erased (withdrawal or "delete my data") and that the worker
 *   received before the erasure is dropped: it was queued when the deletion ran and would
 *   otherwise bring the visitor back. Rows received after the erasure are kept (a visitor may
 *   consent again later);
 * - a row sent with `Sec-GPC: 1`, received after the visitor's logged marketing grant, turns that
 *   grant off in the log: the browser caps a stored grant at page load without logging anything,
 *   so the worker appends the "gpc" downgrade (downgrade.ts) before storing the rows — once per
 *   visitor, whatever the number of rows, retries or duplicate batches. Profiling never selects
 *   the visitor again unless they grant marketing anew;
 * - a visitor with no logged decision is left as claimed (the page's own consent signal, e.g. a
 *   site that never calls POST /consent), except that the worker's own checks (Sec-GPC) still apply.
 * A bare claim of `marketing: false` is not logged as a downgrade: a tab opened before a grant made
 * in another tab still claims it, and the log must only hold decisions the visitor made.
 * Returns new row objects; the input array is not modified. Rows without a visitor id pass through.
 */
export interface ConsentClaim {
  siteId: string
  vid: string | null
  marketing: boolean
  /** Server receive time (ms). Without it, a row of an erased visitor is always dropped. */
  receivedAt?: number
  /** The request that carried the row sent `Sec-GPC: 1`. */
  gpc?: boolean
  /** Where the GPC request came from (country, US state), the jurisdiction its downgrade is logged under. */
  jurisdiction?: string | null
}

interface LoggedVisitor {
  marketing: boolean | null
  /** consent_state.updated_at, when a state is logged */
  updatedAt: number | null
  erasedAt: number | null
}

const key = (siteId: string, vid: string) => `${siteId}\n${vid}`

async function loggedVisitors(
  d1: D1Database,
  pairs: [string, string][],
): Promise<Map<string, LoggedVisitor>> {
  const hashes = await Promise.all(pairs.map(([site, vid]) => visitorHash(site, vid)))
  const [states, erased] = await d1.batch<{
    site_id: string
    vid: string
    marketing?: number
    updated_at?: number
    at?: number
  }>([
    d1
      .prepare(
        `SELECT site_id, vid, marketing, updated_at FROM consent_state
         WHERE (site_id, vid) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?1))`,
      )
      .bind(JSON.stringify(pairs)),
    // Only full erasures: a marketing-only erasure leaves the visitor's analytics in place.
    d1
      .prepare(
        `SELECT p.value ->> 0 AS site_id, p.value ->> 1 AS vid, max(e.completed_at) AS at
         FROM json_each(?1) AS p JOIN erasures AS e
           ON e.site_id = p.value ->> 0 AND e.vid_hash = p.value ->> 2 AND e.reason <> 'marketing-withdrawn'
         GROUP BY p.value ->> 0, p.value ->> 1`,
      )
      .bind(JSON.stringify(pairs.map(([site, vid], i) => [site, vid, hashes[i]]))),
  ])
  const logged = new Map<string, LoggedVisitor>()
  for (const r of states?.results ?? [])
    logged.set(key(r.site_id, r.vid), {
      marketing: r.marketing === 1,
      updatedAt: r.updated_at ?? null,
      erasedAt: null,
    })
  for (const r of erased?.results ?? []) {
    const k = key(r.site_id, r.vid)
    const state = logged.get(k)
    logged.set(k, {
      marketing: state?.marketing ?? null,
      updatedAt: state?.updatedAt ?? null,
      erasedAt: r.at ?? null,
    })
  }
  return logged
}

/** Visitors whose logged grant a Sec-GPC row received after it overrides, one entry per visitor. */
function gpcDowngrades(rows: readonly ConsentClaim[], logged: Map<string, LoggedVisitor>): GpcDowngrade[] {
  const found = new Map<string, GpcDowngrade>()
  for (const row of rows) {
    if (!row.gpc || !row.vid) continue
    const visitor = logged.get(key(row.siteId, row.vid))
    if (visitor?.marketing !== true || visitor.updatedAt === null) continue
    // A grant logged after this request (GPC turned off, then granted) stands.
    if ((row.receivedAt ?? Number.POSITIVE_INFINITY) <= visitor.updatedAt) continue
    found.set(key(row.siteId, row.vid), {
      siteId: row.siteId,
      vid: row.vid,
      seen: visitor.updatedAt,
      jurisdiction: row.jurisdiction ?? null,
    })
  }
  return [...found.values()]
}

export async function applyLoggedConsent<T extends ConsentClaim>(
  d1: D1Database,
  rows: T[],
  now = Date.now(),
): Promise<T[]> {
  const pairs = new Map<string, [string, string]>()
  for (const r of rows) if (r.vid) pairs.set(key(r.siteId, r.vid), [r.siteId, r.vid])
  if (pairs.size === 0) return rows.map((r) => ({ ...r }))
  const logged = await loggedVisitors(d1, [...pairs.values()])
  const downgrades = gpcDowngrades(rows, logged)
  if (downgrades.length > 0) {
    await logGpcDowngrades(d1, downgrades, now)
    // Written now or by a concurrent batch: either way no row of theirs is stored with marketing.
    for (const d of downgrades) logged.get(key(d.siteId, d.vid))!.marketing = false
  }
  const kept: T[] = []
  for (const row of rows) {
    const visitor = row.vid ? logged.get(key(row.siteId, row.vid)) : undefined
    if (!visitor) {
      kept.push({ ...row })
      continue
    }
    if (visitor.erasedAt !== null && (row.receivedAt === undefined || row.receivedAt <= visitor.erasedAt))
      continue
    const marketingAllowed = visitor.marketing === true
    kept.push({ ...row, marketing: row.marketing && marketingAllowed })
  }
  return kept
}
