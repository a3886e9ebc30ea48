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
