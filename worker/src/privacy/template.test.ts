import { describe, expect, it } from 'vitest'
import { siteRow } from '../../test/site-row'
import { checkNotice } from './check'
import { buildFactSheet } from './facts'
import { LANGS, SECTION_IDS, sentencesOf } from './notice'
import { readability } from './readability'
import { articleRef, templateNotice } from './template'

const site = (consentMode: string, settings: Record<string, unknown> = {}) =>
  siteRow({ id: 'template', retentionDays: 30, consentMode, settings })

const CONFIGS = [
  ['opt-in', { AI_PROVIDER: 'rules' }],
  [
    'cookieless',
    { AI_PROVIDER: 'openai-compatible', AI_BASE_URL: 'http://127.0.0.1:11434/v1', AI_MODEL: 'qwen2.5:7b' },
  ],
  [
    'opt-out',
    { AI_PROVIDER: 'openai-compatible', AI_BASE_URL: 'https://api.openai.com/v1', AI_MODEL: 'gpt-4o-mini' },
  ],
] as const

const owner = {
  privacy: {
    controller: {
      name: 'Fernwood Outdoor GmbH',
      contact: 'privacy@fernwood.example',
      dpo: 'Dana Meyer',
      authority: 'Berliner Beauftragte für Datenschutz und Informationsfreiheit',
    },
  },
}

describe('the template notice', () => {
  for (const [mode, config] of CONFIGS) {
    it.each(LANGS)(
      `${mode}, ${config.AI_PROVIDER}: %s passes the checker and its plain-language target`,
      async (lang) => {
        const sheet = await buildFactSheet(site(mode, owner), config)
        const body = templateNotice(sheet, lang)
        expect(checkNotice(body, sheet, lang)).toEqual({ ok: true, problems: [] })
        const score = readability(
          sentencesOf(body).map((s) => s.sentence.text),
          lang,
        )
        expect(score.ok, JSON.stringify(score)).toBe(true)
        for (const id of SECTION_IDS) expect(body.sections[id].length, id).toBeGreaterThan(0)
      },
    )
  }

  it('states the configured model and its company, or that no model is used', async () => {
    const withModel = templateNotice(await buildFactSheet(site('opt-in'), CONFIGS[2][1]), 'en')
    const rules = templateNotice(await buildFactSheet(site('opt-in'), CONFIGS[0][1]), 'en')
    expect(withModel.sections.ai.slice(1, 3)).toEqual([
      {
        text: 'The AI model gpt-4o-mini from OpenAI writes the profile from counts, categories and cleaned search terms.',
        facts: ['profiling.ai'],
      },
      { text: 'It never receives your visitor id, IP address or contact details.', facts: ['profiling.ai'] },
    ])
    expect(rules.sections.ai[1]).toEqual({
      text: 'Fixed rules on our own service make the profile; no AI model is used.',
      facts: ['profiling.ai'],
    })
    // A model run on the owner's own machine is named by its host.
    const local = templateNotice(await buildFactSheet(site('opt-in'), CONFIGS[1][1]), 'en')
    expect(local.sections.recipients[1]?.text).toBe(
      '127.0.0.1:11434 runs the AI model qwen2.5:7b on our behalf.',
    )
  })

  it('reads GDPR references into their parts', () => {
    expect(articleRef('Art. 6(1)(f) GDPR')).toEqual({ art: 6, para: 1, point: 'f' })
    expect(articleRef('Art. 22 GDPR')).toEqual({ art: 22, para: undefined, point: undefined })
  })
})
