// npm run deploy [-- --with-demo] [-- --dry-run] [-- --no-build] [wrangler deploy options]
//
// One command from a fresh clone (after `npx wrangler login`): builds the snippet and the dashboard, creates the D1
// database and both queues when the account lacks them, applies migrations, uploads the worker with
// public/ (without the browser-test fixtures, and without the demo shop unless --with-demo), and
// creates ADMIN_TOKEN on the first deploy, printing it that one time. Run again, it creates nothing.
// --dry-run touches no account: it builds and bundles into .wrangler/deploy/dist, offline.
// --no-build uploads public/ as the last `npm run build` left it.
import { spawnSync } from 'node:child_process'
import { delimiter, join } from 'node:path'
import { stageAssets } from './lib/deploy-assets.mjs'
import { buildAssets, requireNode22, root } from './lib/local.mjs'
import { ensureAdminToken, provision } from './lib/provision.mjs'

requireNode22()
// The project's own wrangler, unless PATH names one first (`npm run` puts it there anyway).
process.env.PATH = `${process.env.PATH}${delimiter}${join(root, 'node_modules', '.bin')}`
const args = process.argv.slice(2)
const withDemo = args.includes('--with-demo')
const dryRun = args.includes('--dry-run')
const passOn = args.filter((a) => a !== '--with-demo' && a !== '--no-build')

function deploy(extra) {
  const r = spawnSync('wrangler', ['deploy', '--assets', assets, ...extra, ...passOn], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  })
  if (r.error) throw new Error(`wrangler could not be started (${r.error.message}); run npm install first`)
  if (r.status !== 0) process.exit(r.status ?? 1)
}

if (!args.includes('--no-build')) buildAssets()
const work = join(root, '.wrangler', 'deploy')
const assets = join(work, 'assets')
stageAssets(join(root, 'public'), assets, { withDemo })

try {
  if (dryRun) {
    deploy(passOn.includes('--outdir') ? [] : ['--outdir', join(work, 'dist')])
    console.log('\nDry run: nothing was created or uploaded.')
  } else {
    const { steps, config } = provision(root, join(work, 'wrangler.toml'))
    for (const s of steps) console.log(`${s.created ? 'created ' : 'in place'}  ${s.step}`)
    deploy(['--config', config])
    const token = ensureAdminToken(root, config)
    if (token) {
      console.log('\nADMIN_TOKEN was created. Keep it now; it is not shown again:\n')
      console.log(`  ${token}\n`)
      console.log('Create your first site with it: see README.md, "Add Heed to a site".')
    }
  }
} catch (err) {
  console.error(`\n${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
