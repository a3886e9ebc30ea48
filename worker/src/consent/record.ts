import { db } from '../db/client'
import { noticeInForce } from '../db/queries/privacy'
import { consentLog, consentState } from '../db/schema'
import type { Decision } from './decision'
import { type ErasureOptions, type ErasureResult, eraseVisitor, hasMarketingOnlyData } from './erase'
import { markVisitorWithdrawn } from '../db/queries/persons'
import { currentConsent } from './state'

export interface RecordResult {
  /** consent_log row id */
  id: string
  /** Present when the decision erased the visitor's data (withdrawal, or marketing alone withdrawn). */
  erased?: ErasureResult
}

/**
 * Appends a decision to the consent log and applies it to the visitor's stored data:
 * - analytics granted → the visitor's current state is set (what enforcement and profiling read);
 * - nothing granted, with a visitor id → the visitor is withdrawing: every row about them is
 *   erased in the same request and the erasure recorded;
 * - marketing withdrawn while analytics stays → marketing-only tables (profiles) are erased.
 * Without a visitor id (a refusal before any id existed) only the log row is written.
 */
export async function recordDecision(
  d1: D1Database,
  decision: Decision,
  now = Date.now(),
  /** Who asked, for the record of a withdrawal that finds nothing (ErasureOptions.unmatchedKey). */
  requester: Pick<ErasureOptions, 'unmatchedKey'> = {},
): Promise<RecordResult> {
  const database = db(d1)
  const id = crypto.randomUUID()
  const logRow = database.insert(consentLog).values({
    id,
    siteId: decision.siteId,
    consentId: decision.consentId,
    ts: now,
    action: decision.action,
    analytics: decision.analytics,
    marketing: decision.marketing,
    source: decision.source,
    bannerVersion: decision.bannerVersion,
    locale: decision.locale,
    jurisdiction: decision.jurisdiction,
    gpc: decision.gpc,
    noticeVersion: noticeInForce(decision.siteId),
  })
  const { vid } = decision
  if (!vid) {
    await logRow.run()
    return { id }
  }
  if (!decision.analytics) {
    await logRow.run()
    // The person this visitor belongs to is marked too, so offline imports declared under consent
    // are not stored for them again.
    await markVisitorWithdrawn(d1, decision.siteId, vid, now)
    return { id, erased: await eraseVisitor(d1, decision.siteId, vid, 'withdraw', { now, ...requester }) }
  }
  const previous = await currentConsent(database, decision.siteId, vid)
  const state = {
    consentId: decision.consentId,
    analytics: decision.analytics,
    marketing: decision.marketing,
    source: decision.source,
    bannerVersion: decision.bannerVersion,
    gpc: decision.gpc,
    updatedAt: now,
  }
  await database.batch([
    logRow,
    database
      .insert(consentState)
      .values({ siteId: decision.siteId, vid, ...state })
      .onConflictDoUpdate({ target: [consentState.siteId, consentState.vid], set: state }),
  ])
  if (previous?.marketing && !decision.marketing && hasMarketingOnlyData()) {
    const erased = await eraseVisitor(d1, decision.siteId, vid, 'marketing-withdrawn', {
      now,
      scope: 'marketing',
    })
    return { id, erased }
  }
  return { id }
}
