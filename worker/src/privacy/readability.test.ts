import { describe, expect, it } from 'vitest'
import { readability } from './readability'

describe('readability per language family', () => {
  it('Latin script: LIX is words per sentence plus the percentage of words over six letters', () => {
    // 8 words in 2 sentences, 3 of them long (visitors, Analytics, consent): 8 / 2 + 100 × 3 / 8 = 41.5.
    expect(readability(['We count visitors.', 'Analytics needs your consent now.'], 'en')).toEqual({
      family: 'latin',
      measure: 'lix',
      value: 41.5,
      limit: 50,
      longest: 5,
      longestLimit: 35,
      ok: true,
    })
  })

  it('rejects official prose', () => {
    const legalese =
      'Die Verarbeitung personenbezogener Daten erfolgt auf Grundlage berechtigter Interessen gemäß einschlägiger datenschutzrechtlicher Bestimmungen unter Berücksichtigung sämtlicher Interessenabwägungsgesichtspunkte sowie unter Beachtung der Verhältnismäßigkeit, Zweckbindung und Datenminimierung, soweit nicht überwiegende schutzwürdige Belange betroffener Personen entgegenstehen oder gesetzliche Aufbewahrungspflichten bestehen.'
    const r = readability([legalese], 'de')
    expect(r.ok).toBe(false)
    expect(r.value).toBeGreaterThan(r.limit)
  })

  it('Chinese and Japanese: characters per sentence, without spaces or punctuation', () => {
    // 10 and 9 characters; the full stops do not count.
    expect(readability(['我们绝不出售您的数据。', 'データを売りません。'], 'zh-CN')).toMatchObject({
      family: 'cjk',
      value: 9.5,
      longest: 10,
      ok: true,
    })
    const long = '我'.repeat(100)
    expect(readability([long], 'ja').ok).toBe(false)
  })

  it('Korean: words between spaces per sentence', () => {
    expect(readability(['정보를 절대 판매하지 않습니다.'], 'ko')).toMatchObject({
      family: 'hangul',
      value: 4,
      ok: true,
    })
  })
})
