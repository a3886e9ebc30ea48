/// <reference types="node" />
import { beforeAll, describe, expect, it } from 'vitest'
import { build, gzipSize } from '../measure.mjs'
import { LANGS } from '../src/banner/lang'

/**
 * The banner's budget: what a banner visitor downloads — heed-consent.js (its JS and, inside it, its
 * CSS) plus one heed-consent-<lang>.js — is at most 4,096 B gzip -9, for every language.
 * Which files a browser really loads is pinned by e2e/consent-size.spec.ts.
 */
const BUDGET = 4096

describe('heed-consent.js size', () => {
  let chunk = 0
  let files: Record<string, string> = {}
  const lang = (l: string) => `heed-consent-${l}.js`
  beforeAll(async () => {
    const built = await build('snippet/src/banner/index.ts')
    chunk = gzipSize(built.code)
    files = built.files
    const sizes = Object.fromEntries(LANGS.map((l) => [l, gzipSize(files[lang(l)] ?? '')]))
    console.info(`heed-consent.js: ${chunk} B gzip -9; languages ${JSON.stringify(sizes)}`)
  }, 60_000)

  it('is built with one language script for each banner language, and nothing else', () => {
    expect(Object.keys(files).sort()).toEqual(['heed-consent.js', ...LANGS.map(lang)].sort())
  })

  it.each(LANGS)(`with %s stays within ${BUDGET} B gzip`, (l) => {
    const strings = files[lang(l)]
    expect(strings).toMatch(/^document\.currentScript\.t=\{/)
    expect(chunk + gzipSize(strings!)).toBeLessThanOrEqual(BUDGET)
  })
})
