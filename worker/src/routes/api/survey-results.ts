import { createRoute, z } from '@hono/zod-openapi'
import { db } from '../../db/client'
import { requireAuth } from '../../middleware/auth'
import { type ResponseRow, surveyResponsesOf, surveyResults } from '../../surveys/results'
import { getSurvey } from '../../surveys/store'
import { errorResponses, notFound } from './lib/errors'
import { bearer, SurveyParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { exportHeaders, rowStream } from './lib/stream'

/** Ask results: the funnel, attribute distributions and quality flags of one survey (docs/ask.md). */

const ResultsSchema = z
  .object({
    survey: z.string(),
    starts: z.number(),
    completed: z.number(),
    completion_rate: z.number().openapi({ description: 'Percent of starts that completed' }),
    questions: z.array(
      z.object({ position: z.number(), shown: z.number(), answered: z.number(), dropped: z.number() }),
    ),
    distributions: z.record(z.string(), z.record(z.string(), z.number())).openapi({
      description: 'Per attribute, how many responses stated each value; flagged responses are left out',
    }),
    flagged: z
      .number()
      .openapi({ description: 'Low-quality responses (too fast, gibberish, straight-lining)' }),
  })
  .openapi('SurveyResults')

const resultsRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/surveys/{survey}/results',
  tags: ['Ask'],
  summary: 'Starts, completion, drop-off per question and attribute distributions of a survey',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SurveyParams },
  responses: {
    200: { description: 'Results', content: { 'application/json': { schema: ResultsSchema } } },
    ...errorResponses(404),
  },
})

const responsesRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/surveys/{survey}/responses',
  tags: ['Ask'],
  summary: 'Every response with its stated attributes and quality flags, as CSV or NDJSON',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SurveyParams, query: z.object({ format: z.enum(['csv', 'ndjson']).default('ndjson') }) },
  responses: {
    200: {
      description:
        'One row per response; CSV has one column per attribute and the flags as "flag: reason; …"',
      content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
    },
    ...errorResponses(400, 404),
  },
})

const FIXED = ['id', 'linked', 'language', 'status', 'started_at', 'completed_at'] as const

export const surveyResultsApi = createRouter()
  .openapi(resultsRoute, async (c) => {
    const survey = await getSurvey(db(c.env.DB), c.get('site').id, c.req.valid('param').survey)
    if (!survey) throw notFound('Survey')
    return c.json({ survey: survey.id, ...(await surveyResults(db(c.env.DB), survey)) }, 200)
  })
  .openapi(responsesRoute, async (c) => {
    const site = c.get('site').id
    const survey = await getSurvey(db(c.env.DB), site, c.req.valid('param').survey)
    if (!survey) throw notFound('Survey')
    const { format } = c.req.valid('query')
    const rows = await surveyResponsesOf(db(c.env.DB), site, survey.id)
    const keys = survey.attributes.map((a) => a.key)
    const flat = (r: ResponseRow) =>
      format === 'ndjson'
        ? r
        : {
            ...Object.fromEntries(FIXED.map((k) => [k, r[k]])),
            ...Object.fromEntries(keys.map((k) => [k, r.attributes[k]?.value])),
            flags: r.flags.map((f) => `${f.flag}: ${f.reason}`).join('; '),
          }
    const body = rowStream<ResponseRow>(
      format,
      [...FIXED, ...keys, 'flags'],
      async (last) => (last ? [] : rows),
      flat,
    )
    return new Response(body, { headers: exportHeaders(format, `survey-${survey.id}`) }) as never
  })
