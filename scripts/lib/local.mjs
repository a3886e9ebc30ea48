// Helpers for the local stack: Node 22 check, .dev.vars, migrations, demo seed, wrangler dev.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const wranglerBin = join(root, 'node_modules', '.bin', 'wrangler')

export function requireNode22() {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 22) {
    console.error(`Heed needs Node >= 22 (wrangler refuses older); this is ${process.version}.`)
    console.error(
      'Install it with: npm install --prefix ~/.cache/node22 node@22 && export PATH=~/.cache/node22/node_modules/.bin:$PATH',
    )
    process.exit(1)
  }
}

/** The e2e server's ADMIN_TOKEN (its own D1, never a deployed one); long enough for the admin API. */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef'

/**
 * Creates `dir`/.dev.vars from .dev.vars.example with a random ADMIN_TOKEN when it is missing, and
 * warns when the token there is one the worker refuses; returns the vars.
 */
export async function ensureDevVars(dir = root) {
  const file = join(dir, '.dev.vars')
  if (!existsSync(file)) {
    const example = readFileSync(join(dir, '.dev.vars.example'), 'utf8')
    // Optional secrets stay commented out until set: an empty value is still a defined variable,
    // and the worker tests read .dev.vars too.
    writeFileSync(
      file,
      example
        .replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${randomBytes(24).toString('hex')}`)
        .replace(/^([A-Z_]+)=$/gm, '# $1='),
    )
    console.log('Created .dev.vars with a random ADMIN_TOKEN')
  }
  const vars = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  )
  // Imported here, not at the top: see seedDemo.
  const { adminTokenWeakness } = await import('../../worker/src/auth/admin-token.ts')
  const weakness = vars.ADMIN_TOKEN
    ? adminTokenWeakness(vars.ADMIN_TOKEN)
    : 'ADMIN_TOKEN is empty, so no one can create sites'
  if (weakness) {
    console.warn(`Warning: ${weakness}; the admin API stays closed until it is replaced.`)
    console.warn('         Delete .dev.vars and run npm run dev again to get a random one.')
  }
  return vars
}

export function wrangler(args, { persistTo, quiet = true } = {}) {
  const full = persistTo ? [...args, '--persist-to', persistTo] : args
  const r = spawnSync(wranglerBin, full, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } })
  if (r.status !== 0) {
    throw new Error(`wrangler ${full.join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
  }
  if (!quiet) process.stdout.write(r.stdout)
  return r.stdout
}

export function applyMigrations(persistTo) {
  wrangler(['d1', 'migrations', 'apply', 'heed', '--local'], { persistTo })
}

export function sql(command, persistTo) {
  const out = wrangler(['d1', 'execute', 'heed', '--local', '--json', '--command', command], { persistTo })
  return JSON.parse(out)[0]?.results ?? []
}

const quote = (s) => `'${String(s).replaceAll("'", "''")}'`

/**
 * Seeds the demo site once (allowed origins localhost and 127.0.0.1) with a read key.
 * The key is shown once by design; for local convenience it is also kept in `keyFile`, which
 * belongs inside the state folder so that wiping the state also forgets the key.
 * With the key file present nothing runs; otherwise one wrangler call inserts the site unless it
 * exists (RETURNING tells which) and a new read key.
 */
export async function seedDemo({ persistTo, keyFile, ports = [8787] } = {}) {
  if (keyFile && existsSync(keyFile)) return { created: false, key: readFileSync(keyFile, 'utf8').trim() }
  const now = Date.now()
  const origins = ports.flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`])
  // Imported here, not at the top: Node < 22 cannot load .ts files, and requireNode22() must get
  // to say so first instead of an ERR_UNKNOWN_FILE_EXTENSION stack.
  const { generateApiKey } = await import('../../worker/src/auth/api-key.ts')
  const { key, prefix, hash } = await generateApiKey()
  const inserted = sql(
    `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
     VALUES ('demo', 'Heed demo shop', ${quote(JSON.stringify(['localhost', '127.0.0.1']))}, ${quote(JSON.stringify(origins))},
             'EUR', 'Europe/Berlin', 395, 'opt-in', '{}', ${now}, ${now})
     ON CONFLICT (id) DO NOTHING RETURNING id;
     INSERT INTO api_keys (id, site_id, name, prefix, hash, scopes, created_at)
     VALUES (${quote(randomUUID())}, 'demo', 'demo read key', ${quote(prefix)}, ${quote(hash)}, '["read"]', ${now});`,
    persistTo,
  )
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true })
    writeFileSync(keyFile, `${key}\n`)
  }
  return { created: inserted.length > 0, key }
}

// rollup.config.mjs: the snippet and the dashboard.
const rollup = [join(root, 'node_modules', '.bin', 'rollup'), ['-c', 'rollup.config.mjs', '--silent']]

/** Builds public/'s assets in the background (so migrations can run meanwhile); resolves when done. */
export function startAssetBuild() {
  return new Promise((resolve, reject) => {
    const child = spawn(...rollup, { cwd: root, stdio: 'inherit' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('asset build failed'))))
  })
}

export function buildAssets() {
  const r = spawnSync(...rollup, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('asset build failed')
}

/** Starts `wrangler dev`; returns the child. Signals are forwarded so Ctrl-C leaves nothing behind. */
export function startWrangler({ port = 8787, persistTo, extraArgs = [] } = {}) {
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--test-scheduled',
    '--show-interactive-dev-session=false',
    ...extraArgs,
  ]
  if (persistTo) args.push('--persist-to', persistTo)
  const child = spawn(wranglerBin, args, {
    cwd: root,
    stdio: 'inherit',
    // Offline, miniflare's lookup of the `Request.cf` placeholder fails after 3 s with a stack trace
    // that looks like a crash; the built-in placeholder is what it falls back to anyway.
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false' },
  })
  const stop = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => stop(s))
  process.on('exit', () => stop('SIGTERM'))
  // npm does not pass a SIGTERM on to its script: when our parent goes away, stop wrangler too,
  // so killing `npm run dev` never leaves workerd behind.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM')
  }, 1000).unref()
  child.on('exit', (code) => process.exit(code ?? 0))
  return child
}
