/**
 * What changed between two notice versions: the facts (added, removed, changed data) and, in one language,
 * the sentences of each section and of the FAQ that appear in only one of them.
 */
import type { Fact, FactValue } from './facts'
import { type Lang, SECTION_IDS, type SectionId } from './notice'
import type { NoticeVersion } from './store'

export interface VersionDiff {
  from: string
  to: string
  lang: Lang
  facts: {
    added: Fact[]
    removed: Fact[]
    changed: { id: string; before: Record<string, FactValue>; after: Record<string, FactValue> }[]
  }
  text: Record<SectionId | 'faq', { added: string[]; removed: string[] }>
}

const faqLines = (v: NoticeVersion, lang: Lang) =>
  (v.notices[lang]?.body.faq ?? []).flatMap((f) => [f.question, ...f.answer.map((a) => a.text)])

const sectionLines = (v: NoticeVersion, lang: Lang, id: SectionId) =>
  (v.notices[lang]?.body.sections[id] ?? []).map((s) => s.text)

function lineDiff(before: string[], after: string[]) {
  const was = new Set(before)
  const is = new Set(after)
  return { added: after.filter((l) => !was.has(l)), removed: before.filter((l) => !is.has(l)) }
}

export function diffVersions(from: NoticeVersion, to: NoticeVersion, lang: Lang): VersionDiff {
  const before = new Map(from.facts.map((f) => [f.id, f]))
  const after = new Map(to.facts.map((f) => [f.id, f]))
  const text = Object.fromEntries([
    ...SECTION_IDS.map((id) => [id, lineDiff(sectionLines(from, lang, id), sectionLines(to, lang, id))]),
    ['faq', lineDiff(faqLines(from, lang), faqLines(to, lang))],
  ]) as VersionDiff['text']
  return {
    from: from.version,
    to: to.version,
    lang,
    facts: {
      added: to.facts.filter((f) => !before.has(f.id)),
      removed: from.facts.filter((f) => !after.has(f.id)),
      changed: to.facts.flatMap((f) => {
        const old = before.get(f.id)
        return old && JSON.stringify(old.data) !== JSON.stringify(f.data)
          ? [{ id: f.id, before: old.data, after: f.data }]
          : []
      }),
    },
    text,
  }
}
