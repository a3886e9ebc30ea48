import { type Context, Hono } from 'hono'
import { db } from '../db/client'
import type { AppEnv } from '../env'
import { answerQuestion, MAX_QUESTION } from '../privacy/ask'
import { emptyUsage } from '../privacy/generate'
import { requestLang } from '../privacy/lang'
import type { Lang } from '../privacy/notice'
import { noticeJson, noticePage, PAGE_CSS } from '../privacy/page'
import { countTopic } from '../privacy/questions'
import { getSite, type Site } from '../site/load'
import { originAllowed } from '../site/origin'
import { fail } from './lib/fail'
import { visitorCors } from './lib/visitor'
import type { NoticeVersion } from '../privacy/store'
import { noticeForRequest } from '../privacy/versions'
import { resolveProvider } from '../profiling/providers'

/**
 * The privacy notice of a site: GET /privacy/{site} (a page), GET /privacy/{site}.json (sections with
 * their fact citations) and POST /privacy/{site}/ask (a visitor's question, answered from the facts).
 */
export const privacy = new Hono<AppEnv>()

const SITE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/

let styleHash: Promise<string> | undefined
/** The page's one inline stylesheet is allowed by its hash: no other style, no script, nothing from elsewhere. */
const csp = async () => {
  styleHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(PAGE_CSS))
    .then((d) => btoa(String.fromCharCode(...new Uint8Array(d))))
  return `default-src 'none'; style-src 'sha256-${await styleHash}'; form-action 'self'; base-uri 'none'`
}

async function siteFor(c: Context<AppEnv>, id: string): Promise<Site | null> {
  return SITE_ID.test(id) ? getSite(db(c.env.DB), id) : null
}

/** The visitor's language when the version has it (every version written by the cron has all ten), else English. */
function servedLang(version: NoticeVersion, c: Context<AppEnv>): Lang {
  const lang = requestLang(c.req.query('lang'), c.req.header('accept-language'))
  return version.notices[lang] ? lang : 'en'
}

async function html(c: Context<AppEnv>, page: string, status: 200 | 404 = 200) {
  c.header('content-security-policy', await csp())
  c.header('x-content-type-options', 'nosniff')
  // same-origin, not no-referrer: with no-referrer the page's own form would post with Origin: null.
  c.header('referrer-policy', 'same-origin')
  return c.html(page, status)
}

privacy.get('/:site', async (c) => {
  const raw = c.req.param('site')
  const wantsJson = raw.endsWith('.json')
  const site = await siteFor(c, wantsJson ? raw.slice(0, -5) : raw)
  if (!site) {
    return wantsJson
      ? fail(c, 404, 'unknown_site', 'No such site')
      : html(c, '<!doctype html><html lang="en"><title>Not found</title><h1>No such site</h1></html>', 404)
  }
  const version = await noticeForRequest(c.env.DB, site, c.env, Date.now())
  if (!version) return fail(c, 404, 'no_notice', 'This site has no privacy notice yet')
  const lang = servedLang(version, c)
  c.header('content-language', lang)
  c.header('vary', 'accept-language')
  c.header('cache-control', 'public, max-age=60')
  if (wantsJson) {
    c.header('access-control-allow-origin', '*')
    return c.json(noticeJson(site.id, version, lang))
  }
  const title = site.settings.privacy.controller.name ?? site.name
  return html(c, noticePage({ siteId: site.id, title, version, lang }))
})

privacy.use('/:site/ask', visitorCors)

/** A question from the notice's own form (form-encoded) or from a site's page (JSON). */
async function readQuestion(
  c: Context<AppEnv>,
): Promise<{ question: string; form: boolean } | { error: Response }> {
  const type = c.req.header('content-type') ?? ''
  const text = await c.req.text()
  if (text.length > 4 * MAX_QUESTION) return { error: fail(c, 413, 'too_large', 'The question is too long') }
  let question: unknown
  const form = type.startsWith('application/x-www-form-urlencoded')
  if (form) question = new URLSearchParams(text).get('question')
  else {
    try {
      question = (JSON.parse(text) as { question?: unknown } | null)?.question
    } catch {
      return { error: fail(c, 400, 'invalid_json', 'The body is not JSON') }
    }
  }
  if (typeof question !== 'string' || !question.trim() || question.length > MAX_QUESTION) {
    return {
      error: fail(c, 400, 'invalid_question', `A question of 1 to ${MAX_QUESTION} characters is required`, {
        path: 'question',
      }),
    }
  }
  return { question: question.trim(), form }
}

privacy.post('/:site/ask', async (c) => {
  const site = await siteFor(c, c.req.param('site'))
  if (!site) return fail(c, 404, 'unknown_site', 'No such site')
  // The notice's own page (the host this request was sent to), a server (no Origin) or one of the site's
  // pages may ask.
  const origin = c.req.header('origin')
  const host = origin && URL.canParse(origin) ? new URL(origin).host : null
  const ownPage = host !== null && (host === c.req.header('host') || host === new URL(c.req.url).host)
  if (origin && !ownPage && !originAllowed(origin, site.allowedOrigins)) {
    return fail(c, 403, 'origin_not_allowed', 'This origin may not use this site')
  }
  const read = await readQuestion(c)
  if ('error' in read) return read.error
  const limit = await c.env.PRIVACY_LIMITER?.limit({
    key: `${site.id}:${c.req.header('cf-connecting-ip') ?? ''}`,
  })
  if (limit && !limit.success) {
    c.header('retry-after', '60')
    return c.json(
      { error: { code: 'rate_limited', message: 'Too many questions; ask again in a minute' } },
      429,
    )
  }
  const now = Date.now()
  const version = await noticeForRequest(c.env.DB, site, c.env, now)
  if (!version) return fail(c, 404, 'no_notice', 'This site has no privacy notice yet')
  const lang = servedLang(version, c)
  const body = version.notices[lang]!.body
  const provider = resolveProvider(c.env)
  const answer = await answerQuestion(
    read.question,
    body,
    { site: site.id, hash: version.sheetHash, facts: version.facts },
    lang,
    provider.kind === 'rules' ? null : provider,
    emptyUsage(),
  )
  await countTopic(c.env.DB, site.id, answer.topic, now)
  c.header('cache-control', 'no-store')
  if (read.form) {
    const title = site.settings.privacy.controller.name ?? site.name
    return html(
      c,
      noticePage({ siteId: site.id, title, version, lang, asked: { question: read.question, answer } }),
    )
  }
  return c.json({ ...answer, version: version.version, lang })
})
