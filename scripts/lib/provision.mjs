// What `npm run deploy` does before and after the upload: find or create the D1 database and both
// queues, apply migrations, and create ADMIN_TOKEN once. Each step asks wrangler what exists first,
// so a second run creates nothing. Wrangler is called by name: `npm run` puts node_modules/.bin on
// PATH, and a test can put a stand-in first.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const DATABASE = 'heed'
export const QUEUES = ['heed-events', 'heed-events-dlq']
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000'

/** Runs wrangler; returns { ok, stdout, stderr }. `input` is written to its stdin. */
export function wrangler(args, { cwd, input } = {}) {
  const r = spawnSync('wrangler', args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    shell: process.platform === 'win32',
  })
  if (r.error) throw new Error(`wrangler could not be started (${r.error.message}); run npm install first`)
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

function must(result, what) {
  if (result.ok) return result
  const text = `${result.stdout}\n${result.stderr}`
  const hint = /not logged in|login|authenticat|CLOUDFLARE_API_TOKEN/i.test(text)
    ? ' Log in first: npx wrangler login'
    : ''
  throw new Error(`${what} failed.${hint}\n${text.trim()}`)
}

/** The id of the D1 database named `name`, or null when the account has none. */
function databaseId(cwd, name) {
  const listed = must(wrangler(['d1', 'list', '--json'], { cwd }), 'Listing D1 databases')
  let rows
  try {
    rows = JSON.parse(listed.stdout)
  } catch {
    throw new Error(`wrangler d1 list --json printed no JSON:\n${listed.stdout}`)
  }
  return rows.find((d) => d.name === name)?.uuid ?? null
}

/**
 * A copy of wrangler.toml at `to` with the database id filled in and every path absolute, so
 * wrangler reads the same project from another folder.
 */
export function configWith(root, to, { databaseId: id, main } = {}) {
  let text = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    .replace(/^main = "(.*)"$/m, (_, m) => `main = "${main ?? join(root, m)}"`)
    .replace(/^directory = "(.*)"$/m, (_, d) => `directory = "${join(root, d)}"`)
    .replace(/^migrations_dir = "(.*)"$/m, (_, d) => `migrations_dir = "${join(root, d)}"`)
  if (id) text = text.replace(`database_id = "${PLACEHOLDER_ID}"`, `database_id = "${id}"`)
  mkdirSync(join(to, '..'), { recursive: true })
  writeFileSync(to, text)
  return to
}

/**
 * Makes sure the account has what wrangler.toml binds. Returns the steps taken, each
 * `{ step, created }`, and the config to deploy with.
 */
export function provision(root, configPath, log = console.log) {
  const steps = []
  let id = databaseId(root, DATABASE)
  if (id) steps.push({ step: `D1 database ${DATABASE}`, created: false })
  else {
    log(`Creating the D1 database ${DATABASE}…`)
    must(wrangler(['d1', 'create', DATABASE], { cwd: root }), `wrangler d1 create ${DATABASE}`)
    id = databaseId(root, DATABASE)
    if (!id) throw new Error(`D1 database ${DATABASE} was created but is not listed`)
    steps.push({ step: `D1 database ${DATABASE}`, created: true })
  }
  for (const queue of QUEUES) {
    if (wrangler(['queues', 'info', queue], { cwd: root }).ok) {
      steps.push({ step: `queue ${queue}`, created: false })
      continue
    }
    log(`Creating the queue ${queue}…`)
    must(wrangler(['queues', 'create', queue], { cwd: root }), `wrangler queues create ${queue}`)
    steps.push({ step: `queue ${queue}`, created: true })
  }
  const config = configWith(root, configPath, { databaseId: id })
  log('Applying migrations…')
  const applied = must(
    wrangler(['d1', 'migrations', 'apply', DATABASE, '--remote', '--config', config], { cwd: root }),
    'Applying migrations',
  )
  steps.push({ step: 'migrations', created: !/No migrations to apply/i.test(applied.stdout) })
  return { steps, config }
}

/**
 * Creates ADMIN_TOKEN when the deployed worker has none: 48 random hex characters, returned so
 * the caller prints it once. Null when it exists already (it is never read back).
 */
export function ensureAdminToken(root, config) {
  const listed = wrangler(['secret', 'list', '--format', 'json', '--config', config], { cwd: root })
  let names = []
  try {
    names = listed.ok ? JSON.parse(listed.stdout).map((s) => s.name) : []
  } catch {
    names = []
  }
  if (names.includes('ADMIN_TOKEN')) return null
  const token = randomBytes(24).toString('hex')
  must(
    wrangler(['secret', 'put', 'ADMIN_TOKEN', '--config', config], { cwd: root, input: `${token}\n` }),
    'Setting ADMIN_TOKEN',
  )
  return token
}
