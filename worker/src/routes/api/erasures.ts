import { createRoute, z } from '@hono/zod-openapi'
import { isStrongVisitorId } from '../../consent/visitor-id'
import { type Caller, requireAuth } from '../../middleware/auth'
import { eraseOnRequest, hasEmailAddress, listErasureRequests } from '../../rights/erasure'
import { errorResponses, notFound } from './lib/errors'
import { decodeCursor, PageQuery, page } from './lib/pagination'
import { bearerAdmin, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

/**
 * Erasure on a data subject's request that reached the site by e-mail (or any way but their own
 * browser, which uses /me/delete): the only way the API deletes a visitor, admin scope only, and
 * audited. See docs/api.md.
 */
const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const RequestBody = z
  .object({
    visitor_id: z
      .string()
      .refine(isStrongVisitorId, 'must be a Heed visitor id (UUIDv4)')
      .optional()
      .openapi({ description: "One browser's visitor id, when the person gave it" }),
    person_id: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'A person (GET /persons?email=…): every visitor id linked to them is erased' }),
    reason: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .refine(
        (r) => !hasEmailAddress(r),
        'must not contain an e-mail address: give a reference to the request',
      )
      .openapi({ description: 'Why, kept in the audit: e.g. a ticket number', example: 'Ticket 4711' }),
  })
  .refine((b) => (b.visitor_id === undefined) !== (b.person_id === undefined), {
    message: 'give exactly one of visitor_id and person_id',
    path: ['visitor_id'],
  })

const AuditSchema = z
  .object({
    id: z.string(),
    requested_by: z.string().openapi({ description: '`key:<api key id>` or `admin-token`' }),
    subject: z.enum(['visitor', 'person']),
    vid_hashes: z
      .array(z.string())
      .openapi({ description: 'SHA-256 of site and visitor id of each visitor erased, hex; never the ids' }),
    reason: z.string(),
    requested_at: z.number(),
    counts: z.record(z.string(), z.number()).nullable(),
    completed_at: z.number().nullable().openapi({ description: 'null: the erasure did not finish' }),
  })
  .openapi('ErasureRequest')

const createErasure = createRoute({
  method: 'post',
  path: '/sites/{site}/erasures',
  tags: ['Consent'],
  summary: 'Erase a visitor or a person on their request by e-mail (admin scope; audited)',
  security: bearerAdmin,
  middleware: [requireAuth('admin'), pathSite] as const,
  request: {
    params: SiteParams,
    body: { required: true, content: { 'application/json': { schema: RequestBody } } },
  },
  responses: {
    200: json(
      z.object({ id: z.string(), visitors: z.number(), counts: z.record(z.string(), z.number()) }),
      'Erased; rows removed per table. `id` is the audit row',
    ),
    ...errorResponses(400, 404),
  },
})

const listErasures = createRoute({
  method: 'get',
  path: '/sites/{site}/erasures',
  tags: ['Consent'],
  summary: 'The audit of erasures asked for through the API, newest first (admin scope)',
  security: bearerAdmin,
  middleware: [requireAuth('admin'), pathSite] as const,
  request: { params: SiteParams, query: z.object(PageQuery) },
  responses: {
    200: json(z.object({ data: z.array(AuditSchema), next_cursor: z.string().nullable() }), 'Audit rows'),
    ...errorResponses(400, 404),
  },
})

const requester = (caller: Caller) => (caller.kind === 'key' ? `key:${caller.keyId}` : 'admin-token')

export const erasures = createRouter()
  .openapi(createErasure, async (c) => {
    const body = c.req.valid('json')
    const done = await eraseOnRequest(c.env.DB, {
      siteId: c.get('site').id,
      subject: body.visitor_id
        ? { kind: 'visitor', vid: body.visitor_id }
        : { kind: 'person', personId: body.person_id! },
      requestedBy: requester(c.get('caller')),
      reason: body.reason,
    })
    if (!done) throw notFound('Person')
    return c.json(done, 200)
  })
  .openapi(listErasures, async (c) => {
    const q = c.req.valid('query')
    const after = decodeCursor(q.cursor)
    const rows = await listErasureRequests(
      c.env.DB,
      c.get('site').id,
      q.limit + 1,
      after ? [Number(after[0]), String(after[1])] : null,
    )
    const typed = rows.map((r) => ({ ...r, subject: r.subject as 'visitor' | 'person' }))
    return c.json(
      page(typed, q.limit, (r) => [r.requested_at, r.id]),
      200,
    )
  })
