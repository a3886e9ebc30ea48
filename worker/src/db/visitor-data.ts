import {
  consentState,
  events,
  identityLinks,
  offlineRecords,
  orders,
  profileMembers,
  profiles,
  visitorCredentials,
} from './schema'

/**
 * Every table that holds rows about one visitor, with the columns that name the site and the
 * visitor. Erasure (withdrawal, "delete my data", person deletion) and export walk this list, so a
 * table added anywhere must be registered here or it would outlive the visitor it describes.
 * `secret` lists columns an export leaves out: they prove who the visitor is and are no data about them.
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
  {
    name: 'visitor_credentials',
    table: visitorCredentials,
    site: visitorCredentials.siteId,
    visitor: visitorCredentials.vid,
    secret: [visitorCredentials.secretHash],
  },
] as const
