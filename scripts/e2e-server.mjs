// The e2e suite's server: a fresh local D1 in its own folder, migrated and seeded, then `wrangler dev`.
// Tests get their own state, so they never touch the data of `npm run dev`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  applyMigrations,
  E2E_ADMIN_TOKEN,
  requireNode22,
  root,
  seedDemo,
  startAssetBuild,
  startWrangler,
} from './lib/local.mjs'

requireNode22()
const port = Number(process.env.HEED_E2E_PORT ?? 8788)
const persistTo = join(root, '.wrangler', `e2e-state-${port}`)
rmSync(persistTo, { recursive: true, force: true })
const build = process.env.HEED_SKIP_BUILD === '1' ? null : startAssetBuild()
applyMigrations(persistTo)
await seedDemo({ persistTo, keyFile: join(persistTo, 'demo-read-key'), ports: [port] })
await build
// Secrets come from this file only: with --env-file wrangler skips the developer's .dev.vars,
// so the e2e stack is the same on a laptop after `npm run dev` as on a clean CI clone.
const envFile = join(persistTo, 'e2e.env')
mkdirSync(persistTo, { recursive: true })
writeFileSync(envFile, `ADMIN_TOKEN=${E2E_ADMIN_TOKEN}\n`)
startWrangler({
  port,
  persistTo,
  extraArgs: ['--env-file', envFile, '--log-level', process.env.HEED_E2E_LOG ?? 'warn'],
})
