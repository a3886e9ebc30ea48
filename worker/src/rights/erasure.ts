import { eraseVisitor } from '../consent/erase'
import { visitorHash } from '../consent/visitor-id'
import { erasePerson } from '../sources/identity/erase'

/** Whom a request names: one browser's visitor id, or a person (all their browsers and ids). */
export type ErasureSubject = { kind: 'visitor'; vid: string } | { kind: 'person'; personId: string }

export interface ErasureRequest {
  siteId: string
  subject: ErasureSubject
  /** who asked: `key:<api key id>` or `admin-token` */
  requestedBy: string
  /** why: a reference to the data subject's request */
  reason: string
}

export interface RequestedErasure {
  /** the erasure_requests row */
  id: string
  /** visitor ids erased */
  visitors: number
  /** rows deleted per table */
  counts: Record<string, number>
}

/**
 * Something shaped like an e-mail address: a reason must point to the request, not repeat who made
 * it. One character before the `@` is enough to tell, and keeps the search linear in the text.
 */
export const hasEmailAddress = (text: string) => /[^\s@]@[^\s@]+\.[^\s@]/.test(text)

/**
 * Erases a visitor, or a person with every visitor id linked to them, on a data subject's request
 * that reached the site by other means than their browser (an e-mail), and keeps the audit row in
 * erasure_requests: who, when, why, and the hash of every visitor id erased. The row is written
 * before the erasure runs and completed after it, so one that failed half-way stays on record.
 * Null (and no row) when the person does not exist.
 */
export async function eraseOnRequest(
  d1: D1Database,
  request: ErasureRequest,
  now = Date.now(),
): Promise<RequestedErasure | null> {
  const { siteId, subject } = request
  if (subject.kind === 'person') {
    const exists = await d1
      .prepare('SELECT 1 FROM persons WHERE site_id = ? AND id = ? AND merged_into IS NULL')
      .bind(siteId, subject.personId)
      .first()
    if (!exists) return null
  }
  const id = crypto.randomUUID()
  const known = subject.kind === 'visitor' ? [await visitorHash(siteId, subject.vid)] : []
  await d1
    .prepare(
      `INSERT INTO erasure_requests (id, site_id, requested_by, subject, vid_hashes, reason, requested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(id, siteId, request.requestedBy, subject.kind, JSON.stringify(known), request.reason, now)
    .run()
  const erased =
    subject.kind === 'visitor'
      ? {
          vids: [subject.vid],
          counts: (await eraseVisitor(d1, siteId, subject.vid, 'admin', { now })).counts,
        }
      : await erasePerson(d1, siteId, subject.personId)
  if (!erased) return null
  const hashes = await Promise.all(erased.vids.map((vid) => visitorHash(siteId, vid)))
  await d1
    .prepare('UPDATE erasure_requests SET vid_hashes = ?, counts = ?, completed_at = ? WHERE id = ?')
    .bind(JSON.stringify(hashes), JSON.stringify(erased.counts), Date.now(), id)
    .run()
  return { id, visitors: erased.vids.length, counts: erased.counts }
}

export interface ErasureRequestRow {
  id: string
  requested_by: string
  subject: string
  vid_hashes: string[]
  reason: string
  requested_at: number
  counts: Record<string, number> | null
  completed_at: number | null
}

/** One page of a site's erasure requests, newest first, after the cursor key (requested_at, id). */
export async function listErasureRequests(
  d1: D1Database,
  siteId: string,
  limit: number,
  before: [number, string] | null,
): Promise<ErasureRequestRow[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, requested_by, subject, vid_hashes, reason, requested_at, counts, completed_at
       FROM erasure_requests WHERE site_id = ?1 AND (?2 IS NULL OR (requested_at, id) < (?2, ?3))
       ORDER BY requested_at DESC, id DESC LIMIT ?4`,
    )
    .bind(siteId, before?.[0] ?? null, before?.[1] ?? '', limit)
    .all<Omit<ErasureRequestRow, 'vid_hashes' | 'counts'> & { vid_hashes: string; counts: string | null }>()
  return results.map((r) => ({
    ...r,
    vid_hashes: JSON.parse(r.vid_hashes) as string[],
    counts: r.counts === null ? null : (JSON.parse(r.counts) as Record<string, number>),
  }))
}
