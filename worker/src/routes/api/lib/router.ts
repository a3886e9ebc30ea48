import { OpenAPIHono } from '@hono/zod-openapi'
import type { Site } from '../../../site/load'
import type { AuthEnv } from '../../../middleware/auth'

export type ApiEnv = AuthEnv & { Variables: AuthEnv['Variables'] & { site: Site } }

/**
 * An OpenAPIHono whose zod validation failures answer with the API's error envelope
 * (400 invalid_request, naming the first bad field) instead of zod's raw error.
 */
export function createRouter() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0]
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
        return c.json(
          { error: { code: 'invalid_request', message: `${where}${issue?.message ?? 'Invalid request'}` } },
          400,
        )
      }
    },
  })
}
