/** Words for the API's dimension names and values, shared by chips, cards and tables. */
const DIMENSIONS: Record<string, string> = {
  page: 'Page',
  entry_page: 'Entry page',
  exit_page: 'Exit page',
  source: 'Source',
  medium: 'Medium',
  referrer: 'Referrer',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  utm_term: 'UTM term',
  utm_content: 'UTM content',
  country: 'Country',
  region: 'Region',
  city: 'City',
  device: 'Device',
  browser: 'Browser',
  os: 'Operating system',
  event: 'Event',
  search: 'Search term',
}

export const dimensionLabel = (d: string) =>
  DIMENSIONS[d] ?? (d.startsWith('prop:') ? `Property ${d.slice(5)}` : d)

/** Snake-case API words (lifecycles, reasons) as plain words. */
export const words = (s: string) => s.replaceAll('_', ' ')
