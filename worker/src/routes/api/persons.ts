import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { undoMerge } from '../../sources/identity/merges'
import { personContacts } from '../../audience/contacts'
import { type MissingPerson, personView } from '../../audience/person'
import { findPersons, listPersons } from '../../audience/persons'
import { ApiError, ErrorSchema, errorResponses, notFound } from './lib/errors'
import { decodeCursor, page } from './lib/pagination'
import { bearer, bearerAdmin, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'
import { sitePageRoute } from './lib/page-route'
import { ProfileSchema, profileView } from './profiles'

/** Persons: one customer across browsers, servers and stores (identity stitching, docs/sources.md). */
const PersonSchema = z
  .object({
    id: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    withdrawn: z.boolean(),
    identifiers: z.array(
      z.object({
        kind: z.string().openapi({ description: 'vid | user | email | phone | customer' }),
        key: z
          .string()
          .openapi({ description: 'kind:value — the value is an HMAC, never the raw identifier' }),
        source: z.string(),
        createdAt: z.number(),
      }),
    ),
    visitors: z.array(z.string()),
    merges: z.array(
      z.object({
        id: z.string(),
        winnerId: z.string(),
        loserId: z.string(),
        reason: z.string(),
        createdAt: z.number(),
        undoneAt: z.number().nullable(),
      }),
    ),
    summary: z.object({
      events: z.number(),
      orders: z.number(),
      revenue: z.number(),
      offlineRecords: z.record(z.string(), z.number()),
      firstSeen: z.number().nullable(),
      lastSeen: z.number().nullable(),
    }),
    profile: ProfileSchema.extend({
      members: z.array(z.string()).openapi({ description: 'The ids the profile was pooled from' }),
    })
      .nullable()
      .openapi({
        description:
          "The person's one profile: built from every browser id whose logged consent grants marketing plus their server and offline ids; null when none of their browsers grants marketing",
      }),
    timeline: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('Person')

const PersonParams = SiteParams.extend({
  person_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'person_id', in: 'path' } }),
})

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const listRoute = sitePageRoute({
  path: '/sites/{site}/persons',
  tags: ['Sources'],
  summary: 'Persons of a site, or the one holding an identifier (user_id, email, phone, customer_id or vid)',
  query: {
    user_id: z.string().max(200).optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
    customer_id: z.string().max(200).optional(),
    vid: z.string().max(64).optional(),
  },
  item: z.object({ id: z.string(), createdAt: z.number(), identifiers: z.number() }),
  description: 'Persons, oldest first',
})

const missingPersonResponse = json(
  ErrorSchema.extend({ mergedInto: z.string().optional() }),
  'No such person (mergedInto names the person it was merged into)',
)

const getRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/persons/{person_id}',
  tags: ['Sources'],
  summary: 'One person: identifiers, merges, merged timeline and their one profile',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: PersonParams },
  responses: {
    200: json(PersonSchema, 'The person'),
    404: missingPersonResponse,
    ...errorResponses(),
  },
})

const ContactSchema = z
  .object({
    kind: z.string().openapi({ description: 'email | phone' }),
    key: z.string().openapi({ description: 'kind:HMAC, as in identifiers' }),
    visitor: z
      .string()
      .nullable()
      .openapi({ description: 'The visitor id the contact was given for (an import row: x…)' }),
    source: z.string(),
    createdAt: z.number(),
    value: z
      .string()
      .nullable()
      .openapi({ description: 'The contact in the clear; null when it cannot be opened' }),
    error: z.string().nullable().openapi({
      description: 'Why it cannot be opened: unknown_key, rejected (altered or moved), malformed',
    }),
  })
  .openapi('KeptContact')

const contactsRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/persons/{person_id}/contacts',
  tags: ['Sources'],
  summary: 'The contact details kept for a person (sites with keepContacts), decrypted: admin scope only',
  security: bearerAdmin,
  middleware: [requireAuth('admin'), pathSite] as const,
  request: { params: PersonParams },
  responses: {
    200: json(z.object({ person: z.string(), contacts: z.array(ContactSchema) }), 'The kept contacts'),
    404: missingPersonResponse,
    ...errorResponses(),
  },
})

const undoRoute = createRoute({
  method: 'post',
  path: '/sites/{site}/persons/merges/{merge_id}/undo',
  tags: ['Sources'],
  summary: 'Undo a merge: the links it moved go back to the merged person',
  security: bearer,
  middleware: [requireAuth('write'), pathSite] as const,
  request: {
    params: SiteParams.extend({
      merge_id: z
        .string()
        .max(64)
        .openapi({ param: { name: 'merge_id', in: 'path' } }),
    }),
  },
  responses: {
    200: json(
      z.object({ mergeId: z.string(), winnerId: z.string(), loserId: z.string(), restoredKeys: z.number() }),
      'Undone',
    ),
    ...errorResponses(404, 409),
  },
})

/** The 404 of a person route: merged persons name the person to ask instead. */
function missingPerson(missing: MissingPerson) {
  if (!missing.mergedInto) throw notFound('Person')
  return {
    error: { code: 'merged', message: 'This person was merged into another' },
    mergedInto: missing.mergedInto,
  }
}

export const persons = createRouter()
  .openapi(listRoute, async (c) => {
    const site = c.get('site')
    const q = c.req.valid('query')
    const ids = { vid: q.vid, user: q.user_id, email: q.email, phone: q.phone, customer: q.customer_id }
    if (Object.values(ids).some((v) => v !== undefined)) {
      const found = await findPersons(c.env.DB, site.id, ids)
      if (!found.ok) throw new ApiError(400, 'invalid_request', `${found.kind}: not a valid identifier`)
      return c.json({ data: found.persons, next_cursor: null }, 200)
    }
    const after = decodeCursor(q.cursor)
    const rows = await listPersons(
      c.env.DB,
      site.id,
      after ? [after[0] as number, after[1] as string] : null,
      q.limit + 1,
    )
    return c.json(
      page(rows, q.limit, (r) => [r.createdAt, r.id]),
      200,
    )
  })
  .openapi(getRoute, async (c) => {
    const { person_id } = c.req.valid('param')
    const found = await personView(c.env.DB, c.get('site').id, person_id)
    if (!found.found) return c.json(missingPerson(found), 404)
    const { profile, ...person } = found.person
    return c.json(
      { ...person, profile: profile && { ...profileView(profile), members: profile.members } },
      200,
    )
  })
  .openapi(contactsRoute, async (c) => {
    const { person_id } = c.req.valid('param')
    const found = await personContacts(c.env.DB, c.env, c.get('site').id, person_id)
    if (!found.found) return c.json(missingPerson(found), 404)
    return c.json({ person: person_id, contacts: found.contacts }, 200)
  })
  .openapi(undoRoute, async (c) => {
    const result = await undoMerge(c.env.DB, c.get('site').id, c.req.valid('param').merge_id)
    if (!result.ok) throw new ApiError(result.code === 'not_found' ? 404 : 409, result.code, result.message)
    const { ok: _ok, ...body } = result
    return c.json(body, 200)
  })
