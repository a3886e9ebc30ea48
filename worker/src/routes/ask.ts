import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { isStrongVisitorId } from '../consent/visitor-id'
import { db } from '../db/client'
import type { AppEnv } from '../env'
import { resolveProvider } from '../profiling/providers'
import { answerResponse, type Refusal, startResponse } from '../surveys/responses'
import { fail } from './lib/fail'
import { readJson, siteForRequest, visitorCors } from './lib/visitor'

/**
 * Visitor-facing survey turns (docs/ask.md): POST /ask/start opens a response to a live survey
 * (the visitor id in X-Heed-Visitor, analytics consent required), POST /ask/answer answers the
 * open question of a response, whose random id is the credential.
 */
export const ask = new Hono<AppEnv>()

ask.use('*', visitorCors)

const startBody = z.object({
  site: z.string().min(1).max(64),
  survey: z.string().min(1).max(64),
  language: z.string().max(10).default('en'),
})
const answerBody = z.object({
  site: z.string().min(1).max(64),
  response: z.string().regex(/^rsp_[0-9a-f]{32}$/),
  answer: z.string().min(1).max(2_000),
})

const refuse = (c: Context<AppEnv>, r: Refusal) => fail(c, r.status, r.code, r.message)

/** The JSON body checked against `schema`, and the site it names checked against the Origin. */
async function request<T extends { site: string }>(
  c: Context<AppEnv>,
  schema: z.ZodType<T>,
  maxBytes: number,
) {
  const read = await readJson(c, maxBytes)
  if ('error' in read) return read
  const body = schema.safeParse(read.body)
  if (!body.success) {
    const issue = body.error.issues[0]!
    return { error: fail(c, 400, 'invalid_body', issue.message, { path: issue.path.join('.') }) }
  }
  const access = await siteForRequest(c, body.data.site)
  if ('error' in access) return access
  return { data: body.data, site: access.site }
}

/** What every turn needs from the request: the database, the configured provider, the site and the time. */
const turnContext = (c: Context<AppEnv>, siteId: string) => ({
  db: db(c.env.DB),
  provider: resolveProvider(c.env),
  siteId,
  now: Date.now(),
})

ask.post('/start', async (c) => {
  const vid = c.req.header('x-heed-visitor')
  if (!vid) return fail(c, 401, 'unauthorized', 'The visitor id is required')
  if (!isStrongVisitorId(vid)) return fail(c, 400, 'invalid_visitor_id', 'Not a Heed visitor id')
  const req = await request(c, startBody, 1024)
  if ('error' in req) return req.error
  const started = await startResponse({
    ...turnContext(c, req.site.id),
    surveyId: req.data.survey,
    vid,
    language: req.data.language,
  })
  c.header('cache-control', 'no-store')
  return started.ok ? c.json(started.view, 201) : refuse(c, started)
})

ask.post('/answer', async (c) => {
  const req = await request(c, answerBody, 4096)
  if ('error' in req) return req.error
  const answered = await answerResponse({
    ...turnContext(c, req.site.id),
    responseId: req.data.response,
    answer: req.data.answer,
  })
  c.header('cache-control', 'no-store')
  return answered.ok ? c.json(answered.view, 200) : refuse(c, answered)
})
