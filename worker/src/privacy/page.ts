/**
 * The notice as a page and as JSON. The page is self-contained (one inline stylesheet allowed by its hash,
 * no script, no third-party resource), in the visitor's language, with a storage declaration table built
 * from the storage facts and a form to ask a question that works without JavaScript.
 */
import type { Fact } from './facts'
import { type Lang, LANGS, type NoticeBody, SECTION_IDS, type Sentence } from './notice'
import { phrasesFor } from './phrases'
import type { NoticeVersion } from './store'
import type { Answer } from './ask'

/** Each language named in itself, for the language links. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  it: 'Italiano',
  ja: '日本語',
  ko: '한국어',
  pt: 'Português',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

// Colours meet WCAG AA (at least 4.5:1) on both schemes; focus is always visible.
export const PAGE_CSS = `:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#4a5563;--line:#d0d7de;--link:#0b57d0;--focus:#b45309}
@media (prefers-color-scheme:dark){:root{--bg:#14181d;--fg:#eef1f4;--muted:#b8c1cc;--line:#3b444f;--link:#8ab4ff;--focus:#fbbf24}}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.6 system-ui,sans-serif}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.7rem;line-height:1.25}h2{font-size:1.3rem;margin-top:2.2rem}h3{font-size:1.05rem;margin-bottom:.25rem}
a{color:var(--link)}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.meta,.hint{color:var(--muted);font-size:.92rem}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}caption{text-align:left;color:var(--muted);padding-bottom:.4rem}
th,td{border:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}code{font-size:.95em}
label{display:block;font-weight:600}textarea{display:block;width:100%;box-sizing:border-box;font:inherit;margin:.4rem 0;padding:.4rem;color:var(--fg);background:var(--bg);border:1px solid var(--muted)}
button{font:inherit;padding:.45rem 1.1rem;border:2px solid var(--link);background:var(--link);color:var(--bg);border-radius:4px;cursor:pointer}
.answer{border-left:4px solid var(--link);padding:.2rem 1rem;margin:1rem 0}`

/** A row of the storage declaration: what heed.js keeps on the device, from the storage facts. */
export interface StorageRow {
  key: string
  holds: string
  written: string
  lifetime: string
  facts: string[]
}

export function storageRows(facts: Fact[], lang: Lang): StorageRow[] {
  const p = phrasesFor(lang).page
  return facts
    .filter((f) => f.topics.includes('storage') && typeof f.data.key === 'string')
    .map((f) => {
      const d = f.data
      const holds = d.holds as keyof typeof p.holds
      const lifetime =
        holds === 'choice'
          ? p.lifetime.choice(Number(d.refusalDays), Number(d.grantDays))
          : holds === 'ids'
            ? p.lifetime.ids(Number(d.days), Number(d.sessionIdleMinutes))
            : holds === 'unsent_events'
              ? p.lifetime.untilSent(Number(d.maxEvents))
              : p.lifetime.untilNextChoice
      return {
        key: String(d.key),
        holds: p.holds[holds] ?? holds,
        written: p.written[d.written as keyof typeof p.written] ?? String(d.written),
        lifetime,
        facts: [f.id],
      }
    })
}

/** The notice with its citations, for GET /privacy/{site}.json. */
export function noticeJson(siteId: string, version: NoticeVersion, lang: Lang) {
  const stored = version.notices[lang] ?? version.notices.en
  const body = stored?.body as NoticeBody
  const p = phrasesFor(lang)
  return {
    site: siteId,
    version: version.version,
    published_at: version.publishedAt,
    lang,
    languages: LANGS.filter((l) => version.notices[l]),
    written_by: stored?.source === 'template' ? 'template' : version.model,
    sections: SECTION_IDS.map((id) => ({ id, title: p.sections[id], sentences: body.sections[id] })),
    faq: body.faq,
    storage: storageRows(version.facts, lang),
    facts: version.facts.map((f) => ({ id: f.id, topics: f.topics, data: f.data })),
  }
}

const sentence = (s: Sentence) => `<span data-facts="${esc(s.facts.join(' '))}">${esc(s.text)}</span>`
const paragraph = (sentences: Sentence[]) => `<p>${sentences.map(sentence).join(' ')}</p>`

/** The answer block shown above the form after a question was asked without JavaScript. */
function answerHtml(answer: Answer, lang: Lang): string {
  const p = phrasesFor(lang).page
  const text = answer.on_topic ? paragraph(answer.sentences) : `<p>${esc(p.ask.refused)}</p>`
  const action = answer.action
    ? `<p><strong data-action="${esc(answer.action.kind)}">${esc(answer.action.label)}</strong>: ${esc(answer.action.how)}</p>`
    : ''
  return `<section class="answer" aria-labelledby="answer-title" role="status"><h3 id="answer-title">${esc(p.ask.answer)}</h3>${text}${action}</section>`
}

export interface PageInput {
  siteId: string
  /** Who the notice is about: the controller's name. */
  title: string
  version: NoticeVersion
  lang: Lang
  /** The question asked through the form, with its answer. */
  asked?: { question: string; answer: Answer }
}

export function noticePage({ siteId, title, version, lang, asked }: PageInput): string {
  const p = phrasesFor(lang)
  const json = noticeJson(siteId, version, lang)
  const published = version.publishedAt ? new Date(version.publishedAt).toISOString().slice(0, 10) : ''
  const site = encodeURIComponent(siteId)
  const languages = json.languages
    .map((l) =>
      l === lang
        ? `<li><a href="?lang=${l}" hreflang="${l}" lang="${l}" aria-current="page">${esc(LANGUAGE_NAMES[l])}</a></li>`
        : `<li><a href="?lang=${l}" hreflang="${l}" lang="${l}">${esc(LANGUAGE_NAMES[l])}</a></li>`,
    )
    .join('')
  const sections = json.sections
    .map((s) => {
      const table =
        s.id === 'retention' && json.storage.length
          ? `<h3 id="storage">${esc(p.page.storage)}</h3><table><caption>${esc(p.page.storageCaption)}</caption><thead><tr><th scope="col">${esc(p.page.columns.key)}</th><th scope="col">${esc(p.page.columns.holds)}</th><th scope="col">${esc(p.page.columns.written)}</th><th scope="col">${esc(p.page.columns.lifetime)}</th></tr></thead><tbody>${json.storage
              .map(
                (r) =>
                  `<tr data-facts="${esc(r.facts.join(' '))}"><th scope="row"><code>${esc(r.key)}</code></th><td>${esc(r.holds)}</td><td>${esc(r.written)}</td><td>${esc(r.lifetime)}</td></tr>`,
              )
              .join('')}</tbody></table>`
          : ''
      return `<section aria-labelledby="s-${s.id}"><h2 id="s-${s.id}">${esc(s.title)}</h2>${paragraph(s.sentences)}${table}</section>`
    })
    .join('')
  const faq = json.faq.map((f) => `<h3>${esc(f.question)}</h3>${paragraph(f.answer)}`).join('')
  const form = `<section aria-labelledby="ask-title"><h2 id="ask-title">${esc(p.page.ask.title)}</h2>${
    asked ? answerHtml(asked.answer, lang) : ''
  }<form method="post" action="/privacy/${site}/ask?lang=${lang}"><label for="question">${esc(
    p.page.ask.label,
  )}</label><textarea id="question" name="question" rows="3" maxlength="500" required aria-describedby="ask-hint">${esc(
    asked?.question ?? '',
  )}</textarea><p id="ask-hint" class="hint">${esc(p.page.ask.hint)}</p><button type="submit">${esc(
    p.page.ask.submit,
  )}</button></form></section>`
  return `<!doctype html><html lang="${lang}" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(
    p.page.title(title),
  )}</title><style>${PAGE_CSS}</style></head><body><main><h1>${esc(p.page.title(title))}</h1><p class="meta">${esc(
    p.page.version(version.version, published),
  )}</p><nav aria-label="${esc(p.page.languages)}"><ul>${languages}</ul></nav>${sections}<section aria-labelledby="faq-title"><h2 id="faq-title">${esc(
    p.page.faq,
  )}</h2>${faq}</section>${form}</main></body></html>`
}
