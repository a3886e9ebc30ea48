import { Hono } from 'hono'
import { decisionSchema, toDecision } from '../consent/decision'
import { recordDecision } from '../consent/record'
import { fail } from './lib/fail'
import {
  ownVisitor,
  readJson,
  requestAddress,
  siteForRequest,
  visitorCors,
  visitorLimit,
} from './lib/visitor'
import type { AppEnv } from '../env'

/**
 * POST /consent: the browser logs one consent decision (grant, deny, change, withdraw, GPC).
 * A withdrawal carrying the visitor id erases that visitor's data in the same request. A decision
 * naming a visitor with stored data needs the visitor's secret (consent/credential.ts).
 */
export const consent = new Hono<AppEnv>()

consent.use('*', visitorCors)
consent.use('*', visitorLimit)

consent.post('/', async (c) => {
  const read = await readJson(c, 4096)
  if ('error' in read) return read.error
  const parsed = decisionSchema.safeParse(read.body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return fail(c, 400, 'invalid_decision', issue?.message ?? 'Invalid decision', {
      path: issue?.path.join('.'),
    })
  }
  const access = await siteForRequest(c, parsed.data.site)
  if ('error' in access) return access.error
  const cf = c.req.raw.cf as { country?: string; regionCode?: string } | undefined
  const decision = toDecision(parsed.data, {
    secGpc: c.req.header('sec-gpc') === '1',
    country: cf?.country,
    regionCode: cf?.regionCode,
  })
  if (decision.vid) {
    const refused = await ownVisitor(c, decision.siteId, decision.vid, parsed.data.secret, {
      stores: decision.analytics,
    })
    if (refused) return refused
  }
  const result = await recordDecision(c.env.DB, decision, Date.now(), {
    unmatchedKey: await requestAddress(c),
  })
  return c.json(
    {
      id: result.id,
      analytics: decision.analytics,
      marketing: decision.marketing,
      ...(result.erased ? { erased: result.erased.counts } : {}),
    },
    201,
  )
})
