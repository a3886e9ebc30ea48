import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import {
  consentState,
  deadLetters,
  events,
  identityLinks,
  offlineRecords,
  orders,
  profileMembers,
  profiles,
  quarantine,
  visitorCredentials,
  surveyResponses,
  surveyTurns,
} from './schema'

/** One table that holds rows about one visitor. */
export interface VisitorTable {
  name: string
  table: SQLiteTable
  /** The columns that name the site and the visitor: erasure and export select by both. */
  site: SQLiteColumn
  visitor: SQLiteColumn
  /** Tables that only serve marketing: emptied when marketing consent alone is withdrawn. */
  purpose?: 'marketing'
  /**
   * How a row ends under the site's retention_days (consent/retention.ts): the time column that says
   * how old it is (ms since epoch), or the registered table whose rows take this one's along.
   */
  expires: SQLiteColumn | { with: string }
  /** A column holding a value sealed with lib/seal.ts, and the column naming the field it was sealed as. */
  sealed?: { value: SQLiteColumn; field: SQLiteColumn }
  /** Columns an export leaves out: they prove who the visitor is and are no data about them. */
  secret?: readonly SQLiteColumn[]
}

/**
 * Every table that holds rows about one visitor, with the columns that name the site and the
 * visitor and the time retention goes by. Erasure (withdrawal, "delete my data", person deletion),
 * export and retention walk this list, so a table added anywhere must be registered here or it
 * would outlive the visitor it describes.
 */
export const visitorTables = [
  { name: 'events', table: events, site: events.siteId, visitor: events.vid, expires: events.ts },
  { name: 'orders', table: orders, site: orders.siteId, visitor: orders.vid, expires: orders.ts },
  {
    name: 'consent_state',
    table: consentState,
    site: consentState.siteId,
    visitor: consentState.vid,
    expires: consentState.updatedAt,
  },
  {
    name: 'profiles',
    table: profiles,
    site: profiles.siteId,
    visitor: profiles.vid,
    purpose: 'marketing',
    // The newest activity the profile describes: once that is past retention, so is all of it.
    expires: profiles.lastEventTs,
  },
  // Deleting a member row deletes the (person's) profile it belongs to, and deleting a profile its
  // member rows: triggers, migration 0009.
  {
    name: 'profile_members',
    table: profileMembers,
    site: profileMembers.siteId,
    visitor: profileMembers.vid,
    purpose: 'marketing',
    expires: { with: 'profiles' },
  },
  {
    name: 'identity_links',
    table: identityLinks,
    site: identityLinks.siteId,
    visitor: identityLinks.vid,
    expires: identityLinks.createdAt,
    sealed: { value: identityLinks.sealed, field: identityLinks.kind },
  },
  // A queue message that failed every retry, kept for a replay: one row per visitor it carries.
  {
    name: 'dead_letters',
    table: deadLetters,
    site: deadLetters.siteId,
    visitor: deadLetters.vid,
    expires: deadLetters.createdAt,
  },
  {
    name: 'offline_records',
    table: offlineRecords,
    site: offlineRecords.siteId,
    visitor: offlineRecords.vid,
    expires: offlineRecords.ts,
  },
  {
    name: 'quarantine',
    table: quarantine,
    site: quarantine.siteId,
    visitor: quarantine.vid,
    expires: quarantine.createdAt,
  },
  {
    name: 'visitor_credentials',
    table: visitorCredentials,
    site: visitorCredentials.siteId,
    visitor: visitorCredentials.vid,
    // As long as the browser keeps the id it belongs to (13 months by default, like retention).
    expires: visitorCredentials.boundAt,
    secret: [visitorCredentials.secretHash],
  },
  // Unlinked responses (no marketing consent) have no vid and are not the visitor's to erase.
  {
    name: 'survey_responses',
    table: surveyResponses,
    site: surveyResponses.siteId,
    visitor: surveyResponses.vid,
    expires: surveyResponses.startedAt,
    purpose: 'marketing',
  },
  {
    name: 'survey_turns',
    table: surveyTurns,
    site: surveyTurns.siteId,
    visitor: surveyTurns.vid,
    expires: surveyTurns.createdAt,
    purpose: 'marketing',
  },
] as const satisfies readonly VisitorTable[]
