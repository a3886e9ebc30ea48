import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { credentialSql } from '../consent/credential'
import { erasureSql } from '../consent/erase'
import { visitorTablesSql } from '../consent/registry'
import { EXPORT_EVENTS_SQL } from './exports'
import { parseFilter } from './dimensions'
import { funnelSql } from './funnel'
import { offsetSpans } from './period'
import { COVERAGE_SQL, ROLLUP_ROWS_SQL, SKETCHES_SQL } from './stats'
import { rawMetricsSql, rawVisitorsSql } from './stats-sql'

/**
 * The hot queries' plans: every read of events, orders and rollups is an index range on the
 * site's prefix, never a full scan. (Run on an empty table: the plan does not depend on data.)
 */
async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>()
  return results.map((r) => r.detail)
}

/** No SCAN of a stored table (CTEs, subqueries and json_each are in-memory and may be scanned). */
function expectNoTableScan(details: string[]) {
  for (const d of details)
    expect(d).not.toMatch(/^SCAN (events|orders|rollup_daily|e|o|rollup_state)\b(?! USING)/)
}

const start = Date.parse('2026-03-01T00:00:00Z')
const end = Date.parse('2026-03-02T00:00:00Z')
const scope = { siteId: 's', start, end, spans: offsetSpans(start, end, 'Europe/Berlin'), filters: [] }

describe('query plans of the hot queries', () => {
  it('30-day rollup reads are primary-key ranges per dimension', async () => {
    const rows = await plan(ROLLUP_ROWS_SQL, ['s', JSON.stringify(['', 'page']), '2026-02-01', '2026-03-02'])
    expect(rows.join('\n')).toMatch(
      /SEARCH rollup_daily USING PRIMARY KEY \(site_id=\? AND dim=\? AND day>\? AND day<\?\)/,
    )
    expectNoTableScan(rows)
    const sketches = await plan(SKETCHES_SQL, ['s', '2026-02-01', '2026-03-02'])
    expect(sketches.join('\n')).toMatch(
      /SEARCH rollup_daily USING PRIMARY KEY \(site_id=\? AND dim=\? AND day>\? AND day<\?\)/,
    )
  })

  it('the raw part (today, filters) reads events and orders by (site_id, ts)', async () => {
    const withFilter = { ...scope, filters: [parseFilter('page==/x')!] }
    for (const { sql, params } of [
      rawMetricsSql(scope, 'day', ['page', 'source', 'product'], true),
      rawMetricsSql(withFilter, 'hour', [], true),
      rawVisitorsSql(scope),
      rawVisitorsSql(withFilter),
    ]) {
      const rows = await plan(sql, params)
      expect(rows.join('\n')).toMatch(
        /SEARCH (e|events) USING INDEX events_site_ts \(site_id=\? AND ts>\? AND ts<\?\)/,
      )
      expectNoTableScan(rows)
    }
    const orders = await plan(
      rawMetricsSql(scope, 'day', ['product'], true).sql,
      rawMetricsSql(scope, 'day', ['product'], true).params,
    )
    expect(orders.join('\n')).toMatch(
      /SEARCH o USING (COVERING )?INDEX orders_site_ts \(site_id=\? AND ts>\? AND ts<\?\)/,
    )
  })

  it("today's delta reads touched visitors by (site_id, vid, ts), the rest by (site_id, ts)", async () => {
    const watermark = start + 12 * 3_600_000
    const touched = { since: watermark, until: end }
    const late = { ...touched, ids: '["v1","s1"]' }
    for (const s of [
      { ...scope, touched: { ...touched, keepFrom: watermark } },
      { ...scope, end: watermark, touched, receivedBefore: watermark },
      { ...scope, touched: { ...late, keepFrom: watermark } },
      { ...scope, end: watermark, touched: late, receivedBefore: watermark },
    ]) {
      const { sql, params } = rawMetricsSql(s, 'day', ['page', 'source', 'product'], true)
      const rows = await plan(sql, params)
      expectNoTableScan(rows)
      // Every read of events and orders is bounded by time (never all of a site's rows by vid),
      // and the touched visitors' events are read one visitor at a time.
      const reads = rows.filter((d) => /^SEARCH (e|events|o|orders) /.test(d))
      expect(reads.length).toBeGreaterThan(4)
      for (const d of reads) expect(d).toMatch(/\(site_id=\? (AND vid=\? )?AND ts>\? AND ts<\?\)$/)
      expect(reads).toContain('SEARCH e USING INDEX events_site_vid (site_id=? AND vid=? AND ts>? AND ts<?)')
    }
    const coverage = await plan(COVERAGE_SQL, ['s'])
    expect(coverage.join('\n')).toMatch(/SEARCH s USING INDEX sqlite_autoindex_rollup_state_1 \(site_id=\?\)/)
    expect(coverage.join('\n')).toMatch(
      /SEARCH events USING COVERING INDEX events_site_ts \(site_id=\? AND ts>\? AND ts<\?\)/,
    )
    expect(coverage.join('\n')).toMatch(
      /SEARCH orders USING COVERING INDEX orders_site_ts \(site_id=\? AND ts>\? AND ts<\?\)/,
    )
    expectNoTableScan(coverage)
  })

  it('funnels and exports read events by (site_id, ts)', async () => {
    const f = funnelSql('s', start, end, [parseFilter('page==/')!, parseFilter('event==purchase')!], {
      kind: 'days',
      days: 7,
    })
    const rows = await plan(f.sql, f.params)
    expect(rows.join('\n')).toMatch(/SEARCH e USING INDEX events_site_ts/)
    expectNoTableScan(rows)
    const exp = await plan(EXPORT_EVENTS_SQL, ['s', start, end, ''])
    expect(exp.join('\n')).toMatch(
      /SEARCH events USING INDEX events_site_ts \(site_id=\? AND ts>\? AND ts<\?\)/,
    )
    expect(exp.join('\n')).not.toMatch(/TEMP B-TREE/) // pages come out in index order
  })

  it('an erasure counts, reads the days of and deletes a visitor’s events and orders by (site_id, vid)', async () => {
    const byName = new Map(visitorTablesSql().map((t) => [t.name, t]))
    for (const [name, table, index] of [
      ['events', 'events', 'events_site_vid'],
      ['orders', 'orders', 'orders_site_vid'],
    ] as const) {
      const t = byName.get(name)!
      const count = await plan(erasureSql.count(t), ['s', 'v'])
      const days = await plan(erasureSql.days(t), ['s', 'v'])
      // The count and the days read only the index: (site_id, vid, ts) holds every column they need.
      for (const rows of [count, days])
        expect(rows).toEqual([`SEARCH ${table} USING COVERING INDEX ${index} (site_id=? AND vid=?)`])
      // Not through the primary key's (site_id) prefix: that would read every row of the site.
      const del = await plan(erasureSql.delete(t, '1'), ['s', 'v'])
      expect(del).toEqual([`SEARCH ${table} USING INDEX ${index} (site_id=? AND vid=?)`])
    }
    // Every other registered table is deleted from by (site, visitor) too, never by site alone.
    for (const t of byName.values()) {
      const del = await plan(erasureSql.delete(t, '1'), ['s', 'v'])
      expect(del).toHaveLength(1)
      expect(del[0]).toMatch(/^SEARCH \S+ USING .*\(site_id=\? AND vid=\?\)$/)
    }
  })

  it('the credential check reads every registered table by (site_id, vid), never a whole site', async () => {
    const rows = await plan(credentialSql(), ['s', 'v'])
    // SQLite's own single row that the subqueries hang off is no table.
    const reads = rows.filter((r) => /^(SEARCH|SCAN) /.test(r) && r !== 'SCAN CONSTANT ROW')
    // The credential row, then one probe per registered table (the credential table among them).
    expect(reads).toHaveLength(visitorTablesSql().length + 1)
    for (const r of reads) expect(r).toMatch(/^SEARCH \S+ USING .*\(site_id=\? AND vid=\?\)$/)
  })
})
