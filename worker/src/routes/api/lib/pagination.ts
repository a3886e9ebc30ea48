import { z } from '@hono/zod-openapi'
import { badRequest } from './errors'

/** The one pagination style: `limit` + opaque `cursor`, answered with `next_cursor` (null at the end). */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ example: 100 }),
  cursor: z.string().max(500).optional().openapi({ description: 'next_cursor of the previous page' }),
}

/** The answer of a paged list: a page of `item` and the cursor of the next. */
export const PageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() })

export function encodeCursor(key: unknown[]): string {
  return btoa(JSON.stringify(key)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

export function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null
  try {
    const value = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')))
    if (Array.isArray(value)) return value
  } catch {}
  throw badRequest('cursor: not a cursor this API issued')
}

/** Cuts a `limit + 1` result into a page and the cursor of its last row. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]) {
  const data = rows.slice(0, limit)
  return { data, next_cursor: rows.length > limit ? encodeCursor(keyOf(data.at(-1)!)) : null }
}
