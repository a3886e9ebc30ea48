/// <reference types="node" />
import { rollup } from 'rollup'
import { beforeAll, describe, expect, it } from 'vitest'
import { sizes } from '../../snippet/measure.mjs'
import configs from '../rollup.config.mjs'

/** Issue #14: the first view's JavaScript (sign-in and the overview) is at most 80 KB gzip. */
const FIRST_VIEW_LIMIT = 80 * 1024

interface Chunk {
  fileName: string
  code: string
  isEntry: boolean
  imports: string[]
  dynamicImports: string[]
}

let chunks: Chunk[] = []
let html = ''

beforeAll(async () => {
  const config = configs[0]!
  const bundle = await rollup({ ...config, logLevel: 'silent' })
  try {
    const { output } = await bundle.generate(config.output)
    chunks = output.filter((f): f is typeof f & Chunk => f.type === 'chunk')
    const page = output.find((f) => f.fileName === 'index.html')
    html = page && page.type === 'asset' ? String(page.source) : ''
  } finally {
    await bundle.close()
  }
}, 120_000)

/** The entry chunk and every chunk it imports statically: what the browser loads before the overview shows. */
function firstView(): Chunk[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]))
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    for (const dep of byName.get(name)?.imports ?? []) visit(dep)
  }
  for (const c of chunks) if (c.isEntry) visit(c.fileName)
  return [...seen].map((n) => byName.get(n)!)
}

describe('dashboard bundle', () => {
  it(`loads at most ${FIRST_VIEW_LIMIT} B gzip of JavaScript for the first view`, () => {
    const first = firstView()
    const gzip = first.reduce((a, c) => a + sizes(c.code).gzip, 0)
    const all = chunks.reduce((a, c) => a + sizes(c.code).gzip, 0)
    console.info(
      `dashboard first view: ${first.map((c) => c.fileName).join(' + ')} = ${gzip} B gzip -9; all views ${all} B`,
    )
    expect(gzip).toBeLessThanOrEqual(FIRST_VIEW_LIMIT)
  })

  it('leaves every view but the overview to a chunk loaded when the view opens', () => {
    const entry = chunks.find((c) => c.isEntry)!
    expect(entry.dynamicImports).toHaveLength(5)
    const first = firstView()
      .map((c) => c.code)
      .join('\n')
    // Headings only those views render.
    for (const marker of ['Bought together', 'Terms without results', 'Suggested action', 'Bots filtered'])
      expect(first, marker).not.toContain(marker)
  })

  it('is served from the worker alone: index.html names only /dashboard/ files, the code no other origin', () => {
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((r) => r !== 'data:,')
    expect(refs.length).toBeGreaterThanOrEqual(2)
    for (const ref of refs) expect(ref).toMatch(/^\/dashboard\/[\w.-]+\.(js|css)$/)
    for (const c of chunks) expect(c.code).not.toMatch(/import\s*\(?\s*["']https?:/)
  })
})
