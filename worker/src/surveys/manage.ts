import type { Db } from '../db/client'
import { type SurveyInput, sensitiveField, surveyInputSchema } from './definition'
import { createSurvey, getSurvey, type Survey, saveSurvey } from './store'

export type Outcome =
  | { ok: true; survey: Survey }
  | {
      ok: false
      status: 400 | 404
      code: 'sensitive_category' | 'invalid_request' | 'not_found'
      message: string
    }

const refused = (input: SurveyInput): Outcome | null => {
  const found = sensitiveField(input)
  if (!found) return null
  return {
    ok: false,
    status: 400,
    code: 'sensitive_category',
    message: `${found.field}: "${found.term}" touches a special category of personal data (health, religion, politics, sex life, ethnicity, union membership, genetics, biometrics) or precise location; surveys may not ask about them`,
  }
}

/** Stores a new survey unless it would ask about a special category. */
export async function defineSurvey(
  db: Db,
  siteId: string,
  input: SurveyInput,
  now: number,
): Promise<Outcome> {
  return refused(input) ?? { ok: true, survey: await createSurvey(db, siteId, input, now) }
}

/**
 * Applies a partial change: the merged definition is validated as a whole (so a change cannot
 * leave, say, an attribute list that breaks the limits) and checked for special categories again.
 */
export async function changeSurvey(
  db: Db,
  siteId: string,
  id: string,
  patch: Partial<SurveyInput>,
  now: number,
): Promise<Outcome> {
  const current = await getSurvey(db, siteId, id)
  if (!current) return { ok: false, status: 404, code: 'not_found', message: 'Survey not found' }
  const { id: _id, site: _site, created_at: _c, updated_at: _u, ...definition } = current
  const merged = surveyInputSchema.safeParse({ ...definition, ...patch })
  if (!merged.success) {
    const issue = merged.error.issues[0]
    return {
      ok: false,
      status: 400,
      code: 'invalid_request',
      message: `${issue?.path.join('.')}: ${issue?.message}`,
    }
  }
  const refusal = refused(merged.data)
  if (refusal) return refusal
  const saved = await saveSurvey(db, siteId, id, merged.data, now)
  return saved
    ? { ok: true, survey: saved }
    : { ok: false, status: 404, code: 'not_found', message: 'Survey not found' }
}
