/**
 * The deterministic notice: every sentence rendered from fact data and citing those facts. It is what the
 * `rules` provider publishes, and what a model's notice falls back to when it fails the checker twice.
 */
import { KEY_CONSENT, KEY_IDS, KEY_LOGGED, KEY_QUEUE } from '../../../snippet/src/storage'
import { monthsOf } from './durations'
import { type Fact, type FactSheet, factIndex, type LegalBasis } from './facts'
import type { FaqEntry, Lang, NoticeBody, Sentence } from './notice'
import { bannerLabels, phrasesFor } from './phrases'
import type { ArticleRef } from './phrases-types'

/** "Art. 6(1)(a) GDPR" → { art: 6, para: 1, point: 'a' }. */
export function articleRef(article: string): ArticleRef {
  const m = article.match(/Art\.\s*(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?/)
  return { art: Number(m?.[1] ?? 0), para: m?.[2] ? Number(m[2]) : undefined, point: m?.[3] }
}

export function templateNotice(sheet: FactSheet, lang: Lang): NoticeBody {
  const p = phrasesFor(lang)
  const labels = bannerLabels(lang)
  const facts = factIndex(sheet)
  const get = (id: string): Fact | undefined => facts.get(id)
  const data = (id: string) => get(id)?.data ?? {}
  const say = (text: string, ...ids: string[]): Sentence => ({
    text,
    facts: ids.filter((id) => facts.has(id)),
  })
  const num = (v: unknown) => Number(v)
  const basis = (id: string) =>
    p.why.basis(data(id).basis as LegalBasis, articleRef(String(data(id).article)))

  const mode = data('consent.mode').mode as 'opt-in' | 'cookieless' | 'opt-out'
  const ai = get('profiling.ai')?.data
  const model = typeof ai?.model === 'string' ? ai.model : null
  const aiName = typeof ai?.processor === 'string' ? ai.processor : null
  const events = data('retention.events')
  const storage = (key: string) => `storage.${key}`
  const consentKey = data(storage(KEY_CONSENT))
  const ids = data(storage(KEY_IDS))
  const queue = data(storage(KEY_QUEUE))
  const untilDeletion = sheet.facts.filter(
    (f) => f.id.startsWith('retention.') && f.data.until === 'deletion',
  )
  const profileTables = sheet.facts.filter(
    (f) => f.id.startsWith('retention.') && f.data.until === 'marketing_withdrawn',
  )
  const transfers = data('transfers').processors as string[]
  const controller = data('controller')
  const contact = data('controller.contact').contact as string | null
  const authority = data('rights.complaint').authority as string | null

  const retentionSentence = say(
    p.retention.events(num(events.days), monthsOf(num(events.days))),
    'retention.events',
  )
  const noSale = say(p.why.noSale, 'no_sale')
  const erase = say(p.rights.erase(labels.erase, labels.settings), 'rights.erasure')
  const withdraw = say(p.rights.withdraw(labels.settings), 'rights.withdraw', 'consent.categories')
  const aiSentences =
    model && aiName
      ? [say(p.ai.model(model, aiName), 'profiling.ai'), say(p.ai.neverSent, 'profiling.ai')]
      : [say(p.ai.noModel, 'profiling.ai')]

  const sections: NoticeBody['sections'] = {
    collect: [
      say(p.collect.before[mode], 'consent.mode'),
      say(p.collect.pageview, 'collect.pageview'),
      say(p.collect.request, 'collect.request'),
      say(p.collect.events, 'collect.events', 'consent.categories'),
      say(p.collect.identify, 'collect.identify'),
      say(p.collect.scrubbing, 'collect.scrubbing'),
      ...(facts.has('collect.cookieless_hash')
        ? [
            say(
              p.collect.cookielessHash(num(data('collect.cookieless_hash').saltDays)),
              'collect.cookieless_hash',
              'retention.salts',
            ),
          ]
        : []),
    ],
    why: [
      say(
        p.why.analytics(basis('purpose.analytics'), data('purpose.analytics').objection === true),
        'purpose.analytics',
      ),
      ...(facts.has('purpose.anonymous_counts')
        ? [say(p.why.anonymousCounts(basis('purpose.anonymous_counts')), 'purpose.anonymous_counts')]
        : []),
      say(p.why.marketing(basis('purpose.marketing')), 'purpose.marketing'),
      say(p.why.proof(basis('purpose.proof')), 'purpose.proof'),
      say(p.why.security(basis('purpose.security')), 'purpose.security'),
      noSale,
    ],
    retention: [
      retentionSentence,
      say(p.retention.untilDeletion, ...untilDeletion.map((f) => f.id)),
      say(p.retention.profiles, ...profileTables.map((f) => f.id)),
      say(p.retention.consentLog, 'retention.consent_log'),
      say(p.retention.erasures, 'retention.erasures'),
      say(p.retention.quarantine(num(data('retention.quarantine').days)), 'retention.quarantine'),
      say(p.retention.rollups, 'retention.rollup_daily'),
      say(
        p.retention.choice(
          String(consentKey.key),
          num(consentKey.refusalDays),
          monthsOf(num(consentKey.refusalDays)),
          num(consentKey.grantDays),
          monthsOf(num(consentKey.grantDays)),
        ),
        storage(KEY_CONSENT),
      ),
      say(p.retention.logged(KEY_LOGGED), storage(KEY_LOGGED)),
      say(
        p.retention.ids(
          String(ids.key),
          ids.written === 'first_visit',
          num(ids.days),
          num(ids.sessionIdleMinutes),
        ),
        storage(KEY_IDS),
      ),
      say(
        p.retention.queue(String(queue.key), queue.written === 'first_visit', num(queue.maxEvents)),
        storage(KEY_QUEUE),
      ),
    ],
    recipients: [
      say(p.recipients.cloudflare, 'processor.cloudflare'),
      ...(facts.has('processor.ai')
        ? [
            say(
              p.recipients.ai(String(data('processor.ai').name), String(data('processor.ai').model)),
              'processor.ai',
            ),
          ]
        : []),
      say(p.recipients.transfers(transfers), 'transfers'),
      say(p.recipients.onlyProcessors, 'recipients.only_processors'),
      noSale,
    ],
    ai: [
      say(p.ai.profiling, 'profiling', 'purpose.marketing'),
      ...aiSentences,
      say(p.ai.sensitive, 'profiling.sensitive'),
      say(p.ai.effects(articleRef(String(data('profiling.effects').article))), 'profiling.effects'),
      model ? say(p.ai.questionsModel(model), 'questions') : say(p.ai.questionsRules, 'questions'),
    ],
    rights: [
      withdraw,
      say(p.rights.export(labels.download, labels.settings), 'rights.export'),
      erase,
      say(p.rights.gpc, 'rights.gpc'),
      say(p.rights.other, 'rights.other'),
      say(p.rights.complaint(authority), 'rights.complaint'),
    ],
    contact: [
      say(p.contact.controller(String(controller.name)), 'controller'),
      say(p.contact.contact(contact), 'controller.contact'),
      ...(facts.has('controller.dpo')
        ? [say(p.contact.dpo(String(data('controller.dpo').dpo)), 'controller.dpo')]
        : []),
    ],
  }
  const faq: FaqEntry[] = [
    { question: p.faq.sell, answer: [noSale] },
    { question: p.faq.howLong, answer: [retentionSentence] },
    { question: p.faq.delete, answer: [erase, withdraw] },
    { question: p.faq.ai, answer: aiSentences },
  ]
  return { sections, faq }
}
