/**
 * A notice written by a model, trusted only after the checker: a first answer that fails the schema, the
 * checker or the plain-language target gets one repair attempt that shows the model its answer and what
 * was wrong; a second failure falls back to the template, built from the same facts.
 */
import type { LanguageModel } from 'ai'
import { type CallOptions, type Messages, structuredCall, type Usage } from '../profiling/generate'
import { checkNotice, describeProblems, type Problem } from './check'
import type { FactSheet } from './facts'
import { type Lang, type NoticeBody, noticeBodySchema, sentencesOf } from './notice'
import { NOTICE_SYSTEM, noticePrompt } from './prompt'
import { readability } from './readability'
import { templateNotice } from './template'

/** Who wrote the notice that is kept: the model at once, the model after one repair, or the template. */
export type NoticeSource = 'model' | 'repaired' | 'template'
/** Why the template stands in for the model. */
export type NoticeFallback = 'model_error' | 'invalid_output' | 'rejected'

export interface GeneratedNotice {
  lang: Lang
  body: NoticeBody
  source: NoticeSource
  fallback: NoticeFallback | null
  /** What the checker found in the model's last answer (empty when it passed or never arrived). */
  problems: Problem[]
}

export const emptyUsage = (): Usage => ({ calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 })

/** What is wrong with a model's notice: the checker's problems, and a miss of the plain-language target. */
function review(
  body: NoticeBody,
  sheet: FactSheet,
  lang: Lang,
): { problems: Problem[]; hardToRead: string | null } {
  const { problems } = checkNotice(body, sheet, lang)
  const score = readability(
    sentencesOf(body).map((s) => s.sentence.text),
    lang,
  )
  const hardToRead = score.ok
    ? null
    : `too hard to read: ${score.measure} ${score.value} (at most ${score.limit}), longest sentence ${score.longest} (at most ${score.longestLimit})`
  return { problems, hardToRead }
}

/** Writes the notice in one language: the model's when it passes, else the template's. */
export async function generateNotice(
  model: LanguageModel,
  sheet: FactSheet,
  lang: Lang,
  usage: Usage,
  options: CallOptions = {},
): Promise<GeneratedNotice> {
  const ids = sheet.facts.map((f) => f.id) as [string, ...string[]]
  const schema = noticeBodySchema(ids)
  const prompt = noticePrompt(sheet, lang)
  const template = (fallback: NoticeFallback, problems: Problem[] = []): GeneratedNotice => ({
    lang,
    body: templateNotice(sheet, lang),
    source: 'template',
    fallback,
    problems,
  })

  const first = await structuredCall(
    model,
    NOTICE_SYSTEM,
    { prompt },
    schema,
    'privacy_notice',
    usage,
    options,
  )
  if (!first.ok && first.kind === 'error') return template('model_error')
  let complaint: string
  if (first.ok) {
    const { problems, hardToRead } = review(first.value, sheet, lang)
    if (problems.length === 0 && !hardToRead)
      return { lang, body: first.value, source: 'model', fallback: null, problems }
    complaint = `The checker rejected that notice:\n${[describeProblems(problems), hardToRead].filter(Boolean).join('\n')}`
  } else {
    complaint = `That answer does not match the required JSON schema: ${first.message.slice(0, 500)}`
  }

  const messages: Messages = [
    { role: 'user', content: prompt },
    { role: 'assistant', content: first.text ?? '' },
    {
      role: 'user',
      content: `${complaint}\nWrite the whole notice again. Remove or rewrite every sentence named above so that it states only what its cited facts say, and cite the facts that cover any missing item.`,
    },
  ]
  const second = await structuredCall(
    model,
    NOTICE_SYSTEM,
    { messages },
    schema,
    'privacy_notice',
    usage,
    options,
  )
  if (!second.ok) return template(second.kind === 'error' ? 'model_error' : 'invalid_output')
  const { problems, hardToRead } = review(second.value, sheet, lang)
  if (problems.length === 0 && !hardToRead)
    return { lang, body: second.value, source: 'repaired', fallback: null, problems }
  return template('rejected', problems)
}
