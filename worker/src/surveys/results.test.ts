import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call } from '../../test/api'
import { createKey, createSite } from '../../test/fixtures'
import { db } from '../db/client'
import type { ProfilingProvider } from '../profiling/providers'
import { surveyInputSchema } from './definition'
import { defineSurvey } from './manage'
import { answerResponse, startResponse } from './responses'

const rules: ProfilingProvider = { kind: 'rules', modelId: 'rules' }
const scale = (key: string) => ({ key, type: 'scale' })

describe('survey results', () => {
  it('counts the funnel per question, leaves flagged responses out of distributions, and exports', async () => {
    const site = await createSite({ id: 'ask-results' })
    const d = db(env.DB)
    const defined = await defineSurvey(
      d,
      site,
      surveyInputSchema.parse({
        goal: 'Why do people leave checkout',
        attributes: [
          { key: 'reason_left', type: 'enum', values: ['too_expensive', 'no_size', 'just_looking'] },
          scale('fit'),
          scale('rating'),
          scale('quality'),
        ],
        trigger: { type: 'after_purchase' },
        max_questions: 4,
        status: 'live',
      }),
      1,
    )
    if (!defined.ok) throw new Error(defined.message)
    const survey = defined.survey.id
    const t0 = Date.UTC(2026, 11, 1, 10)

    /** One visitor's response from `start`: answers given `gap` ms after each question. */
    async function respond(answers: string[], gap: number, start: number) {
      const vid = crypto.randomUUID()
      await env.DB.prepare(
        `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at) VALUES (?, ?, ?, 1, 1, 'banner', 1)`,
      )
        .bind(site, vid, crypto.randomUUID())
        .run()
      let now = start
      const started = await startResponse({
        db: d,
        provider: rules,
        siteId: site,
        surveyId: survey,
        vid,
        language: 'en',
        now,
      })
      if (!started.ok) throw new Error(started.message)
      for (const answer of answers) {
        now += gap
        const r = await answerResponse({
          db: d,
          provider: rules,
          siteId: site,
          responseId: started.view.response_id,
          answer,
          now,
        })
        if (!r.ok) throw new Error(r.message)
      }
      return started.view.response_id
    }
    const clean = await respond(['too expensive', '4', '2', '5'], 5_000, t0)
    const straight = await respond(['no size', '3', '3', '3'], 5_000, t0 + 60_000)
    await respond(['just looking'], 100, t0 + 120_000)
    await respond(['xxxxxxx', 'just looking'], 5_000, t0 + 180_000)

    const key = await createKey(site, ['read'])
    const results = await call(`/sites/${site}/surveys/${survey}/results`, { key })
    expect(results.status).toBe(200)
    expect(results.json).toEqual({
      survey,
      starts: 4,
      completed: 2,
      completion_rate: 50,
      questions: [
        { position: 1, shown: 4, answered: 4, dropped: 0 },
        { position: 2, shown: 4, answered: 2, dropped: 2 },
        { position: 3, shown: 2, answered: 2, dropped: 0 },
        { position: 4, shown: 2, answered: 2, dropped: 0 },
      ],
      distributions: {
        reason_left: { too_expensive: 1 },
        fit: { '4': 1 },
        rating: { '2': 1 },
        quality: { '5': 1 },
      },
      flagged: 3,
    })

    const ndjson = await call(`/sites/${site}/surveys/${survey}/responses`, { key })
    const rows = ndjson.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows.map((r) => r.flags.map((f: { flag: string }) => f.flag))).toEqual([
      [],
      ['straight_lining'],
      ['too_fast'],
      ['gibberish'],
    ])
    expect(rows[1].flags[0].reason).toBe('3 scale answers all "3"')

    const csv = await call(`/sites/${site}/surveys/${survey}/responses?format=csv`, { key })
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = csv.text.trim().split('\n')
    expect(lines[0]).toBe(
      'id,linked,language,status,started_at,completed_at,reason_left,fit,rating,quality,flags',
    )
    expect(lines[1]).toBe(`${clean},true,en,completed,${t0},${t0 + 20_000},too_expensive,4,2,5,`)
    expect(lines[2]).toBe(
      `${straight},true,en,completed,${t0 + 60_000},${t0 + 80_000},no_size,3,3,3,"straight_lining: 3 scale answers all ""3"""`,
    )
    expect((await call(`/sites/${site}/surveys/srv_none/results`, { key })).status).toBe(404)
  })
})
