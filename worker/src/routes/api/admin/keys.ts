import { createRoute, z } from '@hono/zod-openapi'
import { type ApiKeyRow, createApiKey, listApiKeys, revokeApiKey, updateApiKey } from '../../../auth/keys'
import { SCOPES, type Scope } from '../../../auth/scopes'
import { requireAuth } from '../../../middleware/auth'
import { errorResponses, notFound } from '../lib/errors'
import { decodeCursor, PageQuery, page } from '../lib/pagination'
import { bearer, SiteParams } from '../lib/params'
import { createRouter } from '../lib/router'
import { pathSite } from '../lib/site'

const ScopeEnum = z.enum(SCOPES).openapi({
  description:
    'read: reads; write: API writes (imports) and /v1 events, no reads; ingest: /v1 events only (Segment write keys); admin: everything on the site',
})

const KeySchema = z
  .object({
    id: z.string(),
    site: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'heed_k7Qx2mPa', description: 'Visible start of the key' }),
    scopes: z.array(ScopeEnum),
    created_at: z.number(),
    last_used_at: z.number().nullable(),
    revoked_at: z.number().nullable(),
  })
  .openapi('ApiKey')

const NewKeySchema = KeySchema.extend({
  key: z
    .string()
    .openapi({ description: 'The key itself, shown only in this answer; only its SHA-256 is kept' }),
}).openapi('NewApiKey')

const KeyParams = SiteParams.extend({
  key_id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'key_id', in: 'path' } }),
})

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
const auth = () => [requireAuth('admin'), pathSite] as [ReturnType<typeof requireAuth>, typeof pathSite]

const createKeyRoute = createRoute({
  method: 'post',
  path: '/admin/sites/{site}/keys',
  tags: ['Admin'],
  summary: 'Create an API key for a site (the key is shown once)',
  security: bearer,
  middleware: auth(),
  request: {
    params: SiteParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().max(200).default(''),
            scopes: z.array(ScopeEnum).min(1).default(['read']),
          }),
        },
      },
    },
  },
  responses: { 201: json(NewKeySchema, 'The new key'), ...errorResponses(400, 404) },
})

const listKeysRoute = createRoute({
  method: 'get',
  path: '/admin/sites/{site}/keys',
  tags: ['Admin'],
  summary: "List a site's keys (prefixes only)",
  security: bearer,
  middleware: auth(),
  request: { params: SiteParams, query: z.object(PageQuery) },
  responses: {
    200: json(z.object({ data: z.array(KeySchema), next_cursor: z.string().nullable() }), 'A page of keys'),
    ...errorResponses(400, 404),
  },
})

const updateKeyRoute = createRoute({
  method: 'patch',
  path: '/admin/sites/{site}/keys/{key_id}',
  tags: ['Admin'],
  summary: 'Rename a key or change its scopes',
  security: bearer,
  middleware: auth(),
  request: {
    params: KeyParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().max(200).optional(),
            scopes: z.array(ScopeEnum).min(1).optional(),
          }),
        },
      },
    },
  },
  responses: { 200: json(KeySchema, 'The key'), ...errorResponses(400, 404) },
})

const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/admin/sites/{site}/keys/{key_id}',
  tags: ['Admin'],
  summary: 'Revoke a key (it stops working at once; the row stays for the record)',
  security: bearer,
  middleware: auth(),
  request: { params: KeyParams },
  responses: { 200: json(KeySchema, 'The revoked key'), ...errorResponses(404) },
})

const keyView = (k: ApiKeyRow) => ({
  id: k.id,
  site: k.siteId,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as Scope[],
  created_at: k.createdAt,
  last_used_at: k.lastUsedAt,
  revoked_at: k.revokedAt,
})

const found = (row: ApiKeyRow | null) => {
  if (!row) throw notFound('Key')
  return keyView(row)
}

export const adminKeys = createRouter()
  .openapi(createKeyRoute, async (c) => {
    const body = c.req.valid('json')
    const { row, key } = await createApiKey(c.env.DB, c.get('site').id, body.name, body.scopes)
    return c.json({ ...keyView(row), key }, 201)
  })
  .openapi(listKeysRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const after = decodeCursor(cursor)?.[0]
    const rows = await listApiKeys(
      c.env.DB,
      c.get('site').id,
      typeof after === 'string' ? after : undefined,
      limit + 1,
    )
    return c.json(
      page(rows.map(keyView), limit, (k) => [k.id]),
      200,
    )
  })
  .openapi(updateKeyRoute, async (c) => {
    const { site, key_id } = c.req.valid('param')
    return c.json(found(await updateApiKey(c.env.DB, site, key_id, c.req.valid('json'))), 200)
  })
  .openapi(revokeKeyRoute, async (c) => {
    const { site, key_id } = c.req.valid('param')
    return c.json(found(await revokeApiKey(c.env.DB, site, key_id)), 200)
  })
