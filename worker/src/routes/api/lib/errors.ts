import { z } from '@hono/zod-openapi'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The one error envelope of the API. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string().openapi({ example: 'period: Invalid option' }),
    }),
  })
  .openapi('Error')

/** Thrown by handlers and turned into `{ error: { code, message } }` by the API's onError. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)
export const badRequest = (message: string) => new ApiError(400, 'invalid_request', message)

/** Error responses every authenticated route documents. */
export function errorResponses(...extra: (400 | 404 | 409)[]) {
  const json = (description: string) => ({
    description,
    content: { 'application/json': { schema: ErrorSchema } },
  })
  const out: Record<number, ReturnType<typeof json>> = {
    401: json('Missing, unknown or revoked key'),
    403: json('The key lacks the scope or belongs to another site'),
    429: json('Rate limit of the key exceeded'),
  }
  for (const s of extra)
    out[s] = json(s === 400 ? 'Invalid parameters' : s === 404 ? 'Not found' : 'Conflict')
  return out
}
