// What a deployed worker serves from public/: everything but the browser-test fixtures (public/test/),
// and the demo shop (public/demo/) only when asked for. `npm run dev` and the e2e suite serve all of public/.
import { cpSync, rmSync } from 'node:fs'
import { relative, sep } from 'node:path'

/** Top-level folders of public/ that stay on the developer's machine. */
export const devOnly = ({ withDemo = false } = {}) => (withDemo ? ['test'] : ['test', 'demo'])

/** Copies `from` to a fresh `to`, without the dev-only folders. */
export function stageAssets(from, to, opts = {}) {
  const skip = devOnly(opts)
  rmSync(to, { recursive: true, force: true })
  cpSync(from, to, {
    recursive: true,
    filter: (src) => !skip.includes(relative(from, src).split(sep)[0]),
  })
}
