/**
 * The notice pipeline against real HTTP: @ai-sdk/openai-compatible talks to the fake OpenAI-compatible
 * server, and the version lands in a real local D1 (wrangler's platform proxy, in memory), as in the cron.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getPlatformProxy } from 'wrangler'
import { startFakeOpenAI } from '../../test/fake-openai.node'
import { getSite } from '../site/load'
import { db } from '../db/client'
import { checkNotice } from './check'
import { buildFactSheet } from './facts'
import type { NoticeBody } from './notice'
import { NOTICE_PROMPT_VERSION, NOTICE_SYSTEM } from './prompt'
import { versionInForce } from './store'
import { templateNotice } from './template'
import { writeNoticeVersion } from './versions'

let proxy: Awaited<ReturnType<typeof getPlatformProxy<{ DB: D1Database }>>>
let d1: D1Database

beforeAll(async () => {
  const root = join(import.meta.dirname, '../../..')
  proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(root, 'wrangler.toml'),
    envFiles: [],
    persist: false,
    remoteBindings: false,
  })
  d1 = proxy.env.DB
  const dir = join(root, 'migrations')
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const statement of readFileSync(join(dir, file), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await d1.prepare(statement).run()
    }
  }
  const now = Date.now()
  await d1
    .prepare(
      `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
       VALUES ('fernwood', 'Fernwood', '[]', '[]', 'EUR', 'UTC', 30, 'opt-in', ?, ?, ?)`,
    )
    .bind(JSON.stringify({ privacy: { controller: { name: 'Fernwood Outdoor GmbH' } } }), now, now)
    .run()
}, 60_000)

afterAll(async () => {
  await proxy?.dispose()
})

describe('a notice written by an OpenAI-compatible model', () => {
  it('an invented claim in the first answer is caught; the repaired notice is published', async () => {
    const site = (await getSite(db(d1), 'fernwood'))!
    let invented: NoticeBody | undefined
    let repaired: NoticeBody | undefined
    const server = await startFakeOpenAI({ respond: (_, n) => (n === 0 ? invented : repaired) })
    try {
      const config = {
        AI_PROVIDER: 'openai-compatible',
        AI_BASE_URL: server.baseURL,
        AI_MODEL: 'fake-1',
        AI_API_KEY: 'sk-test',
      }
      const sheet = await buildFactSheet(site, config)
      // What the "model" writes: the template's notice in its own words, once with a claim no fact backs.
      repaired = templateNotice(sheet, 'en')
      repaired.sections.why.unshift({
        text: 'We will never sell what we learn about you.',
        facts: ['no_sale'],
      })
      invented = structuredClone(repaired)
      invented.sections.recipients.push({
        text: 'We also share your visits with Google for advertising.',
        facts: ['recipients.only_processors'],
      })

      const result = await writeNoticeVersion(d1, site, config, Date.now(), { langs: ['en'] })
      expect(result.status).toBe('published')

      expect(server.requests.map((r) => r.status)).toEqual([200, 200])
      const [first, second] = server.requests
      expect(first!.body.model).toBe('fake-1')
      expect(first!.body.messages[0]).toEqual({ role: 'system', content: NOTICE_SYSTEM })
      // The schema reaches the model, fact ids as an enum: an unknown id cannot even be written.
      expect(first!.body.response_format?.type).toBe('json_schema')
      expect(JSON.stringify(first!.body.response_format?.json_schema?.schema)).toContain('"rights.complaint"')
      // The repair shows the model its answer and exactly what the checker found.
      const repair = second!.body.messages
        .map((m) => (typeof m.content === 'string' ? m.content : ''))
        .join('\n')
      expect(repair).toContain('Google for advertising')
      expect(repair).toContain('recipients.5: unsupported processor (Google)')
      expect(repair).toContain('recipients.5: unsupported purpose (advertising)')

      const inForce = (await versionInForce(d1, 'fernwood'))!
      expect(inForce.version).toBe(result.version)
      expect(inForce.notices.en).toEqual({ body: repaired, source: 'repaired', fallback: null, problems: [] })
      expect(
        checkNotice(
          inForce.notices.en!.body,
          { site: 'fernwood', hash: inForce.sheetHash, facts: inForce.facts },
          'en',
        ).ok,
      ).toBe(true)
      // Model, prompt version and the tokens the server counted are stored with the version.
      expect(inForce).toMatchObject({
        provider: 'openai-compatible',
        model: 'fake-1',
        promptVersion: NOTICE_PROMPT_VERSION,
        calls: 2,
        tokensIn: first!.promptTokens + second!.promptTokens,
        tokensOut: first!.completionTokens + second!.completionTokens,
      })
    } finally {
      await server.close()
    }
  })
})
