/**
 * The shape of a privacy notice, whoever wrote it (the template or a model): fixed sections of sentences,
 * each citing the facts it states, and a short FAQ.
 */
import { z } from 'zod'
import { LANGS, type Lang } from '../../../snippet/src/banner/langs'

export { LANGS, type Lang }

/** What we collect, why, how long, who else, AI and profiling, your choices and rights, contact. */
export const SECTION_IDS = ['collect', 'why', 'retention', 'recipients', 'ai', 'rights', 'contact'] as const
export type SectionId = (typeof SECTION_IDS)[number]

export const MAX_SENTENCE_CHARS = 400

/** A sentence and the ids of the facts it states; `factIds` narrows the ids to one sheet's. */
export const sentenceSchema = (factIds: readonly [string, ...string[]] | null = null) =>
  z.object({
    text: z.string().min(1).max(MAX_SENTENCE_CHARS),
    facts: z.array(factIds ? z.enum(factIds) : z.string().max(64)).max(8),
  })

export type Sentence = { text: string; facts: string[] }
export type FaqEntry = { question: string; answer: Sentence[] }

export interface NoticeBody {
  sections: Record<SectionId, Sentence[]>
  faq: FaqEntry[]
}

/** The body a model must return for one language; fact ids are enumerated so a model cannot invent one. */
export function noticeBodySchema(factIds: readonly [string, ...string[]]) {
  const sentences = z.array(sentenceSchema(factIds)).min(1).max(12)
  return z.object({
    sections: z.object(
      Object.fromEntries(SECTION_IDS.map((id) => [id, sentences])) as Record<SectionId, typeof sentences>,
    ),
    faq: z
      .array(
        z.object({
          question: z.string().min(1).max(200),
          answer: z.array(sentenceSchema(factIds)).min(1).max(4),
        }),
      )
      .min(2)
      .max(6),
  })
}

/** Every sentence of a notice in reading order, FAQ questions included (they may state claims too). */
export function sentencesOf(body: NoticeBody): { where: string; sentence: Sentence; question?: true }[] {
  const out: { where: string; sentence: Sentence; question?: true }[] = []
  for (const id of SECTION_IDS) {
    for (const [i, s] of body.sections[id].entries()) out.push({ where: `${id}.${i}`, sentence: s })
  }
  for (const [i, f] of body.faq.entries()) {
    const cited = [...new Set(f.answer.flatMap((a) => a.facts))]
    out.push({ where: `faq.${i}.question`, sentence: { text: f.question, facts: cited }, question: true })
    for (const [j, a] of f.answer.entries()) out.push({ where: `faq.${i}.${j}`, sentence: a })
  }
  return out
}
