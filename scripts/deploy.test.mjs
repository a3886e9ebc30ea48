// npm run deploy against a stand-in `wrangler` first on PATH: it records every call and answers like
// wrangler from a small account state (databases, queues, applied migrations, secrets, uploads).
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root } from './lib/local.mjs'

const FAKE_WRANGLER = `#!/usr/bin/env node
const { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } = require('node:fs')
const { randomUUID } = require('node:crypto')
const stateFile = process.env.FAKE_WRANGLER_STATE
const state = existsSync(stateFile)
  ? JSON.parse(readFileSync(stateFile, 'utf8'))
  : { loggedIn: true, databases: [], queues: [], applied: [], secrets: {}, uploads: 0 }
const args = process.argv.slice(2)
appendFileSync(process.env.FAKE_WRANGLER_LOG, JSON.stringify(args) + '\\n')
const save = () => writeFileSync(stateFile, JSON.stringify(state))
const fail = (message) => { process.stderr.write('✘ [ERROR] ' + message + '\\n'); process.exit(1) }
const flag = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1] }
const configOf = () => readFileSync(flag('--config'), 'utf8')
const idIn = (config) => config.match(/^database_id = "([^"]*)"/m)[1]
const heedId = () => state.databases.find((d) => d.name === 'heed')?.uuid
const [a, b, c] = args
if (a === 'deploy' && args.includes('--dry-run')) { console.log('--dry-run: exiting now.'); process.exit(0) }
if (!state.loggedIn) fail('You are not authenticated. Please run \`wrangler login\`.')
if (a === 'd1' && b === 'list') console.log(JSON.stringify(state.databases))
else if (a === 'd1' && b === 'create') {
  state.databases.push({ uuid: randomUUID(), name: c }); save()
  console.log("✅ Successfully created DB '" + c + "'")
} else if (a === 'queues' && b === 'info') {
  if (!state.queues.includes(c)) fail('Queue "' + c + '" does not exist.')
  console.log('Queue Name: ' + c)
} else if (a === 'queues' && b === 'create') {
  if (state.queues.includes(c)) fail('A queue with this name already exists.')
  state.queues.push(c); save(); console.log("✅ Created queue '" + c + "'")
} else if (a === 'd1' && b === 'migrations' && c === 'apply') {
  const config = configOf()
  if (idIn(config) !== heedId()) fail("Couldn't find a D1 DB with the name or binding 'heed'")
  const dir = config.match(/^migrations_dir = "([^"]*)"/m)[1]
  const todo = readdirSync(dir).filter((f) => f.endsWith('.sql') && !state.applied.includes(f))
  if (!todo.length) console.log('✅ No migrations to apply!')
  state.applied.push(...todo); save()
} else if (a === 'deploy') {
  if (idIn(configOf()) !== heedId()) fail('binding DB of type d1 must have a valid \`id\` specified')
  for (const q of ['heed-events', 'heed-events-dlq']) if (!state.queues.includes(q)) fail('Queue "' + q + '" does not exist.')
  state.uploads++; save(); console.log('Deployed heed triggers')
} else if (a === 'secret' && b === 'list') {
  if (!state.uploads) fail('This Worker does not exist on your account.')
  console.log(JSON.stringify(Object.keys(state.secrets).map((name) => ({ name, type: 'secret_text' }))))
} else if (a === 'secret' && b === 'put') {
  state.secrets[c] = readFileSync(0, 'utf8').trim(); save(); console.log('✨ Success! Uploaded secret ' + c)
} else fail('fake wrangler does not know: ' + args.join(' '))
`

function account(state) {
  const dir = mkdtempSync(join(tmpdir(), 'heed-deploy-'))
  const bin = join(dir, 'wrangler')
  writeFileSync(bin, FAKE_WRANGLER)
  chmodSync(bin, 0o755)
  if (state) writeFileSync(join(dir, 'state.json'), JSON.stringify(state))
  const run = (...args) => {
    writeFileSync(join(dir, 'calls.log'), '')
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'deploy.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${dir}${delimiter}${process.env.PATH}`,
        FAKE_WRANGLER_STATE: join(dir, 'state.json'),
        FAKE_WRANGLER_LOG: join(dir, 'calls.log'),
      },
    })
    const calls = readFileSync(join(dir, 'calls.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) =>
        JSON.parse(l)
          .filter((a) => !a.startsWith('/'))
          .join(' '),
      )
    return { status: r.status, out: `${r.stdout}${r.stderr}`, calls }
  }
  const read = () => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))
  return { run, read }
}

const MIGRATIONS = readdirSync(join(root, 'migrations'))
  .filter((f) => f.endsWith('.sql'))
  .sort()

describe('npm run deploy', () => {
  it('gives a fresh account every resource in one run, and a second run creates nothing', () => {
    const cf = account()
    const first = cf.run()
    expect(first.status, first.out).toBe(0)
    expect(first.calls).toEqual([
      'd1 list --json',
      'd1 create heed',
      'd1 list --json',
      'queues info heed-events',
      'queues create heed-events',
      'queues info heed-events-dlq',
      'queues create heed-events-dlq',
      'd1 migrations apply heed --remote --config',
      'deploy --assets --config',
      'secret list --format json --config',
      'secret put ADMIN_TOKEN --config',
    ])
    const after = cf.read()
    expect(after.applied).toEqual(MIGRATIONS)
    expect(after.uploads).toBe(1)
    const token = after.secrets.ADMIN_TOKEN
    expect(token).toMatch(/^[0-9a-f]{48}$/)
    expect(first.out).toContain(token)

    const second = cf.run('--no-build')
    expect(second.status, second.out).toBe(0)
    expect(second.calls).toEqual([
      'd1 list --json',
      'queues info heed-events',
      'queues info heed-events-dlq',
      'd1 migrations apply heed --remote --config',
      'deploy --assets --config',
      'secret list --format json --config',
    ])
    expect(second.out).not.toContain(token)
    expect(cf.read().secrets.ADMIN_TOKEN).toBe(token)
    expect(cf.read().databases).toHaveLength(1)
  }, 120_000)

  it('--dry-run builds and bundles without asking the account anything', () => {
    const cf = account({ loggedIn: false, databases: [], queues: [], applied: [], secrets: {}, uploads: 0 })
    const r = cf.run('--dry-run', '--no-build')
    expect(r.status, r.out).toBe(0)
    expect(r.calls).toEqual(['deploy --assets --outdir --dry-run'])
    expect(r.out).toContain('Dry run: nothing was created or uploaded.')
  }, 120_000)

  it('tells someone who is not logged in what to run, and changes nothing', () => {
    const cf = account({ loggedIn: false, databases: [], queues: [], applied: [], secrets: {}, uploads: 0 })
    const r = cf.run('--no-build')
    expect(r.status).toBe(1)
    expect(r.out).toContain('Log in first: npx wrangler login')
    expect(r.calls).toEqual(['d1 list --json'])
    expect(cf.read().uploads).toBe(0)
  }, 120_000)
})
