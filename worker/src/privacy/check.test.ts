import { beforeAll, describe, expect, it } from 'vitest'
import { siteRow } from '../../test/site-row'
import { checkNotice, checkSentence, checkSentences } from './check'
import { buildFactSheet, type FactSheet } from './facts'
import type { Lang, NoticeBody } from './notice'
import { templateNotice } from './template'

const site = (settings: Record<string, unknown> = {}) => siteRow({ id: 'check', settings })

let sheet: FactSheet
let owned: FactSheet
beforeAll(async () => {
  sheet = await buildFactSheet(site(), { AI_PROVIDER: 'rules' })
  owned = await buildFactSheet(
    site({ privacy: { controller: { name: 'Shop 24 GmbH', contact: 'privacy@shop24.example' } } }),
    { AI_PROVIDER: 'rules' },
  )
})

const one = (text: string, facts: string[], lang: Lang = 'en', on = sheet) =>
  checkSentence({ text, facts }, 'x', on, lang).map((p) => `${p.code}:${p.detail}`)

describe('each sentence states only what the facts it cites say', () => {
  it('rejects a sentence that cites nothing, or a fact that does not exist', () => {
    expect(one('We never sell your data.', [])).toEqual([
      'no_citation:We never sell your data.',
      'unsupported_purpose:sale',
    ])
    expect(one('We never sell your data.', ['no_sale', 'sale.never'])).toEqual(['unknown_fact:sale.never'])
  })

  it('rejects invented recipients, purposes and storage keys', () => {
    expect(one('We share your data with Google for advertising.', ['recipients.only_processors'])).toEqual([
      'unsupported_processor:Google',
      'unsupported_purpose:advertising',
    ])
    expect(one('heed_track remembers you for ads.', ['storage.heed_id'])).toEqual([
      'unsupported_key:heed_track',
      'unsupported_purpose:advertising',
    ])
    // Cloudflare is a processor, but not one the retention fact names.
    expect(one('Cloudflare deletes events after 395 days.', ['retention.events'])).toEqual([
      'unsupported_processor:Cloudflare',
    ])
    expect(
      one('Cloudflare deletes events after 395 days.', ['retention.events', 'processor.cloudflare']),
    ).toEqual([])
  })

  it('rejects a sentence that turns a negative fact around', () => {
    expect(one('We sell your data.', ['no_sale'])).toEqual(['contradicts_fact:sale'])
    expect(one('We never sell your data.', ['no_sale'])).toEqual([])
    expect(one('Wir verkaufen Ihre Daten.', ['no_sale'], 'de')).toEqual(['contradicts_fact:sale'])
    expect(one('Wir verkaufen Ihre Daten nie.', ['no_sale'], 'de')).toEqual([])
    expect(one('我们出售您的数据。', ['no_sale'], 'zh-CN')).toEqual(['contradicts_fact:sale'])
    expect(one('データを販売します。', ['no_sale'], 'ja')).toEqual(['contradicts_fact:sale'])
  })

  it('rejects wrong numbers and durations, in every script', () => {
    expect(one('We delete events after 90 days.', ['retention.events'])).toEqual([
      'unsupported_number:90',
      'unsupported_duration:90 day',
    ])
    // 395 days is 13 months, not 13 days.
    expect(one('We delete events after 13 months.', ['retention.events'])).toEqual([])
    expect(one('We delete events after 13 days.', ['retention.events'])).toEqual([
      'unsupported_duration:13 day',
    ])
    expect(one('We delete events after thirteen days.', ['retention.events'])).toEqual([
      'unsupported_duration:13 day',
    ])
    expect(one('Wir löschen Ereignisse nach 90 Tagen.', ['retention.events'], 'de')).toEqual([
      'unsupported_number:90',
      'unsupported_duration:90 day',
    ])
    expect(one('Nous gardons vos données 2 ans.', ['retention.events'], 'fr')).toEqual([
      'unsupported_number:2',
      'unsupported_duration:2 year',
    ])
    expect(one('イベントは90日後に削除します。', ['retention.events'], 'ja')).toEqual([
      'unsupported_number:90',
      'unsupported_duration:90 day',
    ])
    expect(one('事件保存三十天。', ['retention.events'], 'zh-CN')).toEqual(['unsupported_duration:30 day'])
    expect(one('事件保存十三个月。', ['retention.events'], 'zh-CN')).toEqual([])
    expect(one('이벤트는 90일 뒤 삭제합니다.', ['retention.events'], 'ko')).toEqual([
      'unsupported_number:90',
      'unsupported_duration:90 day',
    ])
    expect(one('We keep up to 1,000 events that could not be sent.', ['storage.heed_q'])).toEqual([
      'unsupported_number:1000',
    ])
  })

  it('lets the owner’s own text through as written, but nothing outside it', () => {
    expect(one('Shop 24 GmbH is responsible.', ['controller'], 'en', owned)).toEqual([])
    expect(one('Shop 24 GmbH keeps your data for 24 days.', ['controller'], 'en', owned)).toEqual([
      'unsupported_number:24',
      'unsupported_duration:24 day',
    ])
    expect(one('Contact: privacy@shop24.example.', ['controller.contact'], 'en', owned)).toEqual([])
    expect(one('Contact: ceo@shop24.example.', ['controller.contact'], 'en', owned)).toEqual([
      'unsupported_address:ceo@shop24.example',
    ])
  })

  it('checks answers without asking them to cover every item', () => {
    expect(checkSentences([{ text: 'We never sell your data.', facts: ['no_sale'] }], sheet, 'en')).toEqual({
      ok: true,
      problems: [],
    })
  })
})

describe('a notice covers every item GDPR Art. 13 requires', () => {
  const without = (body: NoticeBody, drop: (facts: string[]) => boolean): NoticeBody => ({
    sections: Object.fromEntries(
      Object.entries(body.sections).map(([id, sentences]) => [id, sentences.filter((s) => !drop(s.facts))]),
    ) as NoticeBody['sections'],
    faq: body.faq.filter((f) => !f.answer.some((a) => drop(a.facts))),
  })

  it('the template passes; dropping the complaint or the controller is caught', () => {
    const body = templateNotice(sheet, 'en')
    expect(checkNotice(body, sheet, 'en')).toEqual({ ok: true, problems: [] })
    expect(
      checkNotice(
        without(body, (f) => f.includes('rights.complaint')),
        sheet,
        'en',
      ).problems,
    ).toEqual([{ code: 'missing_item', where: 'complaint', detail: 'complaint' }])
    const noContact = without(body, (f) => f.some((id) => id.startsWith('controller')))
    expect(checkNotice(noContact, sheet, 'en').problems).toEqual([
      { code: 'missing_item', where: 'controller', detail: 'controller' },
    ])
  })

  it('a notice with nothing in it misses all nine items', () => {
    const empty: NoticeBody = {
      sections: { collect: [], why: [], retention: [], recipients: [], ai: [], rights: [], contact: [] },
      faq: [],
    }
    expect(checkNotice(empty, sheet, 'en').problems.map((p) => p.where)).toEqual([
      'controller',
      'purposes',
      'legal_bases',
      'recipients',
      'retention',
      'rights',
      'withdrawal',
      'complaint',
      'profiling',
    ])
  })
})
