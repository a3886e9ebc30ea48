/** Counts what visitors ask about, per site, day and topic; the questions themselves are never stored. */
import { sql } from 'drizzle-orm'
import { db } from '../db/client'
import { privacyQuestionTopics } from '../db/schema'
import { utcDay } from '../ingest/identity'

export async function countTopic(d1: D1Database, siteId: string, topic: string, now: number): Promise<void> {
  await db(d1)
    .insert(privacyQuestionTopics)
    .values({ siteId, day: utcDay(now), topic, count: 1 })
    .onConflictDoUpdate({
      target: [privacyQuestionTopics.siteId, privacyQuestionTopics.day, privacyQuestionTopics.topic],
      set: { count: sql`${privacyQuestionTopics.count} + 1` },
    })
    .run()
}
