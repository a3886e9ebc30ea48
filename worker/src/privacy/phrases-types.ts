/**
 * What the template says in one language. Every sentence is a function of fact data only, so the template
 * can state nothing the facts do not; template.test.ts runs each language through the checker.
 */
import type { ConsentMode, LegalBasis } from './facts'
import type { SectionId } from './notice'

/** A GDPR provision: Art. 6(1)(a) is { art: 6, para: 1, point: 'a' }. */
export interface ArticleRef {
  art: number
  para?: number
  point?: string
}

/** The banner's labels for the same things, so the notice names the buttons exactly as the banner shows them. */
export interface BannerLabels {
  /** "Privacy settings" */
  settings: string
  /** "Download my data" */
  download: string
  /** "Delete my data" */
  erase: string
}

export interface Phrases {
  /** Section titles, in SECTION_IDS order of meaning. */
  sections: Record<SectionId, string>
  page: {
    title: (site: string) => string
    faq: string
    storage: string
    storageCaption: string
    columns: { key: string; holds: string; written: string; lifetime: string }
    holds: Record<'choice' | 'last_logged_choice' | 'ids' | 'unsent_events', string>
    written: Record<'any_choice' | 'analytics_consent' | 'first_visit', string>
    lifetime: {
      choice: (refusalDays: number, grantDays: number) => string
      ids: (days: number, minutes: number) => string
      untilSent: (maxEvents: number) => string
      untilNextChoice: string
    }
    version: (version: string, date: string) => string
    languages: string
    ask: { title: string; label: string; hint: string; submit: string; answer: string; refused: string }
    actions: Record<'preferences' | 'export' | 'delete' | 'minimal', string>
  }

  collect: {
    before: Record<ConsentMode, string>
    pageview: string
    request: string
    events: string
    identify: string
    scrubbing: string
    cookielessHash: (saltDays: number) => string
  }
  why: {
    /** The legal basis in words with its article, e.g. "based on your consent (Art. 6(1)(a) GDPR)". */
    basis: (basis: LegalBasis, ref: ArticleRef) => string
    analytics: (basis: string, objection: boolean) => string
    anonymousCounts: (basis: string) => string
    marketing: (basis: string) => string
    proof: (basis: string) => string
    security: (basis: string) => string
    noSale: string
  }
  retention: {
    events: (days: number, months: number | undefined) => string
    untilDeletion: string
    profiles: string
    consentLog: string
    erasures: string
    quarantine: (days: number) => string
    rollups: string
    choice: (
      key: string,
      refusalDays: number,
      refusalMonths: number | undefined,
      grantDays: number,
      grantMonths: number | undefined,
    ) => string
    logged: (key: string) => string
    ids: (key: string, fromFirstVisit: boolean, days: number, minutes: number) => string
    queue: (key: string, fromFirstVisit: boolean, maxEvents: number) => string
  }
  recipients: {
    cloudflare: string
    ai: (name: string, model: string) => string
    transfers: (names: string[]) => string
    onlyProcessors: string
  }
  ai: {
    profiling: string
    model: (model: string, name: string) => string
    /** What the model is never given (a second sentence, so the first stays short). */
    neverSent: string
    noModel: string
    sensitive: string
    effects: (ref: ArticleRef) => string
    questionsModel: (model: string) => string
    questionsRules: string
  }
  rights: {
    withdraw: (settings: string) => string
    export: (download: string, settings: string) => string
    erase: (erase: string, settings: string) => string
    gpc: string
    other: string
    complaint: (authority: string | null) => string
  }
  contact: {
    controller: (name: string) => string
    contact: (contact: string | null) => string
    dpo: (dpo: string) => string
  }
  faq: {
    sell: string
    howLong: string
    delete: string
    ai: string
  }
}
