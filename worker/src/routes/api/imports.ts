import { createRoute, z } from '@hono/zod-openapi'
import { requireAuth } from '../../middleware/auth'
import { MAX_FILE_FIELDS, MAX_RECORD_CHARS } from '../../sources/imports/csv'
import { importOptions, importQuerySchema } from '../../sources/imports/options'
import { getImport, listImports, runImport } from '../../sources/imports/run'
import { ApiError, ErrorSchema, errorResponses, notFound } from './lib/errors'
import { bearer, SiteParams } from './lib/params'
import { createRouter } from './lib/router'
import { pathSite } from './lib/site'

/**
 * Offline imports: POST a CSV or NDJSON file as the request body (streamed, never buffered whole);
 * options travel in the query string. See docs/sources.md.
 */
const IssueSchema = z.object({
  row: z.number().openapi({ description: 'Line number in the file; the header is row 1' }),
  field: z.string().nullable(),
  reason: z.string().openapi({ example: 'not_a_number' }),
  message: z.string(),
  level: z.enum(['error', 'warning']),
})

const ImportSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    kind: z.string(),
    format: z.string(),
    source: z.string(),
    channel: z.string(),
    basis: z.string(),
    status: z.enum(['validating', 'committing', 'committed', 'validated', 'rejected', 'failed']),
    rows: z.object({
      total: z.number(),
      imported: z.number(),
      duplicates: z.number(),
      rejected: z.number(),
      suppressed: z.number(),
    }),
    flagged: z.boolean().openapi({
      description: 'Rows of persons who withdrew on the web were stored under a non-consent basis',
    }),
    createdAt: z.number(),
    completedAt: z.number().nullable(),
    report: z.object({
      errors: z.number(),
      warnings: z.number(),
      counts: z.record(z.string(), z.number()),
      issues: z.array(IssueSchema),
      truncated: z.boolean(),
    }),
  })
  .openapi('Import')

const RejectedImportSchema = ErrorSchema.extend({ import: ImportSchema.optional() }).openapi('RejectedImport')

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const createImportRoute = createRoute({
  method: 'post',
  path: '/sites/{site}/imports',
  tags: ['Sources'],
  summary: 'Import a CSV or NDJSON file of store purchases, store visits, survey responses or call notes',
  description:
    'All or nothing: any row with an error rejects the file (422) with a row-level report. Rows whose source key was imported before are skipped, so importing a file twice changes nothing.',
  security: bearer,
  middleware: [requireAuth('write'), pathSite] as const,
  request: {
    params: SiteParams,
    query: importQuerySchema,
    body: {
      required: true,
      content: {
        'text/csv': {
          schema: z.string().openapi({ example: 'order_id,purchased_at,total\nA1,2026-11-01,19.90' }),
        },
        'application/x-ndjson': { schema: z.string() },
      },
    },
  },
  responses: {
    200: json(ImportSchema, 'Dry run: the file is valid; nothing was stored'),
    201: json(ImportSchema, 'Imported'),
    400: json(
      RejectedImportSchema,
      `Invalid options, or the file broke a limit of the parse (a record over ${MAX_RECORD_CHARS / 1024} KiB, more than ${MAX_FILE_FIELDS.toLocaleString('en')} fields); nothing was imported`,
    ),
    409: json(ErrorSchema, 'The site keeps contacts encrypted but ENCRYPTION_KEY is not set'),
    413: json(RejectedImportSchema, 'The file is larger than 64 MiB'),
    422: json(RejectedImportSchema, 'Rows with errors; nothing was imported'),
    ...errorResponses(404),
  },
})

const listImportsRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/imports',
  tags: ['Sources'],
  summary: 'The latest imports of a site, with their reports',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: { params: SiteParams },
  responses: {
    200: json(z.object({ data: z.array(ImportSchema) }), 'Imports, newest first'),
    ...errorResponses(404),
  },
})

const getImportRoute = createRoute({
  method: 'get',
  path: '/sites/{site}/imports/{import_id}',
  tags: ['Sources'],
  summary: 'One import with its row-level report',
  security: bearer,
  middleware: [requireAuth('read'), pathSite] as const,
  request: {
    params: SiteParams.extend({
      import_id: z
        .string()
        .max(64)
        .openapi({ param: { name: 'import_id', in: 'path' } }),
    }),
  },
  responses: { 200: json(ImportSchema, 'The import'), ...errorResponses(404) },
})

export const imports = createRouter()
  .openapi(createImportRoute, async (c) => {
    const options = importOptions(c.req.valid('query'), c.req.header('content-type'))
    if (!options.ok) throw new ApiError(400, 'invalid_request', `${options.path}: ${options.message}`)
    const body = c.req.raw.body
    if (!body) throw new ApiError(400, 'invalid_request', 'The request body must be the file to import')
    const outcome = await runImport(c.env, c.get('site'), options.options, body)
    if (!outcome.ok) {
      return c.json(
        { error: { code: outcome.code, message: outcome.message }, import: outcome.summary },
        outcome.status,
      )
    }
    return c.json(outcome.summary, outcome.summary.status === 'validated' ? 200 : 201)
  })
  .openapi(listImportsRoute, async (c) =>
    c.json({ data: await listImports(c.env.DB, c.get('site').id) }, 200),
  )
  .openapi(getImportRoute, async (c) => {
    const found = await getImport(c.env.DB, c.get('site').id, c.req.valid('param').import_id)
    if (!found) throw notFound('Import')
    return c.json(found, 200)
  })
