import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client'
import { surveyResponses, surveyTurns } from '../db/schema'
import { isGibberish, type Question, type Value } from './conversation'
import type { Survey } from './store'

/** An answer given faster than this after its question was shown was not read. */
export const TOO_FAST_MS = 1_500
/** This many scale answers, all the same point, count as straight-lining. */
export const STRAIGHT_LINE_MIN = 3

export type QualityFlag = 'too_fast' | 'gibberish' | 'straight_lining'

export type ResponseRow = {
  id: string
  linked: boolean
  language: string
  status: string
  started_at: number
  completed_at: number | null
  attributes: Record<string, { value: Value; confidence: number }>
  flags: { flag: QualityFlag; reason: string }[]
}

interface TurnRow {
  question: Question | null
  clarified: boolean
  answer: string | null
  shownAt: number
  answeredAt: number | null
}

/** Why a response is low quality, if it is: each flag with a reason a person can check. */
export function qualityFlags(turns: TurnRow[]): ResponseRow['flags'] {
  const answered = turns.filter((t) => t.answer !== null && t.answeredAt !== null)
  const flags: ResponseRow['flags'] = []
  const fast = answered.filter((t) => t.answeredAt! - t.shownAt < TOO_FAST_MS)
  if (answered.length && fast.length === answered.length) {
    flags.push({ flag: 'too_fast', reason: `every answer came within ${TOO_FAST_MS} ms of its question` })
  }
  const nonsense = answered.filter((t) => isGibberish(t.answer!))
  if (nonsense.length) flags.push({ flag: 'gibberish', reason: `${nonsense.length} answer(s) without words` })
  const scale = answered.filter((t) => t.question?.kind === 'scale').map((t) => t.answer!.trim())
  if (scale.length >= STRAIGHT_LINE_MIN && new Set(scale).size === 1) {
    flags.push({ flag: 'straight_lining', reason: `${scale.length} scale answers all "${scale[0]}"` })
  }
  return flags
}

/** A survey's responses, oldest first, and the turns of each (one query each). */
async function load(db: Db, siteId: string, surveyId: string) {
  const ofSurvey = and(eq(surveyResponses.siteId, siteId), eq(surveyResponses.surveyId, surveyId))
  const responses = await db
    .select()
    .from(surveyResponses)
    .where(ofSurvey)
    .orderBy(asc(surveyResponses.startedAt), asc(surveyResponses.id))
    .all()
  const rows = await db
    .select()
    .from(surveyTurns)
    .where(
      and(
        eq(surveyTurns.siteId, siteId),
        inArray(
          surveyTurns.responseId,
          db.select({ id: surveyResponses.id }).from(surveyResponses).where(ofSurvey),
        ),
      ),
    )
    .orderBy(asc(surveyTurns.responseId), asc(surveyTurns.n))
    .all()
  const turns = new Map<string, TurnRow[]>()
  for (const t of rows) {
    const list = turns.get(t.responseId) ?? []
    list.push({
      question: t.question ? (JSON.parse(t.question) as Question) : null,
      clarified: t.clarified,
      answer: t.answer,
      shownAt: t.createdAt,
      answeredAt: t.answeredAt,
    })
    turns.set(t.responseId, list)
  }
  const view = responses.map(
    (r): ResponseRow => ({
      id: r.id,
      linked: r.vid !== null,
      language: r.language,
      status: r.status,
      started_at: r.startedAt,
      completed_at: r.completedAt,
      attributes: JSON.parse(r.attributes),
      flags: qualityFlags(turns.get(r.id) ?? []),
    }),
  )
  return { responses: view, turns }
}

/** Every response of a survey, oldest first, with its stated attributes and quality flags. */
export async function surveyResponsesOf(db: Db, siteId: string, surveyId: string): Promise<ResponseRow[]> {
  return (await load(db, siteId, surveyId)).responses
}

export interface SurveyResults {
  starts: number
  completed: number
  completion_rate: number
  /** Per question position (clarifications not counted): how many saw it, answered it, left there. */
  questions: { position: number; shown: number; answered: number; dropped: number }[]
  /** Counts of each stated value per attribute, over responses without a quality flag. */
  distributions: Record<string, Record<string, number>>
  flagged: number
}

/** The survey's funnel, attribute distributions and low-quality count; flagged responses are left out of distributions. */
export async function surveyResults(db: Db, survey: Survey): Promise<SurveyResults> {
  const { responses, turns } = await load(db, survey.site, survey.id)
  const questions: SurveyResults['questions'] = []
  for (const list of turns.values()) {
    list
      .filter((t) => t.question && !t.clarified)
      .forEach((t, i) => {
        questions[i] = questions[i] ?? { position: i + 1, shown: 0, answered: 0, dropped: 0 }
        const q = questions[i]!
        q.shown++
        if (t.answer !== null) q.answered++
        else q.dropped++
      })
  }
  const distributions: SurveyResults['distributions'] = Object.fromEntries(
    survey.attributes.map((a) => [a.key, {} as Record<string, number>]),
  )
  const clean = responses.filter((r) => !r.flags.length)
  for (const r of clean) {
    for (const [key, { value }] of Object.entries(r.attributes)) {
      const bucket = distributions[key]
      if (!bucket) continue
      for (const v of Array.isArray(value) ? value : [value]) bucket[String(v)] = (bucket[String(v)] ?? 0) + 1
    }
  }
  const completed = responses.filter((r) => r.status === 'completed').length
  return {
    starts: responses.length,
    completed,
    completion_rate: responses.length ? Math.round((completed / responses.length) * 1000) / 10 : 0,
    questions,
    distributions,
    flagged: responses.length - clean.length,
  }
}
