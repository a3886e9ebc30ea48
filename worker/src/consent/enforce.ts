/**
 * Server-side consent enforcement against the consent log, applied by the queue consumer before
 * rows are stored: a batch that claims marketing consent for a visitor whose last logged decision
 * says otherwise is downgraded. Implemented by the consent issue (#5); until then it passes rows through.
 */
export interface ConsentClaim {
  siteId: string
  vid: string | null
  marketing: boolean
}

export async function applyLoggedConsent<T extends ConsentClaim>(_db: D1Database, rows: T[]): Promise<T[]> {
  return rows
}
