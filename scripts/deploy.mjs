// npm run deploy [-- --with-demo] [wrangler deploy options]: builds the snippet and the dashboard, stages public/ without the
// browser-test fixtures (and without the demo shop unless --with-demo), then runs `wrangler deploy` on that copy.
// Apply migrations first: npx wrangler d1 migrations apply heed --remote
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { stageAssets } from './lib/deploy-assets.mjs'
import { buildAssets, requireNode22, root } from './lib/local.mjs'

requireNode22()
const args = process.argv.slice(2)
const withDemo = args.includes('--with-demo')
buildAssets()
const assets = join(root, '.wrangler', 'deploy-assets')
stageAssets(join(root, 'public'), assets, { withDemo })
const r = spawnSync(
  join(root, 'node_modules', '.bin', 'wrangler'),
  ['deploy', '--assets', assets, ...args.filter((a) => a !== '--with-demo')],
  { cwd: root, stdio: 'inherit' },
)
process.exit(r.status ?? 1)
