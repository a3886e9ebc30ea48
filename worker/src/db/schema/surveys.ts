import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * A micro-survey defined by its goal and the attributes it should learn; Heed writes the questions.
 * `definition` holds the validated JSON of worker/src/surveys/definition.ts (attributes, audience,
 * trigger, sample rate, max questions, languages), so the shape has one definition in code.
 */
export const surveys = sqliteTable(
  'surveys',
  {
    siteId: text('site_id').notNull(),
    id: text('id').notNull(),
    goal: text('goal').notNull(),
    /** draft | live | paused */
    status: text('status').notNull(),
    definition: text('definition').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] }), index('surveys_site_status').on(t.siteId, t.status)],
)

/**
 * One visitor's pass through a survey. `vid` is set only when the visitor granted marketing
 * consent (answers then join their profile); otherwise the response is unlinked and counts only
 * in aggregates. The random id is the visitor's credential for answering.
 */
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    siteId: text('site_id').notNull(),
    id: text('id').notNull(),
    surveyId: text('survey_id').notNull(),
    vid: text('vid'),
    language: text('language').notNull(),
    /** started | completed */
    status: text('status').notNull(),
    /** JSON { key: { value, confidence } }: the attributes stated so far. */
    attributes: text('attributes').notNull(),
    tokens: integer('tokens').notNull().default(0),
    startedAt: integer('started_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    completedAt: integer('completed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    index('survey_responses_survey').on(t.siteId, t.surveyId),
    index('survey_responses_vid').on(t.siteId, t.vid),
    // Retention finds expired responses by start time.
    index('survey_responses_started').on(t.siteId, t.startedAt),
  ],
)

/**
 * One turn: the feedback on the previous answer, what it yielded, and the question asked next
 * (with the visitor's scrubbed answer once given). Provider, model and prompt version are kept so
 * every question can be traced to what wrote it.
 */
export const surveyTurns = sqliteTable(
  'survey_turns',
  {
    siteId: text('site_id').notNull(),
    responseId: text('response_id').notNull(),
    n: integer('n').notNull(),
    /** Copied from the response so erasure finds the turn by the visitor. */
    vid: text('vid'),
    /** JSON Question, or null when the survey is done. */
    question: text('question'),
    clarified: integer('clarified', { mode: 'boolean' }).notNull().default(false),
    answer: text('answer'),
    /** JSON Feedback on the previous answer, or null on the first turn. */
    feedback: text('feedback'),
    /** JSON Extracted[] read from the previous answer. */
    extracted: text('extracted').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    fallback: text('fallback'),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    answeredAt: integer('answered_at'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.responseId, t.n] }),
    index('survey_turns_site_created').on(t.siteId, t.createdAt),
    index('survey_turns_vid').on(t.siteId, t.vid),
  ],
)
