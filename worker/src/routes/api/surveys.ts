import { createRoute, z } from '@hono/zod-openapi'
import { db } from '../../db/client'
import { requireAuth } from '../../middleware/auth'
import { SURVEY_STATUSES, surveyInputSchema, surveyPatchSchema } from '../../surveys/definition'
import { changeSurvey, defineSurvey, type Outcome } from '../../surveys/manage'
import { deleteSurvey, getSurvey, listSurveys } from '../../surveys/store'
import { ApiError, errorResponses, notFound } from './lib/errors'
import { bearer, SiteParams, SurveyParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

/** Ask: micro-surveys defined by a goal and the attributes to learn (docs/ask.md). */
const SurveySchema = surveyInputSchema
  .extend({ id: z.string(), site: z.string(), created_at: z.number(), updated_at: z.number() })
  .openapi('Survey')

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } })

const createSurveyRoute = createRoute({
  method: 'post',
  path: '/sites/{site}/surveys',
  tags: ['Ask'],
  summary: 'Define a survey by its goal and the attributes to learn; Heed writes the questions',
  description:
    'A survey whose goal, attribute keys, labels or allowed values touch a special category of personal data (GDPR Art. 9) or precise location is rejected with 400 sensitive_category.',
  security: bearer,
  middleware: [requireAuth('write'), pathSite] as const,
  request: { params: SiteParams, body: body(surveyInputSchema) },
  responses: { 201: json(SurveySchema, 'Created'), ...errorResponses(400, 404) },
})

const listSurveysRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/surveys',
  tags: ['Ask'],
  summary: "A site's surveys, newest first",
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams, query: z.object({ status: z.enum(SURVEY_STATUSES).optional() }) },
  responses: { 200: json(z.object({ data: z.array(SurveySchema) }), 'Surveys'), ...errorResponses(400, 404) },
})

const getSurveyRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/surveys/{survey}',
  tags: ['Ask'],
  summary: 'One survey',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SurveyParams },
  responses: { 200: json(SurveySchema, 'The survey'), ...errorResponses(404) },
})

const patchSurveyRoute = createRoute({
  method: 'patch',
  path: '/sites/{site}/surveys/{survey}',
  tags: ['Ask'],
  summary: 'Change a survey (status draft, live or paused, or any field of its definition)',
  security: bearer,
  middleware: [requireAuth('write'), pathSite] as const,
  request: { params: SurveyParams, body: body(surveyPatchSchema) },
  responses: { 200: json(SurveySchema, 'The changed survey'), ...errorResponses(400, 404) },
})

const deleteSurveyRoute = createRoute({
  method: 'delete',
  path: '/sites/{site}/surveys/{survey}',
  tags: ['Ask'],
  summary: 'Delete a survey definition',
  security: bearer,
  middleware: [requireAuth('write'), pathSite] as const,
  request: { params: SurveyParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
})

const answer = (outcome: Outcome) => {
  if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message)
  return outcome.survey
}

export const surveysApi = createRouter()
  .openapi(createSurveyRoute, async (c) => {
    const survey = answer(await defineSurvey(db(c.env.DB), c.get('site').id, c.req.valid('json'), Date.now()))
    return c.json(survey, 201)
  })
  .openapi(listSurveysRoute, async (c) => {
    const data = await listSurveys(db(c.env.DB), c.get('site').id, c.req.valid('query').status)
    return c.json({ data }, 200)
  })
  .openapi(getSurveyRoute, async (c) => {
    const survey = await getSurvey(db(c.env.DB), c.get('site').id, c.req.valid('param').survey)
    if (!survey) throw notFound('Survey')
    return c.json(survey, 200)
  })
  .openapi(patchSurveyRoute, async (c) => {
    const { survey } = c.req.valid('param')
    const patch = c.req.valid('json')
    return c.json(answer(await changeSurvey(db(c.env.DB), c.get('site').id, survey, patch, Date.now())), 200)
  })
  .openapi(deleteSurveyRoute, async (c) => {
    if (!(await deleteSurvey(db(c.env.DB), c.get('site').id, c.req.valid('param').survey)))
      throw notFound('Survey')
    return c.body(null, 204)
  })
