import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stageAssets } from './deploy-assets.mjs'

/** A public/ folder in miniature: the snippet at the top, the demo shop and the test fixtures below. */
function fakePublic() {
  const dir = mkdtempSync(join(tmpdir(), 'heed-public-'))
  for (const f of [
    'heed.js',
    'heed-consent.js',
    'demo/index.html',
    'demo/shop.js',
    'test/snippet/page.html',
  ]) {
    mkdirSync(join(dir, f, '..'), { recursive: true })
    writeFileSync(join(dir, f), f)
  }
  // A file whose name only starts like a dev-only folder is kept.
  writeFileSync(join(dir, 'testimonials.html'), 'kept')
  return dir
}

const tree = (dir, prefix = '') =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? tree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort()

describe('the assets a deployed worker serves', () => {
  it('leave out the browser-test fixtures and the demo shop', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'heed-staged-')), 'assets')
    stageAssets(fakePublic(), out)
    expect(tree(out)).toEqual(['heed-consent.js', 'heed.js', 'testimonials.html'])
  })

  it('keep the demo shop when asked for, never the fixtures; a second run starts from scratch', () => {
    const from = fakePublic()
    const out = join(mkdtempSync(join(tmpdir(), 'heed-staged-')), 'assets')
    stageAssets(from, out)
    stageAssets(from, out, { withDemo: true })
    expect(tree(out)).toEqual([
      'demo/index.html',
      'demo/shop.js',
      'heed-consent.js',
      'heed.js',
      'testimonials.html',
    ])
  })
})
