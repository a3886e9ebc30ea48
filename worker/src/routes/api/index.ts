import { HTTPException } from 'hono/http-exception'
import { apiCors } from '../../middleware/api-cors'
import { adminDeadLetters } from './admin/dead-letters'
import { adminKeys } from './admin/keys'
import { adminSites } from './admin/sites'
import { associations } from './associations'
import { consent } from './consent'
import { dataQualityApi } from './data-quality'
import { DOCS_HTML } from './docs'
import { erasures } from './erasures'
import { exportsApi } from './exports'
import { funnels } from './funnels'
import { imports } from './imports'
import { ApiError } from './lib/errors'
import { createRouter } from './lib/router'
import { persons } from './persons'
import { privacyApi } from './privacy'
import { profilingApi } from './profiling'
import { profiles } from './profiles'
import { quarantine } from './quarantine'
import { revenue } from './revenue'
import { search } from './search'
import { sitesApi } from './sites'
import { aggregate } from './stats/aggregate'
import { breakdown } from './stats/breakdown'
import { live } from './stats/live'
import { timeseries } from './stats/timeseries'
import { surveyResultsApi } from './survey-results'
import { surveysApi } from './surveys'
import { visitors } from './visitors'

/**
 * The marketer API under /api/v1. Every resource lives in its own folder/file here and is
 * defined with createRoute() so it appears in /api/v1/openapi.json.
 */
export const api = createRouter()

api.use('*', apiCors)
api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description: 'A per-site API key (heed_…) or the ADMIN_TOKEN secret',
})

api.route('/', adminSites)
api.route('/', adminKeys)
api.route('/', adminDeadLetters)
api.route('/', sitesApi)
api.route('/', aggregate)
api.route('/', timeseries)
api.route('/', breakdown)
api.route('/', live)
api.route('/', funnels)
api.route('/', revenue)
api.route('/', search)
api.route('/', associations)
api.route('/', profiles)
api.route('/', visitors)
api.route('/', consent)
api.route('/', quarantine)
api.route('/', dataQualityApi)
api.route('/', exportsApi)
api.route('/', profilingApi)
api.route('/', imports)
api.route('/', persons)
api.route('/', erasures)
api.route('/', privacyApi)
api.route('/', surveysApi)
api.route('/', surveyResultsApi)

api.doc31('/openapi.json', {
  openapi: '3.1.0',
  info: {
    title: 'Heed marketer API',
    version: '1.0.0',
    description:
      'Consent-first visitor analytics: stats, funnels, revenue, search, profiles and exports per site.',
  },
  servers: [{ url: '/api/v1' }],
})
api.get('/docs', (c) => c.html(DOCS_HTML))

// Handlers throw ApiError; it and anything unexpected leave as the one error envelope.
api.onError((err, c) => {
  if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status)
  // Hono's own 4xx, e.g. a body that is not JSON.
  if (err instanceof HTTPException && err.status < 500)
    return c.json({ error: { code: 'invalid_request', message: err.message } }, err.status)
  console.error('api error', err instanceof Error ? err.message : String(err))
  return c.json({ error: { code: 'internal', message: 'Unexpected error' } }, 500)
})
