import { visitorHash } from '../../consent/visitor-id'

export type UndoResult =
  | { ok: true; mergeId: string; winnerId: string; loserId: string; restoredKeys: number }
  | { ok: false; code: 'not_found' | 'already_undone' | 'person_gone'; message: string }

/**
 * Undoes one merge: the links recorded as moved go back to the loser, which becomes a person of its
 * own again. Links the winner gained later stay with the winner. Everything happens in one batch.
 */
export async function undoMerge(d1: D1Database, siteId: string, mergeId: string, now = Date.now()) {
  const merge = await d1
    .prepare(
      'SELECT winner_id, loser_id, moved_keys, undone_at FROM identity_merges WHERE site_id = ? AND id = ?',
    )
    .bind(siteId, mergeId)
    .first<{ winner_id: string; loser_id: string; moved_keys: string; undone_at: number | null }>()
  if (!merge) return { ok: false, code: 'not_found', message: 'No such merge' } satisfies UndoResult
  if (merge.undone_at !== null)
    return {
      ok: false,
      code: 'already_undone',
      message: 'This merge was already undone',
    } satisfies UndoResult
  const loser = await d1
    .prepare('SELECT id FROM persons WHERE site_id = ? AND id = ?')
    .bind(siteId, merge.loser_id)
    .first()
  if (!loser)
    return { ok: false, code: 'person_gone', message: 'The merged person was deleted' } satisfies UndoResult

  const keys = JSON.parse(merge.moved_keys) as string[]
  const vids = keys.filter((k) => k.startsWith('vid:')).map((k) => k.slice(4))
  const hashes = await Promise.all(vids.map((v) => visitorHash(siteId, v)))
  const results = await d1.batch([
    d1
      .prepare(
        'UPDATE identity_links SET person_id = ?2 WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?3))',
      )
      .bind(siteId, merge.loser_id, merge.moved_keys),
    d1
      .prepare(
        'UPDATE person_visitor_hashes SET person_id = ?2 WHERE site_id = ?1 AND vid_hash IN (SELECT value FROM json_each(?3))',
      )
      .bind(siteId, merge.loser_id, JSON.stringify(hashes)),
    d1
      .prepare('UPDATE persons SET merged_into = NULL, updated_at = ?3 WHERE site_id = ?1 AND id = ?2')
      .bind(siteId, merge.loser_id, now),
    d1
      .prepare('UPDATE identity_merges SET undone_at = ?3 WHERE site_id = ?1 AND id = ?2')
      .bind(siteId, mergeId, now),
  ])
  return {
    ok: true,
    mergeId,
    winnerId: merge.winner_id,
    loserId: merge.loser_id,
    restoredKeys: results[0]?.meta.changes ?? 0,
  } satisfies UndoResult
}
