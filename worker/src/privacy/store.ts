/** Reads and writes notice versions (privacy_notices). What to write and when is versions.ts's business. */
import { and, desc, eq } from 'drizzle-orm'
import { db } from '../db/client'
import { privacyNotices } from '../db/schema'
import type { Problem } from './check'
import type { Fact } from './facts'
import type { NoticeFallback, NoticeSource } from './generate'
import type { Lang, NoticeBody } from './notice'

export interface StoredNotice {
  body: NoticeBody
  source: NoticeSource
  fallback: NoticeFallback | null
  problems: Problem[]
}

export type NoticeStatus = 'draft' | 'published' | 'retired'

export interface NoticeVersion {
  siteId: string
  version: string
  sheetHash: string
  facts: Fact[]
  notices: Partial<Record<Lang, StoredNotice>>
  status: NoticeStatus
  provider: string
  model: string
  promptVersion: string
  calls: number
  tokensIn: number
  tokensOut: number
  latencyMs: number
  createdAt: number
  publishedAt: number | null
}

const asVersion = (row: typeof privacyNotices.$inferSelect): NoticeVersion => ({
  ...row,
  facts: row.facts as Fact[],
  notices: row.notices as NoticeVersion['notices'],
  status: row.status as NoticeStatus,
})

export async function latestVersion(d1: D1Database, siteId: string): Promise<NoticeVersion | null> {
  const row = await db(d1)
    .select()
    .from(privacyNotices)
    .where(eq(privacyNotices.siteId, siteId))
    .orderBy(desc(privacyNotices.createdAt))
    .limit(1)
    .get()
  return row ? asVersion(row) : null
}

/** The published version: the one visitors are shown and consent decisions are logged against. */
export async function versionInForce(d1: D1Database, siteId: string): Promise<NoticeVersion | null> {
  const row = await db(d1)
    .select()
    .from(privacyNotices)
    .where(and(eq(privacyNotices.siteId, siteId), eq(privacyNotices.status, 'published')))
    .get()
  return row ? asVersion(row) : null
}

export async function getVersion(
  d1: D1Database,
  siteId: string,
  version: string,
): Promise<NoticeVersion | null> {
  const row = await db(d1)
    .select()
    .from(privacyNotices)
    .where(and(eq(privacyNotices.siteId, siteId), eq(privacyNotices.version, version)))
    .get()
  return row ? asVersion(row) : null
}

/** The newest versions first, without their texts. */
export async function listVersions(d1: D1Database, siteId: string, limit: number) {
  return db(d1)
    .select({
      version: privacyNotices.version,
      sheetHash: privacyNotices.sheetHash,
      status: privacyNotices.status,
      provider: privacyNotices.provider,
      model: privacyNotices.model,
      promptVersion: privacyNotices.promptVersion,
      calls: privacyNotices.calls,
      tokensIn: privacyNotices.tokensIn,
      tokensOut: privacyNotices.tokensOut,
      latencyMs: privacyNotices.latencyMs,
      createdAt: privacyNotices.createdAt,
      publishedAt: privacyNotices.publishedAt,
    })
    .from(privacyNotices)
    .where(eq(privacyNotices.siteId, siteId))
    .orderBy(desc(privacyNotices.createdAt))
    .limit(limit)
}

/** The statements that put `version` in force and retire the one before, for one atomic batch. */
function publishStatements(d1: D1Database, siteId: string, version: string, now: number) {
  const database = db(d1)
  return [
    database
      .update(privacyNotices)
      .set({ status: 'retired' })
      .where(and(eq(privacyNotices.siteId, siteId), eq(privacyNotices.status, 'published'))),
    database
      .update(privacyNotices)
      .set({ status: 'published', publishedAt: now })
      .where(and(eq(privacyNotices.siteId, siteId), eq(privacyNotices.version, version))),
  ] as const
}

/** Stores a new version as a draft, or in force at once (retiring the one before) when `publish`. */
export async function insertVersion(d1: D1Database, v: NoticeVersion, publish: boolean): Promise<void> {
  const database = db(d1)
  const insert = database.insert(privacyNotices).values({ ...v, status: 'draft', publishedAt: null })
  if (!publish) {
    await insert.run()
    return
  }
  await database.batch([insert, ...publishStatements(d1, v.siteId, v.version, v.createdAt)])
}

/** Puts a stored version in force; false when the site has no such version. */
export async function publishVersion(
  d1: D1Database,
  siteId: string,
  version: string,
  now: number,
): Promise<boolean> {
  if (!(await getVersion(d1, siteId, version))) return false
  await db(d1).batch([...publishStatements(d1, siteId, version, now)])
  return true
}
