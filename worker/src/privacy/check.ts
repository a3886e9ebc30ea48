/**
 * The deterministic checker every notice and every answer passes before a visitor sees it: each sentence
 * cites facts of the sheet, states nothing those facts do not back (numbers, durations, storage keys,
 * companies, purposes, addresses), and a notice covers every item GDPR Art. 13 requires.
 */
import { claimsIn } from './claims'
import { sameDuration } from './durations'
import { type Fact, type FactSheet, factIndex, MANDATORY_TOPICS } from './facts'
import { type Lang, type NoticeBody, type Sentence, sentencesOf } from './notice'

export type ProblemCode =
  | 'no_citation'
  | 'unknown_fact'
  | 'unsupported_number'
  | 'unsupported_duration'
  | 'unsupported_key'
  | 'unsupported_processor'
  | 'unsupported_purpose'
  | 'unsupported_address'
  | 'contradicts_fact'
  | 'missing_item'

export interface Problem {
  code: ProblemCode
  /** Where in the notice: "retention.2", "faq.0.question", or the missing item. */
  where: string
  /** What was wrong: the number, key, company, purpose, fact id or item. */
  detail: string
}

export interface CheckResult {
  ok: boolean
  problems: Problem[]
}

/**
 * The checks one sentence must pass against the facts it cites. A question ("Do you sell my data?")
 * asserts nothing, so it need not be negative where its facts are; its numbers, names and purposes must
 * still be backed.
 */
export function checkSentence(
  sentence: Sentence,
  where: string,
  sheet: FactSheet,
  lang: Lang,
  question = false,
): Problem[] {
  const index = factIndex(sheet)
  const problems: Problem[] = []
  const add = (code: ProblemCode, detail: string) => problems.push({ code, where, detail })
  if (sentence.facts.length === 0) add('no_citation', sentence.text.slice(0, 80))
  const cited: Fact[] = []
  for (const id of sentence.facts) {
    const f = index.get(id)
    if (f) cited.push(f)
    else add('unknown_fact', id)
  }
  const allowed = {
    numbers: new Set(cited.flatMap((f) => [...f.claims.numbers, ...f.claims.durations.map((d) => d.n)])),
    durations: cited.flatMap((f) => f.claims.durations),
    keys: new Set(cited.flatMap((f) => f.claims.keys)),
    processors: new Set(cited.flatMap((f) => f.claims.processors)),
    purposes: new Set(cited.flatMap((f) => f.claims.purposes)),
  }
  const literals = cited.flatMap((f) => f.claims.literals)
  // Every processor of the sheet is recognised as a name (an unlisted host would otherwise read as digits).
  const sheetProcessors = sheet.facts.flatMap((f) => f.claims.processors)
  const said = claimsIn(sentence.text, lang, literals, sheetProcessors)
  for (const n of said.numbers) if (!allowed.numbers.has(n)) add('unsupported_number', String(n))
  for (const d of said.durations)
    if (!allowed.durations.some((a) => sameDuration(a, d))) add('unsupported_duration', `${d.n} ${d.unit}`)
  for (const k of said.keys) if (!allowed.keys.has(k)) add('unsupported_key', k)
  for (const p of said.processors) if (!allowed.processors.has(p)) add('unsupported_processor', p)
  for (const p of said.purposes) {
    if (!allowed.purposes.has(p)) add('unsupported_purpose', p)
    // Backed only by a fact that says it does not happen ("we never sell"): the sentence must say so too.
    else if (
      !question &&
      !said.negative &&
      cited.every((f) => !f.claims.purposes.includes(p) || f.claims.negated.includes(p))
    )
      add('contradicts_fact', p)
  }
  for (const a of said.addresses) add('unsupported_address', a)
  return problems
}

/** Checks free-standing sentences (an answer to a question): citations and claims, no mandatory items. */
export function checkSentences(sentences: Sentence[], sheet: FactSheet, lang: Lang): CheckResult {
  const problems = sentences.flatMap((s, i) => checkSentence(s, String(i), sheet, lang))
  return { ok: problems.length === 0, problems }
}

/** Checks a whole notice: every sentence, and every Art. 13 item cited somewhere. */
export function checkNotice(body: NoticeBody, sheet: FactSheet, lang: Lang): CheckResult {
  const index = factIndex(sheet)
  const all = sentencesOf(body)
  const problems = all.flatMap(({ where, sentence, question }) =>
    checkSentence(sentence, where, sheet, lang, question),
  )
  const covered = new Set(
    all.flatMap(({ sentence }) => sentence.facts.flatMap((id) => index.get(id)?.topics ?? [])),
  )
  for (const item of MANDATORY_TOPICS)
    if (!covered.has(item)) problems.push({ code: 'missing_item', where: item, detail: item })
  return { ok: problems.length === 0, problems }
}

/** The problems as the model is shown them in a repair request, and as runs record them. */
export const describeProblems = (problems: Problem[]): string =>
  problems
    .slice(0, 20)
    .map((p) => `${p.where}: ${p.code.replaceAll('_', ' ')} (${p.detail})`)
    .join('\n')
