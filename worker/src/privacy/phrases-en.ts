import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `Art. ${r.art}${r.para ? `(${r.para})` : ''}${r.point ? `(${r.point})` : ''} GDPR`
const about = (months: number | undefined) =>
  months ? ` (about ${months} ${months === 1 ? 'month' : 'months'})` : ''
const list = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

export const en: Phrases = {
  sections: {
    collect: 'What we collect',
    why: 'Why we use it',
    retention: 'How long we keep it',
    recipients: 'Who else receives it',
    ai: 'AI and profiling',
    rights: 'Your choices and rights',
    contact: 'Contact',
  },
  page: {
    title: (site) => `Privacy notice: ${site}`,
    faq: 'Questions and answers',
    storage: 'What is stored on your device',
    storageCaption: 'Entries this site keeps in your browser’s local storage',
    columns: {
      key: 'Name',
      holds: 'What it holds',
      written: 'When it is written',
      lifetime: 'How long it counts',
    },
    holds: {
      choice: 'Your privacy choice',
      last_logged_choice: 'The last choice sent to us',
      ids: 'A random visitor id and session id',
      unsent_events: 'Events not sent yet',
    },
    written: {
      any_choice: 'When you make a choice',
      analytics_consent: 'If you allow analytics',
      first_visit: 'From your first visit',
    },
    lifetime: {
      choice: (r, g) => `${r} days after a refusal, ${g} days after a consent`,
      ids: (d, m) => `Visitor id: ${d} days; session: ${m} minutes without activity`,
      untilSent: (n) => `Until sent (at most ${n} events)`,
      untilNextChoice: 'Until your next choice',
    },
    version: (v, d) => `Version ${v}, published ${d}`,
    languages: 'Other languages',
    ask: {
      title: 'Ask about your data',
      label: 'Your question',
      hint: 'Answers come only from the facts on this page. We keep no copy of your question, only a count of its topic.',
      submit: 'Ask',
      answer: 'Answer',
      refused: 'Sorry, I can only answer questions about how this site handles your data.',
    },
    actions: {
      preferences: 'Open the privacy settings',
      export: 'Download my data',
      delete: 'Delete my data',
      minimal: 'Choose minimal collection',
    },
  },
  collect: {
    before: {
      'opt-in': 'Nothing is collected and nothing is stored on your device until you make a choice.',
      cookieless:
        'Until you make a choice, we only count page views without any identifier, and nothing is stored on your device.',
      'opt-out': 'This site collects data from your first visit until you say no.',
    },
    pageview:
      'For each page you view, we record its address, its title, the page you came from and the time.',
    request:
      'From your browser we also note the device type, browser, operating system and rough location (country, region, city), but never your IP address.',
    events: 'If you allow analytics, we also record clicks, searches, time on page, scrolling and purchases.',
    identify: 'If you allow marketing, this site can link your visits to your customer account.',
    scrubbing:
      'We remove e-mail addresses, phone and card numbers and access codes before anything is stored.',
    cookielessHash: (d) =>
      `To count visitors without storing anything on your device, we use a code made from your IP address, your browser and a random value that we delete after ${d} days.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `based on your consent (${law(r)})`
        : b === 'legal_obligation'
          ? `because the law requires it (${law(r)})`
          : `based on our legitimate interests (${law(r)})`,
    analytics: (b, objection) =>
      `We use this data to measure and improve this site, ${b}.${objection ? ' You can object at any time.' : ''}`,
    anonymousCounts: (b) => `Counting page views without any identifier is ${b}.`,
    marketing: (b) =>
      `If you allow marketing, we build a profile of your interests for personalised marketing, ${b}.`,
    proof: (b) => `We keep a record of your choices as proof of consent, ${b}.`,
    security: (b) => `We filter out bots and abuse to keep the service secure, ${b}.`,
    noSale: 'We never sell your data.',
  },
  retention: {
    events: (d, m) =>
      `We delete page views and other events after ${d} ${d === 1 ? 'day' : 'days'}${about(m)}.`,
    untilDeletion:
      'Orders and other records about you have no fixed end: we keep them until you delete your data or withdraw consent.',
    profiles: 'Your marketing profile is kept until you withdraw consent to marketing.',
    consentLog:
      'The record of your choices is kept as proof with no time limit, but without your visitor id, IP address or browser.',
    erasures:
      'After a deletion we keep only a one-way code of your visitor id, so that late data cannot bring it back.',
    quarantine: (d) => `Events we could not accept are kept for ${d} days to fix errors, then deleted.`,
    rollups: 'Daily totals without any identifier are kept with no time limit.',
    choice: (k, r, rm, g, gm) =>
      `Your choice is stored on your device as ${k}: a refusal counts for ${r} days${about(rm)}, a consent for ${g} days${about(gm)}.`,
    logged: (k) => `${k} notes the last choice sent to us, so that it is not sent twice.`,
    ids: (k, first, d, m) =>
      `${first ? 'From your first visit' : 'If you allow analytics'}, ${k} holds a random visitor id, replaced after ${d} days, and a session id that ends after ${m} minutes without activity.`,
    queue: (k, first, n) =>
      `${first ? 'From your first visit' : 'If you allow analytics'}, ${k} keeps up to ${n} events that could not be sent yet.`,
  },
  recipients: {
    cloudflare: 'Cloudflare runs this service and stores the data on our behalf.',
    ai: (name, model) => `${name} runs the AI model ${model} on our behalf.`,
    transfers: (names) => `${list(names)} may process data outside your country.`,
    onlyProcessors: 'No one else receives your data.',
  },
  ai: {
    profiling:
      'Only if you allow marketing, we build a profile with your interests, a customer segment, how likely you are to buy and a suggested next step.',
    model: (model, name) =>
      `The AI model ${model} from ${name} writes the profile from counts, categories and cleaned search terms.`,
    neverSent: 'It never receives your visitor id, IP address or contact details.',
    noModel: 'Fixed rules on our own service make the profile; no AI model is used.',
    sensitive:
      'The profile never guesses your health, religion, politics, sex life, ethnic origin or union membership.',
    effects: (r) =>
      `The profile only chooses marketing content: it makes no decision with legal or similar effects on you (${law(r)}).`,
    questionsModel: (model) =>
      `Questions you ask on this page are cleaned and sent to ${model} to write the answer; we keep only a count of their topics.`,
    questionsRules:
      'Questions you ask on this page are answered by fixed rules; we keep only a count of their topics.',
  },
  rights: {
    withdraw: (s) =>
      `You can change or withdraw your choice at any time under “${s}” on this site; withdrawing deletes your data at once.`,
    export: (dl, s) => `“${dl}” under “${s}” gives you a copy of everything we store about you.`,
    erase: (de, s) => `“${de}” under “${s}” deletes it.`,
    gpc: 'If your browser sends Global Privacy Control, we never build a marketing profile.',
    other:
      'You may also ask us to correct your data, to restrict or object to its use, or to hand it over in a portable format.',
    complaint: (a) =>
      a
        ? `You can complain to a data protection authority: ${a}.`
        : 'You can complain to a data protection authority.',
  },
  contact: {
    controller: (n) => `${n} is responsible for this data (the controller).`,
    contact: (c) => (c ? `Contact: ${c}.` : 'Please use the contact details on this site.'),
    dpo: (d) => `Data protection officer: ${d}.`,
  },
  faq: {
    sell: 'Do you sell my data?',
    howLong: 'How long do you keep my data?',
    delete: 'How do I delete my data?',
    ai: 'Is AI used?',
  },
}
