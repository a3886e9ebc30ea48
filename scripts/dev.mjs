// npm run dev: build the snippet and the dashboard, migrate and seed the local D1, then serve on http://127.0.0.1:8787.
// Data lives in .wrangler/state and survives restarts; delete that folder to start over.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  applyMigrations,
  ensureDevVars,
  requireNode22,
  root,
  seedDemo,
  startAssetBuild,
  startWrangler,
} from './lib/local.mjs'

requireNode22()
const port = Number(process.env.PORT ?? 8787)
// The assets build while wrangler migrates and seeds: on two cores that saves seconds.
const build = startAssetBuild()
await ensureDevVars()
applyMigrations()
const keyFile = join(root, '.wrangler', 'state', 'heed-demo-read-key')
const hadKey = existsSync(keyFile)
const seed = await seedDemo({ keyFile, ports: [...new Set([8787, port])] })
if (seed.created) console.log('Seeded the demo site "demo".')
else if (hadKey) console.log('Demo site "demo" already seeded.')
else
  console.log(
    'Demo site "demo" already seeded; its earlier read key was not kept here, so here is a new one.',
  )
console.log(`Read API key for "demo": ${seed.key}`)
console.log(`Dashboard: http://127.0.0.1:${port}/dashboard/  (sign in with the read key above)`)
await build
console.log(`Demo shop: http://127.0.0.1:${port}/demo/   Snippet: http://127.0.0.1:${port}/heed.js`)
console.log('Admin token: ADMIN_TOKEN in .dev.vars')
startWrangler({ port })
