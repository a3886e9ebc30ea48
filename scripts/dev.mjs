// npm run dev: build the snippet, migrate and seed the local D1, then serve on http://127.0.0.1:8787.
import { join } from 'node:path'
import {
  applyMigrations,
  buildSnippet,
  ensureDevVars,
  requireNode22,
  root,
  seedDemo,
  startWrangler,
} from './lib/local.mjs'

requireNode22()
const port = Number(process.env.PORT ?? 8787)
buildSnippet()
ensureDevVars()
applyMigrations()
const seed = await seedDemo({
  keyFile: join(root, '.wrangler', 'heed-demo-read-key'),
  ports: [...new Set([8787, port])],
})
console.log(seed.created ? 'Seeded the demo site "demo".' : 'Demo site "demo" already seeded.')
if (seed.key) console.log(`Read API key for "demo": ${seed.key}`)
console.log(`Demo shop: http://127.0.0.1:${port}/demo/   Snippet: http://127.0.0.1:${port}/heed.js`)
startWrangler({ port })
