#!/usr/bin/env node
// Heed CLI: manage sites and API keys through the admin API of a running worker.
//   npm run heed -- sites add shop.example.com --timezone Europe/Berlin --currency EUR
//   npm run heed -- keys create shop-example-com --scopes read --name dashboard
//   npm run heed -- --remote https://heed.example.workers.dev sites list   (token: HEED_ADMIN_TOKEN)
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { root } from './lib/local.mjs'

const HELP = `Usage: npm run heed -- [--remote URL] [--token TOKEN] <command>

Commands:
  sites add <domain> [--id ID] [--name NAME] [--timezone TZ] [--currency CODE] [--origins URL,URL]
  sites list
  sites show <site>
  sites update <site> [--name NAME] [--timezone TZ] [--currency CODE] [--origins URL,URL]
                      [--domains HOST,HOST] [--consent-mode opt-in|cookieless|opt-out] [--retention DAYS]
  keys create <site> [--scopes read,write,ingest,admin] [--name NAME]
  keys list <site>
  keys revoke <site> <key-id>

Without --remote the local worker (http://127.0.0.1:8787) is used with ADMIN_TOKEN from .dev.vars.
The token may also come from HEED_ADMIN_TOKEN.`

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: 'string' },
    token: { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
    timezone: { type: 'string' },
    currency: { type: 'string' },
    origins: { type: 'string' },
    domains: { type: 'string' },
    'consent-mode': { type: 'string' },
    retention: { type: 'string' },
    scopes: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
})

function localToken() {
  const file = join(root, '.dev.vars')
  if (!existsSync(file)) return undefined
  return readFileSync(file, 'utf8')
    .match(/^ADMIN_TOKEN=(.*)$/m)?.[1]
    ?.trim()
}

const base = (opt.remote ?? 'http://127.0.0.1:8787').replace(/\/+$/, '')
const token = opt.token ?? process.env.HEED_ADMIN_TOKEN ?? (opt.remote ? undefined : localToken())
const list = (s) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
const clean = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

async function api(method, path, body) {
  let res
  try {
    res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
  } catch (err) {
    fail(`cannot reach ${base} (${err.cause?.code ?? err.message}). Is the worker running (npm run dev)?`)
  }
  const json = await res.json().catch(() => null)
  if (!res.ok) fail(`${res.status} ${json?.error?.code ?? ''}: ${json?.error?.message ?? res.statusText}`)
  return json
}

function fail(message) {
  console.error(`heed: ${message}`)
  process.exit(1)
}

function need(value, what) {
  if (!value) fail(`missing ${what}\n\n${HELP}`)
  return value
}

function siteBody() {
  return clean({
    name: opt.name,
    timezone: opt.timezone,
    currency: opt.currency,
    allowed_origins: list(opt.origins),
    domains: list(opt.domains),
    consent_mode: opt['consent-mode'],
    retention_days: opt.retention === undefined ? undefined : Number(opt.retention),
  })
}

const print = (value, line) => console.log(opt.json ? JSON.stringify(value, null, 2) : line(value))
const siteLine = (s) =>
  `${s.id}  ${s.domains.join(',') || '-'}  ${s.timezone}  ${s.currency}  ${s.consent_mode}  origins: ${s.allowed_origins.join(',') || '-'}`
const keyLine = (k) =>
  `${k.id}  ${k.prefix}…  [${k.scopes.join(',')}]  ${k.name || '-'}  ${k.revoked_at ? 'REVOKED' : k.last_used_at ? `last used ${new Date(k.last_used_at).toISOString()}` : 'never used'}`

async function main() {
  const [area, action, ...args] = positionals
  if (opt.help || !area) return console.log(HELP)
  if (!token)
    fail('no admin token: pass --token or set HEED_ADMIN_TOKEN (locally, .dev.vars holds ADMIN_TOKEN)')
  const cmd = `${area} ${action ?? ''}`.trim()
  switch (cmd) {
    case 'sites add': {
      const site = await api(
        'POST',
        '/admin/sites',
        clean({ id: opt.id, domains: [need(args[0], 'domain')], ...siteBody() }),
      )
      return print(
        site,
        (s) =>
          `Created site ${s.id}\n${siteLine(s)}\nSnippet: <script defer src="${base}/heed.js" data-site="${s.id}"></script>`,
      )
    }
    case 'sites list': {
      const sites = []
      let cursor = null
      do {
        const page = await api('GET', `/admin/sites?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
        sites.push(...page.data)
        cursor = page.next_cursor
      } while (cursor)
      return print(sites, (l) => l.map(siteLine).join('\n') || '(no sites)')
    }
    case 'sites show':
      return print(await api('GET', `/admin/sites/${encodeURIComponent(need(args[0], 'site'))}`), (s) =>
        JSON.stringify(s, null, 2),
      )
    case 'sites update':
      return print(
        await api('PATCH', `/admin/sites/${encodeURIComponent(need(args[0], 'site'))}`, siteBody()),
        (s) => `Updated ${siteLine(s)}`,
      )
    case 'keys create': {
      const key = await api(
        'POST',
        `/admin/sites/${encodeURIComponent(need(args[0], 'site'))}/keys`,
        clean({ name: opt.name, scopes: list(opt.scopes) }),
      )
      return print(
        key,
        (k) =>
          `${k.key}\n\nKey ${k.id} for ${k.site} [${k.scopes.join(',')}]. It is shown only now: store it safely.`,
      )
    }
    case 'keys list': {
      const page = await api(
        'GET',
        `/admin/sites/${encodeURIComponent(need(args[0], 'site'))}/keys?limit=1000`,
      )
      return print(page.data, (l) => l.map(keyLine).join('\n') || '(no keys)')
    }
    case 'keys revoke':
      return print(
        await api(
          'DELETE',
          `/admin/sites/${encodeURIComponent(need(args[0], 'site'))}/keys/${encodeURIComponent(need(args[1], 'key id'))}`,
        ),
        (k) => `Revoked ${keyLine(k)}`,
      )
    default:
      fail(`unknown command "${cmd}"\n\n${HELP}`)
  }
}

await main()
