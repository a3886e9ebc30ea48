/**
 * A visitor's question, answered only from the notice in force: the matching sentences of the published
 * notice (or a model's answer that passes the same checker), and the action that fits (open the settings,
 * export, delete, minimal collection), offered and never performed. The question is scrubbed before
 * anything reads it and is not kept; only its topic is counted.
 */
import type { LanguageModel } from 'ai'
import { z } from 'zod'
import { type CallOptions, structuredCall, type Usage } from '../profiling/generate'
import { scrubText } from '../profiling/safety'
import { ASK_TOPICS, type AskTopic, TOPIC_ACTION, TOPIC_FACTS, topicOf } from './ask-topics'
import { checkSentences } from './check'
import type { FactSheet } from './facts'
import { type Lang, type NoticeBody, type Sentence, SECTION_IDS, sentenceSchema } from './notice'
import { phrasesFor } from './phrases'
import { ANSWER_SYSTEM, answerPrompt } from './prompt'

/** The longest question accepted, in characters. */
export const MAX_QUESTION = 500
/** Sentences in an answer. */
const MAX_SENTENCES = 3

export type ActionKind = 'delete' | 'export' | 'preferences' | 'minimal'

export interface OfferedAction {
  kind: ActionKind
  label: string
  /** Where the visitor does it themselves, as the notice says it (cited). */
  how: string
  facts: string[]
  /** For a page that acts for the visitor: the request, with the visitor id in X-Heed-Visitor. */
  request?: { method: 'GET' | 'POST'; path: string }
  /** For a page that acts for the visitor: the heed.js command. */
  command?: string
}

export interface Answer {
  topic: AskTopic | 'off_topic'
  on_topic: boolean
  sentences: Sentence[]
  action: OfferedAction | null
  /** `rules`, or the model whose answer passed the checker. */
  answered_by: string
}

const cites = (s: Sentence, wanted: string) =>
  s.facts.some((id) => (wanted.endsWith('.') ? id.startsWith(wanted) : id === wanted))

/**
 * The published sentences that cite the topic's facts, the first listed fact's first (sections before
 * the FAQ), without repeats.
 */
function sentencesFor(body: NoticeBody, topic: AskTopic): Sentence[] {
  const all = [...SECTION_IDS.flatMap((id) => body.sections[id]), ...body.faq.flatMap((f) => f.answer)]
  const out: Sentence[] = []
  for (const wanted of TOPIC_FACTS[topic]) {
    for (const s of all) {
      if (out.length >= MAX_SENTENCES) return out
      if (cites(s, wanted) && !out.some((o) => o.text === s.text)) out.push(s)
    }
  }
  return out
}

/** The sentence of the notice that says where the visitor takes the action. */
function actionFor(kind: ActionKind, body: NoticeBody, lang: Lang, siteId: string): OfferedAction {
  const label = phrasesFor(lang).page.actions[kind]
  const factId =
    kind === 'delete' ? 'rights.erasure' : kind === 'export' ? 'rights.export' : 'rights.withdraw'
  const how = sentencesFor(
    body,
    kind === 'delete' ? 'delete' : kind === 'export' ? 'export' : 'withdraw',
  ).find((s) => s.facts.includes(factId))
  const site = encodeURIComponent(siteId)
  return {
    kind,
    label,
    how: how?.text ?? label,
    facts: how?.facts ?? [],
    ...(kind === 'delete' ? { request: { method: 'POST' as const, path: `/me/delete?site=${site}` } } : {}),
    ...(kind === 'export' ? { request: { method: 'GET' as const, path: `/me/export?site=${site}` } } : {}),
    ...(kind === 'preferences' ? { command: "heed('consent:open')" } : {}),
    // The strictest state a visitor can choose: no ids, no profile; a cookieless site still counts
    // anonymous pageviews. Logged like any other decision when the page runs it.
    ...(kind === 'minimal' ? { command: "heed('consent', { analytics: false, marketing: false })" } : {}),
  }
}

/** The answer from the published notice alone: no model, the same every time. */
export function rulesAnswer(question: string, body: NoticeBody, sheet: FactSheet, lang: Lang): Answer {
  const topic = topicOf(question)
  if (!topic)
    return { topic: 'off_topic', on_topic: false, sentences: [], action: null, answered_by: 'rules' }
  const sentences = sentencesFor(body, topic)
  const kind = TOPIC_ACTION[topic]
  const checked = checkSentences(sentences, sheet, lang)
  return {
    topic,
    on_topic: true,
    // Published sentences passed the checker when they were written; a sheet that moved on since
    // (a draft not yet published) must not make them say what is no longer backed.
    sentences: checked.ok ? sentences : [],
    action: kind ? actionFor(kind, body, lang, sheet.site) : null,
    answered_by: 'rules',
  }
}

const answerSchema = (ids: readonly [string, ...string[]]) =>
  z.object({
    onTopic: z.boolean(),
    topic: z.enum(ASK_TOPICS),
    sentences: z.array(sentenceSchema(ids)).max(MAX_SENTENCES),
  })

/** A scrubbed copy of the question: e-mail addresses, URLs, IPs and long numbers never reach a model or a log. */
export const scrubQuestion = (question: string): string => scrubText(question, MAX_QUESTION)

/**
 * Answers with the model when there is one and its answer passes the checker (one call, no repair: the
 * rules answer is always there); otherwise with the rules.
 */
export async function answerQuestion(
  question: string,
  body: NoticeBody,
  sheet: FactSheet,
  lang: Lang,
  model: { model: LanguageModel; modelId: string } | null,
  usage: Usage,
  options: CallOptions = {},
): Promise<Answer> {
  const clean = scrubQuestion(question)
  const rules = rulesAnswer(clean, body, sheet, lang)
  if (!model) return rules
  const ids = sheet.facts.map((f) => f.id) as [string, ...string[]]
  const r = await structuredCall(
    model.model,
    ANSWER_SYSTEM,
    { prompt: answerPrompt(sheet, lang, clean) },
    answerSchema(ids),
    'privacy_answer',
    usage,
    options,
  )
  if (!r.ok) return rules
  // Off topic only when the words agree: a model cannot talk the rules out of answering a real question.
  if (!r.value.onTopic) return rules
  if (r.value.sentences.length === 0 || !checkSentences(r.value.sentences, sheet, lang).ok) return rules
  const kind = TOPIC_ACTION[r.value.topic]
  return {
    topic: r.value.topic,
    on_topic: true,
    sentences: r.value.sentences,
    action: kind ? actionFor(kind, body, lang, sheet.site) : null,
    answered_by: model.modelId,
  }
}
