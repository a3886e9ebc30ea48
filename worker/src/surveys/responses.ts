import { and, asc, eq, gte, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { DAY_MS } from '../lib/time'
import { profiles, surveyResponses, surveyTurns } from '../db/schema'
import { currentConsent } from '../consent/state'
import type { ProfilingProvider } from '../profiling/providers'
import {
  type Exchange,
  type Extracted,
  type Feedback,
  type Question,
  scrubAnswer,
  type Value,
} from './conversation'
import type { SurveyLanguage } from './definition'
import { getSurvey } from './store'
import type { AskContext } from './prompt'
import { type AskBudget, askTurn, DEFAULT_ASK_BUDGET, type TurnResult } from './turn'

export type Refusal = { ok: false; status: 403 | 404 | 409; code: string; message: string }

export interface TurnView {
  response_id: string
  linked: boolean
  feedback: Feedback | null
  question: Question | null
  done: boolean
}

type Stated = Record<string, { value: Value; confidence: number }>

/** Tokens a site's survey turns spent since the start of the UTC day. */
async function siteTokensToday(db: Db, siteId: string, now: number): Promise<number> {
  const row = await db
    .select({ tokens: sql<number>`coalesce(sum(${surveyTurns.tokensIn} + ${surveyTurns.tokensOut}), 0)` })
    .from(surveyTurns)
    .where(and(eq(surveyTurns.siteId, siteId), gte(surveyTurns.createdAt, now - (now % DAY_MS))))
    .get()
  return row?.tokens ?? 0
}

/**
 * What a question may be fitted to: the segment, lifecycle and top interests of a linked visitor's
 * profile (linked means marketing consent). Never raw personal data; null for unlinked responses.
 */
export async function askContext(db: Db, siteId: string, vid: string | null): Promise<AskContext | null> {
  if (!vid) return null
  const row = await db
    .select({ segment: profiles.segment, lifecycle: profiles.lifecycle, interests: profiles.interests })
    .from(profiles)
    .where(and(eq(profiles.siteId, siteId), eq(profiles.vid, vid)))
    .get()
  if (!row) return null
  const interests = (JSON.parse(row.interests) as { topic: string }[]).slice(0, 5).map((i) => i.topic)
  return { segment: row.segment, lifecycle: row.lifecycle, interests }
}

const turnRow = (
  siteId: string,
  responseId: string,
  n: number,
  vid: string | null,
  r: TurnResult,
  now: number,
) => ({
  siteId,
  responseId,
  n,
  vid,
  question: r.turn.next ? JSON.stringify(r.turn.next) : null,
  clarified: r.turn.feedback?.kind === 'clarify',
  feedback: r.turn.feedback ? JSON.stringify(r.turn.feedback) : null,
  extracted: JSON.stringify(r.turn.extracted),
  provider: r.provider,
  model: r.model,
  promptVersion: r.promptVersion,
  fallback: r.fallback,
  tokensIn: r.tokensIn,
  tokensOut: r.tokensOut,
  createdAt: now,
})

export interface StartOptions {
  db: Db
  provider: ProfilingProvider
  siteId: string
  surveyId: string
  vid: string
  language: string
  now: number
  budget?: AskBudget
}

/**
 * Starts a response to a live survey. Showing a survey needs the visitor's analytics consent;
 * only with marketing consent is the response linked to the visitor (and later their profile).
 */
export async function startResponse(o: StartOptions): Promise<{ ok: true; view: TurnView } | Refusal> {
  const survey = await getSurvey(o.db, o.siteId, o.surveyId)
  if (survey?.status !== 'live') {
    return { ok: false, status: 404, code: 'not_found', message: 'No live survey with this id' }
  }
  const consent = await currentConsent(o.db, o.siteId, o.vid)
  if (!consent?.analytics) {
    return {
      ok: false,
      status: 403,
      code: 'consent_required',
      message: 'Showing a survey needs analytics consent',
    }
  }
  const language = (survey.languages as string[]).includes(o.language)
    ? (o.language as SurveyLanguage)
    : survey.languages[0]!
  const vid = consent.marketing ? o.vid : null
  const result = await askTurn(
    o.provider,
    {
      survey,
      language,
      known: {},
      history: [],
      context: await askContext(o.db, o.siteId, vid),
      spent: { response: 0, siteToday: await siteTokensToday(o.db, o.siteId, o.now) },
    },
    o.budget ?? DEFAULT_ASK_BUDGET,
  )
  const id = `rsp_${crypto.randomUUID().replace(/-/g, '')}`
  await o.db.batch([
    o.db.insert(surveyResponses).values({
      siteId: o.siteId,
      id,
      surveyId: survey.id,
      vid,
      language,
      status: result.turn.next ? 'started' : 'completed',
      attributes: '{}',
      tokens: result.tokensIn + result.tokensOut,
      startedAt: o.now,
      updatedAt: o.now,
      completedAt: result.turn.next ? null : o.now,
    }),
    o.db.insert(surveyTurns).values(turnRow(o.siteId, id, 0, vid, result, o.now)),
  ])
  return {
    ok: true,
    view: {
      response_id: id,
      linked: vid !== null,
      feedback: null,
      question: result.turn.next,
      done: !result.turn.next,
    },
  }
}

export interface AnswerOptions {
  db: Db
  provider: ProfilingProvider
  siteId: string
  responseId: string
  answer: string
  now: number
  budget?: AskBudget
}

/**
 * Records the visitor's answer to the open question (scrubbed of personal data before it is
 * stored or shown to a model) and takes the next turn. Stated attributes accumulate on the response.
 */
export async function answerResponse(o: AnswerOptions): Promise<{ ok: true; view: TurnView } | Refusal> {
  const response = await o.db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.siteId, o.siteId), eq(surveyResponses.id, o.responseId)))
    .get()
  if (!response) return { ok: false, status: 404, code: 'not_found', message: 'Response not found' }
  if (response.status !== 'started') {
    return { ok: false, status: 409, code: 'response_closed', message: 'This response is complete' }
  }
  const survey = await getSurvey(o.db, o.siteId, response.surveyId)
  if (!survey) return { ok: false, status: 404, code: 'not_found', message: 'Survey not found' }
  const turns = await o.db
    .select()
    .from(surveyTurns)
    .where(and(eq(surveyTurns.siteId, o.siteId), eq(surveyTurns.responseId, o.responseId)))
    .orderBy(asc(surveyTurns.n))
    .all()
  const open = turns.at(-1)!
  const answer = scrubAnswer(o.answer)
  const history: Exchange[] = turns.map((t) => ({
    question: JSON.parse(t.question!) as Question,
    answer: t === open ? answer : (t.answer ?? ''),
    clarified: t.clarified,
  }))
  const stated = JSON.parse(response.attributes) as Stated
  const known = Object.fromEntries(Object.entries(stated).map(([k, v]) => [k, v.value]))
  const result = await askTurn(
    o.provider,
    {
      survey,
      language: response.language as SurveyLanguage,
      known,
      history,
      context: await askContext(o.db, o.siteId, response.vid),
      spent: { response: response.tokens, siteToday: await siteTokensToday(o.db, o.siteId, o.now) },
    },
    o.budget ?? DEFAULT_ASK_BUDGET,
  )
  for (const e of result.turn.extracted as Extracted[])
    stated[e.attribute] = { value: e.value, confidence: e.confidence }
  const done = !result.turn.next
  await o.db.batch([
    o.db
      .update(surveyTurns)
      .set({ answer, answeredAt: o.now })
      .where(
        and(
          eq(surveyTurns.siteId, o.siteId),
          eq(surveyTurns.responseId, o.responseId),
          eq(surveyTurns.n, open.n),
        ),
      ),
    o.db.insert(surveyTurns).values(turnRow(o.siteId, o.responseId, open.n + 1, response.vid, result, o.now)),
    o.db
      .update(surveyResponses)
      .set({
        attributes: JSON.stringify(stated),
        tokens: response.tokens + result.tokensIn + result.tokensOut,
        status: done ? 'completed' : 'started',
        updatedAt: o.now,
        completedAt: done ? o.now : null,
      })
      .where(and(eq(surveyResponses.siteId, o.siteId), eq(surveyResponses.id, o.responseId))),
  ])
  return {
    ok: true,
    view: {
      response_id: o.responseId,
      linked: response.vid !== null,
      feedback: result.turn.feedback,
      question: result.turn.next,
      done,
    },
  }
}
