/** Where a chunked cron job stopped (job_cursors), so the next run resumes there. */
export async function readCursor(d1: D1Database, job: string): Promise<string | null> {
  const row = await d1
    .prepare('SELECT cursor FROM job_cursors WHERE job = ?1')
    .bind(job)
    .first<{ cursor: string }>()
  return row?.cursor ?? null
}

export async function writeCursor(d1: D1Database, job: string, cursor: string, now: number): Promise<void> {
  await d1
    .prepare(
      'INSERT INTO job_cursors (job, cursor, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (job) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
    )
    .bind(job, cursor, now)
    .run()
}

export async function clearCursor(d1: D1Database, job: string): Promise<void> {
  await d1.prepare('DELETE FROM job_cursors WHERE job = ?1').bind(job).run()
}
