import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `Art. ${r.art}${r.para ? ` Abs. ${r.para}` : ''}${r.point ? ` lit. ${r.point}` : ''} DSGVO`
const about = (months: number | undefined) =>
  months ? ` (etwa ${months} ${months === 1 ? 'Monat' : 'Monate'})` : ''
const list = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} und ${names.at(-1)}`
const when = (first: boolean) => (first ? 'Ab Ihrem ersten Besuch' : 'Wenn Sie Statistik erlauben')

export const de: Phrases = {
  sections: {
    collect: 'Was wir erfassen',
    why: 'Wozu wir es nutzen',
    retention: 'Wie lange wir es behalten',
    recipients: 'Wer es noch erhält',
    ai: 'KI und Profile',
    rights: 'Ihre Wahl und Ihre Rechte',
    contact: 'Kontakt',
  },
  page: {
    title: (site) => `Datenschutzhinweis: ${site}`,
    faq: 'Fragen und Antworten',
    storage: 'Was auf Ihrem Gerät gespeichert wird',
    storageCaption: 'Einträge, die diese Website im lokalen Speicher Ihres Browsers ablegt',
    columns: {
      key: 'Name',
      holds: 'Inhalt',
      written: 'Wann er geschrieben wird',
      lifetime: 'Wie lange er gilt',
    },
    holds: {
      choice: 'Ihre Datenschutz-Wahl',
      last_logged_choice: 'Die zuletzt an uns gesendete Wahl',
      ids: 'Eine zufällige Besucher-ID und Sitzungs-ID',
      unsent_events: 'Noch nicht gesendete Ereignisse',
    },
    written: {
      any_choice: 'Wenn Sie eine Wahl treffen',
      analytics_consent: 'Wenn Sie Statistik erlauben',
      first_visit: 'Ab Ihrem ersten Besuch',
    },
    lifetime: {
      choice: (r, g) => `${r} Tage nach einer Ablehnung, ${g} Tage nach einer Einwilligung`,
      ids: (d, m) => `Besucher-ID: ${d} Tage; Sitzung: ${m} Minuten ohne Aktivität`,
      untilSent: (n) => `Bis zum Senden (höchstens ${n} Ereignisse)`,
      untilNextChoice: 'Bis zu Ihrer nächsten Wahl',
    },
    version: (v, d) => `Version ${v}, veröffentlicht am ${d}`,
    languages: 'Andere Sprachen',
    ask: {
      title: 'Fragen zu Ihren Daten',
      label: 'Ihre Frage',
      hint: 'Antworten stammen nur aus den Fakten auf dieser Seite. Wir speichern Ihre Frage nicht, nur wie oft ihr Thema vorkommt.',
      submit: 'Fragen',
      answer: 'Antwort',
      refused:
        'Entschuldigung, ich kann nur Fragen dazu beantworten, wie diese Website mit Ihren Daten umgeht.',
    },
    actions: {
      preferences: 'Datenschutz-Einstellungen öffnen',
      export: 'Meine Daten herunterladen',
      delete: 'Meine Daten löschen',
      minimal: 'So wenig Erfassung wie möglich wählen',
    },
  },
  collect: {
    before: {
      'opt-in': 'Bevor Sie wählen, erfassen wir nichts und speichern nichts auf Ihrem Gerät.',
      cookieless:
        'Bevor Sie wählen, zählen wir nur Seitenaufrufe ohne jede Kennung und speichern nichts auf Ihrem Gerät.',
      'opt-out': 'Diese Website erfasst Daten ab Ihrem ersten Besuch, bis Sie widersprechen.',
    },
    pageview: 'Für jede aufgerufene Seite erfassen wir Adresse, Titel, die Seite davor und die Uhrzeit.',
    request:
      'Aus Ihrem Browser entnehmen wir Geräteart, Browser, Betriebssystem und den ungefähren Ort (Land, Region, Stadt), aber nie Ihre IP-Adresse.',
    events: 'Wenn Sie Statistik erlauben, erfassen wir auch Klicks, Suchen, Lesezeit, Scrollen und Käufe.',
    identify: 'Wenn Sie Marketing erlauben, kann diese Website Ihre Besuche mit Ihrem Kundenkonto verbinden.',
    scrubbing:
      'Wir entfernen E-Mail-Adressen, Telefon- und Kartennummern und Zugangscodes, bevor etwas gespeichert wird.',
    cookielessHash: (d) =>
      `Um Besucher ohne Speicherung auf Ihrem Gerät zu zählen, bilden wir einen Code aus IP-Adresse, Browser und einem Zufallswert, den wir nach ${d} Tagen löschen.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `auf Grundlage Ihrer Einwilligung (${law(r)})`
        : b === 'legal_obligation'
          ? `weil das Gesetz es verlangt (${law(r)})`
          : `auf Grundlage unserer berechtigten Interessen (${law(r)})`,
    analytics: (b, objection) =>
      `Wir nutzen diese Daten, um diese Website zu messen und zu verbessern, ${b}.${objection ? ' Sie können jederzeit widersprechen.' : ''}`,
    anonymousCounts: (b) => `Das Zählen von Seitenaufrufen ohne Kennung erfolgt ${b}.`,
    marketing: (b) =>
      `Wenn Sie Marketing erlauben, erstellen wir ein Profil Ihrer Interessen für persönliches Marketing, ${b}.`,
    proof: (b) => `Wir bewahren Ihre Wahl als Nachweis der Einwilligung auf, ${b}.`,
    security: (b) => `Wir filtern Bots und Missbrauch heraus, damit der Dienst sicher bleibt, ${b}.`,
    noSale: 'Wir verkaufen Ihre Daten nie.',
  },
  retention: {
    events: (d, m) =>
      `Seitenaufrufe und andere Ereignisse löschen wir nach ${d} ${d === 1 ? 'Tag' : 'Tagen'}${about(m)}.`,
    untilDeletion:
      'Bestellungen und andere Einträge über Sie haben kein festes Ende: Wir behalten sie, bis Sie Ihre Daten löschen oder die Einwilligung widerrufen.',
    profiles: 'Ihr Marketing-Profil bleibt, bis Sie die Einwilligung in Marketing widerrufen.',
    consentLog:
      'Der Nachweis Ihrer Wahl bleibt ohne zeitliche Grenze erhalten, aber ohne Besucher-ID, IP-Adresse oder Browser.',
    erasures:
      'Nach einer Löschung behalten wir nur einen Einweg-Code Ihrer Besucher-ID, damit spät eintreffende Daten sie nicht zurückbringen.',
    quarantine: (d) =>
      `Ereignisse, die wir nicht annehmen konnten, bleiben ${d} Tage zur Fehlersuche und werden dann gelöscht.`,
    rollups: 'Tägliche Summen ohne jede Kennung bleiben ohne zeitliche Grenze erhalten.',
    choice: (k, r, rm, g, gm) =>
      `Ihre Wahl wird auf Ihrem Gerät als ${k} gespeichert: Eine Ablehnung gilt ${r} Tage${about(rm)}, eine Einwilligung ${g} Tage${about(gm)}.`,
    logged: (k) =>
      `${k} merkt sich die zuletzt an uns gesendete Wahl, damit sie nicht doppelt gesendet wird.`,
    ids: (k, first, d, m) =>
      `${when(first)}, enthält ${k} eine zufällige Besucher-ID, die nach ${d} Tagen ersetzt wird, und eine Sitzungs-ID, die nach ${m} Minuten ohne Aktivität endet.`,
    queue: (k, first, n) =>
      `${when(first)}, hält ${k} bis zu ${n} Ereignisse, die noch nicht gesendet werden konnten.`,
  },
  recipients: {
    cloudflare: 'Cloudflare betreibt diesen Dienst und speichert die Daten in unserem Auftrag.',
    ai: (name, model) => `${name} betreibt das KI-Modell ${model} in unserem Auftrag.`,
    transfers: (names) => `${list(names)} können Daten außerhalb Ihres Landes verarbeiten.`,
    onlyProcessors: 'Sonst erhält niemand Ihre Daten.',
  },
  ai: {
    profiling:
      'Nur wenn Sie Marketing erlauben, erstellen wir ein Profil mit Ihren Interessen, einer Kundengruppe, Ihrer Kaufneigung und einem nächsten Schritt.',
    model: (model, name) =>
      `Das KI-Modell ${model} von ${name} schreibt das Profil aus Zahlen, Kategorien und bereinigten Suchbegriffen.`,
    neverSent: 'Es erhält nie Ihre Besucher-ID, IP-Adresse oder Kontaktdaten.',
    noModel: 'Feste Regeln auf unserem eigenen Dienst erstellen das Profil; es wird kein KI-Modell genutzt.',
    sensitive:
      'Das Profil vermutet nie etwas über Gesundheit, Religion, Politik, Sexualleben, Herkunft oder Gewerkschaft.',
    effects: (r) =>
      `Das Profil wählt nur Marketing-Inhalte: Es trifft keine Entscheidung mit rechtlicher oder ähnlicher Wirkung für Sie (${law(r)}).`,
    questionsModel: (model) =>
      `Fragen auf dieser Seite werden bereinigt und an ${model} gesendet, um die Antwort zu schreiben; wir behalten nur, wie oft ein Thema vorkommt.`,
    questionsRules:
      'Fragen auf dieser Seite beantworten feste Regeln; wir behalten nur, wie oft ein Thema vorkommt.',
  },
  rights: {
    withdraw: (s) =>
      `Sie können Ihre Wahl jederzeit unter „${s}“ auf dieser Website ändern oder widerrufen; ein Widerruf löscht Ihre Daten sofort.`,
    export: (dl, s) => `„${dl}“ unter „${s}“ gibt Ihnen eine Kopie von allem, was wir über Sie speichern.`,
    erase: (de, s) => `„${de}“ unter „${s}“ löscht sie.`,
    gpc: 'Wenn Ihr Browser Global Privacy Control sendet, erstellen wir nie ein Marketing-Profil.',
    other:
      'Sie können uns auch bitten, Ihre Daten zu berichtigen, ihre Nutzung einzuschränken, ihr zu widersprechen oder sie Ihnen übertragbar zu geben.',
    complaint: (a) =>
      a
        ? `Sie können sich bei einer Datenschutzbehörde beschweren: ${a}.`
        : 'Sie können sich bei einer Datenschutzbehörde beschweren.',
  },
  contact: {
    controller: (n) => `${n} ist für diese Daten verantwortlich (Verantwortlicher).`,
    contact: (c) => (c ? `Kontakt: ${c}.` : 'Bitte nutzen Sie die Kontaktdaten auf dieser Website.'),
    dpo: (d) => `Datenschutzbeauftragte oder Datenschutzbeauftragter: ${d}.`,
  },
  faq: {
    sell: 'Verkaufen Sie meine Daten?',
    howLong: 'Wie lange behalten Sie meine Daten?',
    delete: 'Wie lösche ich meine Daten?',
    ai: 'Wird KI genutzt?',
  },
}
