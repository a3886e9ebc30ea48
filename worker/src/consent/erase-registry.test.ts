import { env } from 'cloudflare:workers'
import { getTableName } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { rowsMentioning } from '../../test/visitor-rows'
import { visitorTables } from '../db/visitor-data'
import { eraseVisitor } from './erase'

type Entry = (typeof visitorTables)[number]

/**
 * One row of a registered table about `vid`, every column filled: the site, the visitor id in each
 * column that holds one (vid, profile_vid), and elsewhere a value of the column's type that also
 * names the visitor, so a copy of the id anywhere in the row is looked for too.
 */
async function insertRow(entry: Entry, site: string, vid: string) {
  const table = getTableName(entry.table)
  const { results: all } = await env.DB.prepare('SELECT name, type, pk FROM pragma_table_info(?)')
    .bind(table)
    .all<{ name: string; type: string; pk: number }>()
  // An INTEGER PRIMARY KEY (quarantine.id) is the rowid: D1 assigns it.
  const cols = all.filter((c) => !(c.pk === 1 && /^INTEGER$/i.test(c.type) && !all.some((o) => o.pk > 1)))
  const value = (c: { name: string; type: string }) => {
    if (c.name === entry.site.name) return site
    if (c.name === entry.visitor.name || c.name.endsWith('_vid')) return vid
    if (/INT/i.test(c.type)) return 1
    if (/REAL|NUM/i.test(c.type)) return 1.5
    return `${c.name}:${vid}`
  }
  await env.DB.prepare(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
  )
    .bind(...cols.map(value))
    .run()
}

/** Every registered row about `vid`, per table. */
async function rowsOf(site: string, vid: string) {
  const out: Record<string, unknown[]> = {}
  for (const entry of visitorTables) {
    const { results } = await env.DB.prepare(
      `SELECT * FROM "${getTableName(entry.table)}" WHERE "${entry.site.name}" = ? AND "${entry.visitor.name}" = ?`,
    )
      .bind(site, vid)
      .all()
    out[entry.name] = results
  }
  return out
}

describe('erasure over the visitor-data registry', { timeout: 60_000 }, () => {
  it('leaves no row that mentions the visitor, and every row of another visitor as it was', async () => {
    const site = await createSite({ id: 'erase-every-table' })
    const [gone, kept] = [crypto.randomUUID(), crypto.randomUUID()]
    for (const entry of visitorTables) {
      await insertRow(entry, site, gone)
      await insertRow(entry, site, kept)
    }
    const keptBefore = await rowsOf(site, kept)
    const onePerTable = {
      events: 1,
      orders: 1,
      consent_state: 1,
      profiles: 1,
      profile_members: 1,
      identity_links: 1,
      dead_letters: 1,
      offline_records: 1,
      quarantine: 1,
      visitor_credentials: 1,
      survey_responses: 1,
      survey_turns: 1,
    }
    expect(await rowsMentioning(gone)).toEqual(onePerTable)

    const erased = await eraseVisitor(env.DB, site, gone, 'self-service')
    expect(erased.counts).toEqual(onePerTable)
    expect(await rowsMentioning(gone)).toEqual({})
    expect(await rowsMentioning(kept)).toEqual(onePerTable)
    expect(await rowsOf(site, kept)).toEqual(keptBefore)
  })
})
