import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { surveys } from '../db/schema'
import type { SurveyInput, SurveyStatus } from './definition'

/** A stored survey: its validated definition plus identity and timestamps. */
export interface Survey extends SurveyInput {
  id: string
  site: string
  created_at: number
  updated_at: number
}

type Row = typeof surveys.$inferSelect

const toSurvey = (row: Row): Survey => {
  const definition = JSON.parse(row.definition) as Omit<SurveyInput, 'goal' | 'status'>
  return {
    id: row.id,
    site: row.siteId,
    goal: row.goal,
    ...definition,
    status: row.status as SurveyStatus,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  }
}

const columns = (input: SurveyInput) => {
  const { goal, status, ...definition } = input
  return { goal, status, definition: JSON.stringify(definition) }
}

export async function createSurvey(db: Db, siteId: string, input: SurveyInput, now: number): Promise<Survey> {
  const id = `srv_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`
  const [row] = await db
    .insert(surveys)
    .values({ siteId, id, ...columns(input), createdAt: now, updatedAt: now })
    .returning()
  return toSurvey(row!)
}

export async function getSurvey(db: Db, siteId: string, id: string): Promise<Survey | null> {
  const row = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.siteId, siteId), eq(surveys.id, id)))
    .get()
  return row ? toSurvey(row) : null
}

/** A site's surveys, newest first, optionally only those with one status. */
export async function listSurveys(db: Db, siteId: string, status?: SurveyStatus): Promise<Survey[]> {
  const rows = await db
    .select()
    .from(surveys)
    .where(status ? and(eq(surveys.siteId, siteId), eq(surveys.status, status)) : eq(surveys.siteId, siteId))
    .orderBy(desc(surveys.createdAt), desc(surveys.id))
    .all()
  return rows.map(toSurvey)
}

/** Replaces a survey's definition with `input` (already merged and validated); null when it is gone. */
export async function saveSurvey(
  db: Db,
  siteId: string,
  id: string,
  input: SurveyInput,
  now: number,
): Promise<Survey | null> {
  const [row] = await db
    .update(surveys)
    .set({ ...columns(input), updatedAt: now })
    .where(and(eq(surveys.siteId, siteId), eq(surveys.id, id)))
    .returning()
  return row ? toSurvey(row) : null
}

export async function deleteSurvey(db: Db, siteId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(surveys)
    .where(and(eq(surveys.siteId, siteId), eq(surveys.id, id)))
    .returning({ id: surveys.id })
  return rows.length > 0
}
