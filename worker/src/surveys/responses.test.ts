import { env } from 'cloudflare:workers'
import { MockLanguageModelV4 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { reply } from '../../test/mock-model'
import { insertProfile } from '../../test/visitor-rows'
import { db } from '../db/client'
import type { ProfilingProvider } from '../profiling/providers'
import { surveyInputSchema } from './definition'
import { defineSurvey } from './manage'
import { startResponse } from './responses'

describe('the context a survey turn is fitted to', () => {
  it('is the linked visitor profile (segment, lifecycle), and nothing for an unlinked response', async () => {
    const site = await createSite({ id: 'ask-context' })
    const d = db(env.DB)
    const defined = await defineSurvey(
      d,
      site,
      surveyInputSchema.parse({
        goal: 'Learn the use case',
        attributes: [{ key: 'use_case', type: 'text' }],
        trigger: { type: 'page_load' },
        status: 'live',
      }),
      1,
    )
    if (!defined.ok) throw new Error(defined.message)
    const model = new MockLanguageModelV4({
      doGenerate: async () =>
        reply({
          feedback: null,
          next: { attribute: 'use_case', kind: 'text', text: 'What for?', options: null },
          extracted: [],
        }),
    })
    const provider: ProfilingProvider = { kind: 'openai-compatible', model, modelId: 'mock', batchSize: 1 }
    const [linked, unlinked] = [crypto.randomUUID(), crypto.randomUUID()]
    for (const [vid, marketing] of [
      [linked, 1],
      [unlinked, 0],
    ] as const) {
      await env.DB.prepare(
        `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at) VALUES (?, ?, ?, 1, ?, 'banner', 1)`,
      )
        .bind(site, vid, crypto.randomUUID(), marketing)
        .run()
      await insertProfile(site, vid)
      const started = await startResponse({
        db: d,
        provider,
        siteId: site,
        surveyId: defined.survey.id,
        vid,
        language: 'en',
        now: 1,
      })
      expect(started.ok && started.view.question?.text).toBe('What for?')
    }
    const contexts = model.doGenerateCalls.map((call) => {
      const text = call.prompt.flatMap((m) =>
        m.role === 'user' ? (m.content as { text?: string }[]).map((p) => p.text ?? '') : [],
      )
      const data = text.join('\n').match(/<survey-data>\n(.*)\n<\/survey-data>/s)![1]!
      return JSON.parse(data).context
    })
    expect(contexts).toEqual([{ segment: 'browsers', lifecycle: 'new', interests: [] }, null])
  })
})
