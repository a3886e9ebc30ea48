import { env } from 'cloudflare:workers'
import { getTableName } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { visitorTables } from './visitor-data'

/** A column holding a raw visitor id. A hash of one (erasures.vid_hash) names no visitor by itself. */
const VISITOR_COLUMN = /^(vid|visitor_id|[a-z_]+_vid)$/

describe('the visitor-data registry', () => {
  it('lists every table of the D1 schema that has a visitor id column', async () => {
    const { results: tables } = await env.DB.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name`,
    ).all<{ name: string }>()
    const withVisitor: Record<string, string[]> = {}
    for (const { name } of tables) {
      const { results: cols } = await env.DB.prepare('SELECT name FROM pragma_table_info(?)')
        .bind(name)
        .all<{ name: string }>()
      const found = cols.map((c) => c.name).filter((c) => VISITOR_COLUMN.test(c))
      if (found.length) withVisitor[name] = found
    }
    const registered = visitorTables.map((t) => [getTableName(t.table), t.visitor.name] as const)
    // Each registered table has the visitor column it is registered with (so the walk sees them)…
    expect(registered.filter(([table, col]) => !withVisitor[table]?.includes(col))).toEqual([])
    // …and no table with a visitor column is left out: erasure and retention would miss its rows.
    const names = new Set<string>(registered.map(([table]) => table))
    expect(Object.keys(withVisitor).filter((table) => !names.has(table))).toEqual([])
  })
})
