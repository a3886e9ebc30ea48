import { OpenAPIHono } from '@hono/zod-openapi'
import type { AuthEnv } from '../../middleware/auth'

/**
 * The marketer API under /api/v1. Every resource lives in its own folder/file here and is
 * defined with createRoute() so it appears in /api/v1/openapi.json.
 */
export const api = new OpenAPIHono<AuthEnv>()
