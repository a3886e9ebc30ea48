import { describe, expect, it } from 'vitest'
import { LANGS, pickLang } from './lang'
import de from './lang/de.json'
import en from './lang/en.json'
import es from './lang/es.json'
import fr from './lang/fr.json'
import it_ from './lang/it.json'
import ja from './lang/ja.json'
import ko from './lang/ko.json'
import pt from './lang/pt.json'
import zhCN from './lang/zh-CN.json'
import zhTW from './lang/zh-TW.json'

const files: Record<string, Record<string, string>> = {
  en,
  de,
  es,
  fr,
  it: it_,
  ja,
  ko,
  pt,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
}

describe('pickLang', () => {
  it.each([
    [['de-AT'], 'de'],
    [['zh-Hans-CN'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['zh-TW'], 'zh-TW'],
    [['zh-HK'], 'zh-TW'],
    [['pt-BR'], 'pt'],
    [['ar', 'fr-CA'], 'fr'], // the first supported candidate wins
    [[undefined, '', 'ja'], 'ja'],
    [['xx'], 'en'],
  ])('%j → %s', (candidates, expected) => {
    expect(pickLang(candidates)).toBe(expected)
  })
})

describe('language files', () => {
  it('exist for exactly the ten languages, each with every key, the {ai} placeholder, processors and retention', () => {
    expect(Object.keys(files).sort()).toEqual([...LANGS].sort())
    for (const [lang, strings] of Object.entries(files)) {
      expect(Object.keys(strings), lang).toEqual(Object.keys(en))
      expect(strings.d, lang).toContain('{ai}')
      expect(strings.d, lang).toContain('Cloudflare')
      expect(strings.d, lang).toMatch(/13/)
    }
  })
})
