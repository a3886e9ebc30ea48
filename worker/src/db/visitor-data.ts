import {
  consentState,
  events,
  identityLinks,
  offlineRecords,
  orders,
  profileMembers,
  profiles,
  surveyResponses,
  surveyTurns,
} from './schema'

/**
 * Every table that holds rows about one visitor, with the columns that name the site and the
 * visitor. Erasure (withdrawal, "delete my data", person deletion) walks this list, so a table
 * added anywhere must be registered here or it would outlive the visitor it describes.
 */
export const visitorTables = [
  { name: 'events', table: events, site: events.siteId, visitor: events.vid },
  { name: 'orders', table: orders, site: orders.siteId, visitor: orders.vid },
  { name: 'consent_state', table: consentState, site: consentState.siteId, visitor: consentState.vid },
  { name: 'profiles', table: profiles, site: profiles.siteId, visitor: profiles.vid, purpose: 'marketing' },
  // Deleting a member row deletes the (person's) profile it belongs to: a trigger, migration 0009.
  {
    name: 'profile_members',
    table: profileMembers,
    site: profileMembers.siteId,
    visitor: profileMembers.vid,
    purpose: 'marketing',
  },
  { name: 'identity_links', table: identityLinks, site: identityLinks.siteId, visitor: identityLinks.vid },
  {
    name: 'offline_records',
    table: offlineRecords,
    site: offlineRecords.siteId,
    visitor: offlineRecords.vid,
  },
  // Unlinked responses (no marketing consent) have no vid and are not the visitor's to erase.
  {
    name: 'survey_responses',
    table: surveyResponses,
    site: surveyResponses.siteId,
    visitor: surveyResponses.vid,
    purpose: 'marketing',
  },
  {
    name: 'survey_turns',
    table: surveyTurns,
    site: surveyTurns.siteId,
    visitor: surveyTurns.vid,
    purpose: 'marketing',
  },
] as const
