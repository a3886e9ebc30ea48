import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { insertEvents, insertOrders } from '../../test/raw-rows'
import { visitorTables } from '../db/visitor-data'
import { CONSENT_PROOF_DAYS, purgeExpired, retentionSql, retentionTargets } from './retention'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 28)
const ago = (days: number) => now - days * DAY

const run = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .run()

/** The values of `column` in `table` for one site, sorted: what is left after a purge. */
async function left(table: string, column: string, site: string) {
  const { results } = await env.DB.prepare(
    `SELECT ${column} AS v FROM ${table} WHERE site_id = ? ORDER BY ${column}`,
  )
    .bind(site)
    .all<{ v: string }>()
  return results.map((r) => r.v)
}

/** One row about visitor `vid` in every table retention purges, stamped `days` ago, ids prefixed `tag`. */
async function visitorRows(site: string, vid: string, tag: string, days: number) {
  const ts = ago(days)
  await insertEvents(env.DB, [{ site_id: site, id: `${tag}-event`, vid, ts }])
  await insertOrders(env.DB, [{ site_id: site, order_id: `${tag}-order`, vid, ts, value: 10 }])
  await run(
    `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at)
     VALUES (?, ?, ?, 1, 1, 'banner', ?)`,
    site,
    vid,
    `${tag}-consent`,
    ts,
  )
  await run(
    `INSERT INTO profiles (site_id, vid, segment, lifecycle, interests, purchase_intent, price_sensitivity,
       preferred_channel, summary, next_best_action, features, feature_hash, last_event_ts, provider, model,
       prompt_version, updated_at)
     VALUES (?, ?, 's', 'new', '[]', 0.5, 'medium', 'email', 'x', 'none', '{}', 'h', ?, 'rules', 'rules', '1', ?)`,
    site,
    vid,
    ts,
    now,
  )
  // The profile pools two ids: the visitor's own and a server id.
  for (const member of [vid, `${tag}-server`])
    await run('INSERT INTO profile_members (site_id, vid, profile_vid) VALUES (?, ?, ?)', site, member, vid)
  await run(
    `INSERT INTO offline_records (site_id, kind, source_key, import_id, vid, ts, source_label, channel,
       lawful_basis, created_at)
     VALUES (?, 'store_visit', ?, 'imp', ?, ?, 'offline', 'store', 'contract', ?)`,
    site,
    `${tag}-record`,
    vid,
    ts,
    now,
  )
  await run(
    `INSERT INTO quarantine (site_id, vid, event_id, reason, created_at) VALUES (?, ?, ?, 'invalid_event', ?)`,
    site,
    vid,
    `${tag}-quarantine`,
    ts,
  )
  await run(
    `INSERT INTO dead_letters (key, site_id, vid, body, events, created_at) VALUES (?, ?, ?, '{}', 1, ?)`,
    `${tag}-dead-letter`,
    site,
    vid,
    ts,
  )
  await run(
    `INSERT INTO survey_responses (site_id, id, survey_id, vid, language, status, attributes, started_at, updated_at)
     VALUES (?, ?, 'srv', ?, 'en', 'completed', '{}', ?, ?)`,
    site,
    `${tag}-response`,
    vid,
    ts,
    ts,
  )
  await run(
    `INSERT INTO survey_turns (site_id, response_id, n, vid, extracted, provider, model, prompt_version, created_at)
     VALUES (?, ?, 0, ?, '[]', 'rules', 'rules', 'ask-v1', ?)`,
    site,
    `${tag}-response`,
    vid,
    ts,
  )
  await run(
    'INSERT INTO visitor_credentials (site_id, vid, secret_hash, bound_at) VALUES (?, ?, ?, ?)',
    site,
    vid,
    `${tag}-hash`,
    ts,
  )
  await run(
    `INSERT INTO consent_log (id, site_id, consent_id, ts, action, analytics, marketing, source)
     VALUES (?, ?, ?, ?, 'grant', 1, 1, 'banner')`,
    `${tag}-log`,
    site,
    `${tag}-consent`,
    ts,
  )
}

async function person(site: string, id: string, mergedInto: string | null = null) {
  await run(
    'INSERT INTO persons (id, site_id, created_at, updated_at, merged_into) VALUES (?, ?, ?, ?, ?)',
    id,
    site,
    ago(500),
    ago(500),
    mergedInto,
  )
  await run(
    'INSERT INTO person_visitor_hashes (site_id, vid_hash, person_id) VALUES (?, ?, ?)',
    site,
    `h-${id}`,
    id,
  )
}

async function link(site: string, key: string, personId: string, days: number, vid: string | null = null) {
  await run(
    `INSERT INTO identity_links (site_id, key, kind, person_id, vid, source, created_at)
     VALUES (?, ?, ?, ?, ?, 'web', ?)`,
    site,
    key,
    key.split(':')[0],
    personId,
    vid,
    ago(days),
  )
}

describe('retention purge', () => {
  it('deletes past retention from every table about visitors, and the consent log after its proof period', async () => {
    const site = await createSite({ id: 'ret-all', retentionDays: 30 })
    const other = await createSite({ id: 'ret-all-other' }) // 395 days
    await visitorRows(site, 'v-old', 'old', 31)
    await visitorRows(site, 'v-new', 'new', 29)
    await visitorRows(other, 'v-other', 'other', 31)
    // The consent log outlives the data by its proof period.
    for (const [id, days] of [
      ['proof-kept', 30 + CONSENT_PROOF_DAYS - 1],
      ['proof-gone', 30 + CONSENT_PROOF_DAYS + 1],
    ] as const)
      await run(
        `INSERT INTO consent_log (id, site_id, consent_id, ts, action, analytics, marketing, source)
         VALUES (?, ?, 'c', ?, 'grant', 1, 0, 'banner')`,
        id,
        site,
        ago(days),
      )

    expect(await purgeExpired(env.DB, now)).toEqual({
      events: 1,
      orders: 1,
      consent_state: 1,
      profiles: 1,
      identity_links: 0,
      dead_letters: 1,
      offline_records: 1,
      quarantine: 1,
      visitor_credentials: 1,
      survey_responses: 1,
      survey_turns: 1,
      consent_log: 1,
      persons: 0,
      sites: 2,
      done: 1,
    })
    expect(await left('events', 'id', site)).toEqual(['new-event'])
    expect(await left('orders', 'order_id', site)).toEqual(['new-order'])
    expect(await left('consent_state', 'vid', site)).toEqual(['v-new'])
    expect(await left('profiles', 'vid', site)).toEqual(['v-new'])
    // The expired profile's member rows went with it (trigger), the fresh one's stay.
    expect(await left('profile_members', 'vid', site)).toEqual(['new-server', 'v-new'])
    expect(await left('offline_records', 'source_key', site)).toEqual(['new-record'])
    expect(await left('quarantine', 'event_id', site)).toEqual(['new-quarantine'])
    expect(await left('dead_letters', 'key', site)).toEqual(['new-dead-letter'])
    expect(await left('visitor_credentials', 'vid', site)).toEqual(['v-new'])
    expect(await left('survey_responses', 'id', site)).toEqual(['new-response'])
    expect(await left('survey_turns', 'response_id', site)).toEqual(['new-response'])
    // 31 days old is well within the proof period: only the decision older than both goes.
    expect(await left('consent_log', 'id', site)).toEqual(['new-log', 'old-log', 'proof-kept'])
    // The other site keeps 395 days: nothing of it is old enough.
    expect(await left('events', 'id', other)).toEqual(['other-event'])
    expect(await left('profile_members', 'vid', other)).toEqual(['other-server', 'v-other'])
    expect(await left('consent_log', 'id', other)).toEqual(['other-log'])
  })

  it('deletes expired identity links, and persons left without any, with what belongs to them', async () => {
    const site = await createSite({ id: 'ret-persons', retentionDays: 30 })
    // gone: both links expired; a person merged into it and the merge's audit go with it.
    await person(site, 'gone')
    await person(site, 'gone-loser', 'gone')
    await run(
      `INSERT INTO identity_merges (id, site_id, winner_id, loser_id, reason, source, moved_keys, created_at)
       VALUES ('m-gone', ?, 'gone', 'gone-loser', 'user:a', 'web', '[]', ?)`,
      site,
      ago(400),
    )
    await link(site, 'vid:g1', 'gone', 400, 'g1')
    await link(site, 'user:a', 'gone', 40)
    // kept: one link expired, one fresh.
    await person(site, 'kept')
    await link(site, 'vid:k1', 'kept', 40, 'k1')
    await link(site, 'user:b', 'kept', 5)

    const out = await purgeExpired(env.DB, now)
    expect([out.identity_links, out.persons]).toEqual([3, 2])
    expect(await left('identity_links', 'key', site)).toEqual(['user:b'])
    expect(await left('persons', 'id', site)).toEqual(['kept'])
    expect(await left('person_visitor_hashes', 'person_id', site)).toEqual(['kept'])
    expect(await left('identity_merges', 'id', site)).toEqual([])
  })

  it('stays within its budget and resumes at the site and table where it stopped', async () => {
    const site = await createSite({ id: 'ret-budget', retentionDays: 30 })
    await createSite({ id: 'ret-budget-z', retentionDays: 30 })
    await insertEvents(
      env.DB,
      [31, 40, 50, 60, 70].map((d) => ({ site_id: site, ts: ago(d) })),
    )
    await insertOrders(
      env.DB,
      [31, 32, 33].map((d) => ({ site_id: site, order_id: `o${d}`, ts: ago(d), value: 1 })),
    )
    await insertEvents(env.DB, [{ site_id: 'ret-budget-z', ts: ago(31) }])
    const cursor = async () =>
      (
        await env.DB.prepare("SELECT cursor FROM job_cursors WHERE job = 'retention'").first<{
          cursor: string
        }>()
      )?.cursor
    const budget = { chunkRows: 2, maxChunks: 3 }

    // Earlier sites (created by other tests, sorted before ret-budget) are skipped by starting there.
    await run(
      `INSERT INTO job_cursors (job, cursor, updated_at) VALUES ('retention', ?, 0)
       ON CONFLICT (job) DO UPDATE SET cursor = excluded.cursor`,
      `${site}\nevents`,
    )
    // Events: 2 + 2 + 1 rows in three statements, then the budget is spent at orders.
    expect(await purgeExpired(env.DB, now, budget)).toMatchObject({ events: 5, orders: 0, sites: 0, done: 0 })
    expect(await cursor()).toBe(`${site}\norders`)
    // The next run starts at orders (2 + 1 rows), then one statement for consent_state.
    expect(await purgeExpired(env.DB, now, budget)).toMatchObject({ events: 0, orders: 3, sites: 0, done: 0 })
    expect(await cursor()).toBe(`${site}\nprofiles`)
    expect(await left('events', 'id', site)).toEqual([])
    expect(await left('orders', 'order_id', site)).toEqual([])
    expect(await left('events', 'id', 'ret-budget-z')).toHaveLength(1)

    // Given room, the run goes on through the remaining tables and sites, and clears the cursor.
    const rest = await purgeExpired(env.DB, now, { chunkRows: 2, maxChunks: 1_000 })
    expect(rest).toMatchObject({ events: 1, done: 1 })
    expect(await left('events', 'id', 'ret-budget-z')).toEqual([])
    expect(await cursor()).toBeUndefined()
  })

  it('knows how every registered table ends: its own time column, or a registered table it goes with', () => {
    const names = visitorTables.map((t) => t.name)
    const targets = retentionTargets().map((t) => t.name)
    for (const t of visitorTables) {
      if ('with' in t.expires) expect(names).toContain(t.expires.with)
      else expect(targets).toContain(t.name)
    }
    expect(targets).toEqual([...names.filter((n) => n !== 'profile_members'), 'consent_log'])
  })

  it('finds each chunk through an index on (site, time), never a scan of the table', async () => {
    for (const t of retentionTargets()) {
      for (const sql of [retentionSql.chunk(t), retentionSql.delete(t)]) {
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .bind('s', now, 10)
          .all<{ detail: string }>()
        const plan = results.map((r) => r.detail).join('\n')
        const ts = t.ts.replaceAll('"', '')
        expect(plan, `${t.name}: ${plan}`).toMatch(
          new RegExp(`USING (COVERING )?INDEX \\w+ \\(site_id=\\? AND ${ts}<\\?\\)`),
        )
        expect(plan, `${t.name}: ${plan}`).not.toMatch(/^SCAN /m)
      }
    }
  })
})
