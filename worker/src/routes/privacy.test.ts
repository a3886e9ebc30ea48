import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { checkNotice } from '../privacy/check'
import { LANGS } from '../privacy/notice'
import { versionInForce } from '../privacy/store'

const BASE = 'https://heed.test'
const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`${BASE}${path}`, { headers })
const ask = (site: string, question: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/privacy/${site}/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.7', ...headers },
    body: JSON.stringify({ question }),
  })

beforeAll(async () => {
  await createSite({
    id: 'notice-shop',
    retentionDays: 30,
    origins: ['https://shop.example'],
    settings: {
      privacy: { controller: { name: 'Fernwood <Outdoor> GmbH', contact: 'privacy@fernwood.example' } },
    },
  })
})

describe('GET /privacy/{site}', () => {
  it('is one self-contained page in the language asked for, with the storage table from the facts', async () => {
    const res = await get('/privacy/notice-shop?lang=de')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-language')).toBe('de')
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; base-uri 'none'$/,
    )
    const html = await res.text()
    expect(html).toContain('<html lang="de" dir="ltr">')
    // Nothing is loaded from anywhere: no script, no stylesheet link, no image, no font.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\(|@import|https?:\/\//)
    // The owner's text is escaped, not markup.
    expect(html).toContain('Datenschutzhinweis: Fernwood &lt;Outdoor&gt; GmbH')
    expect(html).toContain('Seitenaufrufe und andere Ereignisse löschen wir nach 30 Tagen (etwa 1 Monat).')
    const keys = [...html.matchAll(/<th scope="row"><code>([^<]+)<\/code>/g)].map((m) => m[1])
    expect(keys).toEqual(['heed_consent', 'heed_cl', 'heed_id', 'heed_q'])
  })

  it('follows Accept-Language when no ?lang= is given, and says which language it chose', async () => {
    const fr = await get('/privacy/notice-shop', { 'accept-language': 'xx, fr-CH;q=0.9, en;q=0.5' })
    expect(fr.headers.get('content-language')).toBe('fr')
    expect(fr.headers.get('vary')).toContain('accept-language')
    const zh = await get('/privacy/notice-shop', { 'accept-language': 'zh-HK' })
    expect(await zh.text()).toContain('<html lang="zh-TW"')
    expect((await get('/privacy/notice-shop?lang=xx')).headers.get('content-language')).toBe('en')
  })

  it('answers 404 for a site that does not exist', async () => {
    expect((await get('/privacy/no-such-site')).status).toBe(404)
    expect((await get('/privacy/no-such-site.json')).status).toBe(404)
    expect((await get('/privacy/..%2Fetc.json')).status).toBe(404)
  })
})

describe('GET /privacy/{site}.json', () => {
  it('returns every section with its citations and the facts they cite, in every language', async () => {
    const version = (await versionInForce(env.DB, 'notice-shop'))!
    for (const lang of LANGS) {
      const res = await get(`/privacy/notice-shop.json?lang=${lang}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const body = (await res.json()) as {
        lang: string
        version: string
        sections: { id: string; title: string; sentences: { text: string; facts: string[] }[] }[]
        faq: unknown[]
        facts: { id: string; data: Record<string, unknown> }[]
      }
      expect([body.lang, body.version]).toEqual([lang, version.version])
      expect(body.sections.map((s) => s.id)).toEqual([
        'collect',
        'why',
        'retention',
        'recipients',
        'ai',
        'rights',
        'contact',
      ])
      expect(Object.fromEntries(body.sections.map((s) => [s.id, s.sentences]))).toEqual(
        version.notices[lang]!.body.sections,
      )
      expect(body.faq).toEqual(version.notices[lang]!.body.faq)
      const ids = new Set(body.facts.map((f) => f.id))
      for (const s of body.sections.flatMap((x) => x.sentences)) {
        expect(s.facts.length, s.text).toBeGreaterThan(0)
        for (const id of s.facts) expect(ids.has(id), id).toBe(true)
      }
      expect(body.facts.find((f) => f.id === 'retention.events')?.data).toEqual({
        table: 'events',
        days: 30,
        until: 'days',
      })
    }
  })
})

describe('POST /privacy/{site}/ask', () => {
  it('answers a question with cited sentences; "delete my data" offers the delete action', async () => {
    const sale = await ask('notice-shop', 'Do you sell my data?')
    expect(sale.status).toBe(200)
    const answer = (await sale.json()) as { topic: string; sentences: { facts: string[] }[]; version: string }
    expect(answer.topic).toBe('sale')
    expect(answer.sentences[0]?.facts).toEqual(['no_sale'])

    const del = (await (await ask('notice-shop', 'Please delete my data')).json()) as {
      action: { kind: string; request: unknown }
    }
    expect(del.action.kind).toBe('delete')
    expect(del.action.request).toEqual({ method: 'POST', path: '/me/delete?site=notice-shop' })
  })

  it('the notice’s own form gets the answer on the page, without JavaScript', async () => {
    const res = await SELF.fetch(`${BASE}/privacy/notice-shop/ask?lang=en`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: BASE,
        'cf-connecting-ip': '198.51.100.8',
      },
      body: new URLSearchParams({ question: 'I want this deleted' }).toString(),
    })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<strong data-action="delete">Delete my data</strong>')
    expect(html).toContain('>I want this deleted</textarea>')
  })

  it('keeps only the topic of each question: never its text, nor an address in it', async () => {
    const before = await env.DB.prepare(
      "SELECT coalesce(sum(count), 0) AS n FROM privacy_question_topics WHERE site_id = 'notice-shop' AND topic = 'off_topic'",
    ).first<{ n: number }>()
    const res = await ask('notice-shop', 'What is the weather like? Mail me at jo@example.com', {
      'cf-connecting-ip': '198.51.100.9',
    })
    expect(await res.json()).toMatchObject({
      topic: 'off_topic',
      on_topic: false,
      sentences: [],
      action: null,
    })
    const after = await env.DB.prepare(
      "SELECT coalesce(sum(count), 0) AS n FROM privacy_question_topics WHERE site_id = 'notice-shop' AND topic = 'off_topic'",
    ).first<{ n: number }>()
    expect(after!.n - before!.n).toBe(1)
    // No table holds the question or the address in it.
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND name NOT LIKE 'd1\\_%' ESCAPE '\\'",
    ).all<{ name: string }>()
    expect(tables.results.map((t) => t.name)).toContain('privacy_question_topics')
    for (const { name } of tables.results) {
      const columns = await env.DB.prepare('SELECT name FROM pragma_table_info(?)')
        .bind(name)
        .all<{ name: string }>()
      const where = columns.results.map((c) => `CAST("${c.name}" AS TEXT) LIKE ?1`).join(' OR ')
      const hit = await env.DB.prepare(`SELECT count(*) AS n FROM "${name}" WHERE ${where}`)
        .bind('%jo@example.com%')
        .first<{ n: number }>()
      expect(hit?.n, name).toBe(0)
      const text = await env.DB.prepare(`SELECT count(*) AS n FROM "${name}" WHERE ${where}`)
        .bind('%weather%')
        .first<{ n: number }>()
      expect(text?.n, name).toBe(0)
    }
  })

  it('refuses bad input, foreign origins, and too many questions', async () => {
    expect((await ask('notice-shop', '')).status).toBe(400)
    expect((await ask('notice-shop', 'x'.repeat(501))).status).toBe(400)
    expect((await ask('notice-shop', 42)).status).toBe(400)
    expect((await ask('no-such-site', 'Do you sell my data?')).status).toBe(404)
    const foreign = await ask('notice-shop', 'Do you sell my data?', { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(
      (await ask('notice-shop', 'Do you sell my data?', { origin: 'https://shop.example' })).status,
    ).toBe(200)

    // 10 a minute per site and address; a window boundary inside the loop allows up to twice that.
    let limited: Response | undefined
    let answered = 0
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await ask('notice-shop', 'How long do you keep my data?', {
        'cf-connecting-ip': '203.0.113.50',
      })
      if (res.status === 429) limited = res
      else answered++
    }
    expect(answered).toBeGreaterThanOrEqual(10)
    expect(answered).toBeLessThanOrEqual(20)
    expect(limited?.headers.get('retry-after')).toBe('60')
    expect(await limited?.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many questions; ask again in a minute' },
    })
  })
})

describe('served notices pass the checker', () => {
  it('in every language, against the facts they were written from', async () => {
    const version = (await versionInForce(env.DB, 'notice-shop'))!
    const sheet = { site: 'notice-shop', hash: version.sheetHash, facts: version.facts }
    for (const lang of LANGS) {
      expect(checkNotice(version.notices[lang]!.body, sheet, lang), lang).toEqual({ ok: true, problems: [] })
    }
  })
})
