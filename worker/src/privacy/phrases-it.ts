import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `art. ${r.art}${r.para ? `, par. ${r.para}` : ''}${r.point ? `, lett. ${r.point})` : ''} del GDPR`
const about = (months: number | undefined) =>
  months ? ` (circa ${months} ${months === 1 ? 'mese' : 'mesi'})` : ''
const list = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} e ${names.at(-1)}`
const when = (first: boolean) => (first ? 'Dalla prima visita' : 'Se consenti le statistiche')

export const it: Phrases = {
  sections: {
    collect: 'Cosa raccogliamo',
    why: 'Perché lo usiamo',
    retention: 'Per quanto lo conserviamo',
    recipients: 'Chi altro lo riceve',
    ai: 'IA e profili',
    rights: 'Le tue scelte e i tuoi diritti',
    contact: 'Contatti',
  },
  page: {
    title: (site) => `Informativa sulla privacy: ${site}`,
    faq: 'Domande e risposte',
    storage: 'Cosa viene salvato sul tuo dispositivo',
    storageCaption: 'Voci che questo sito tiene nella memoria locale del tuo browser',
    columns: {
      key: 'Nome',
      holds: 'Contenuto',
      written: 'Quando viene scritta',
      lifetime: 'Per quanto vale',
    },
    holds: {
      choice: 'La tua scelta sulla privacy',
      last_logged_choice: 'L’ultima scelta che ci è stata inviata',
      ids: 'Un ID casuale di visitatore e di sessione',
      unsent_events: 'Eventi non ancora inviati',
    },
    written: {
      any_choice: 'Quando fai una scelta',
      analytics_consent: 'Se consenti le statistiche',
      first_visit: 'Dalla prima visita',
    },
    lifetime: {
      choice: (r, g) => `${r} giorni dopo un rifiuto, ${g} giorni dopo un consenso`,
      ids: (d, m) => `ID visitatore: ${d} giorni; sessione: ${m} minuti di inattività`,
      untilSent: (n) => `Fino all’invio (al massimo ${n} eventi)`,
      untilNextChoice: 'Fino alla tua prossima scelta',
    },
    version: (v, d) => `Versione ${v}, pubblicata il ${d}`,
    languages: 'Altre lingue',
    ask: {
      title: 'Fai una domanda sui tuoi dati',
      label: 'La tua domanda',
      hint: 'Le risposte vengono solo dai fatti di questa pagina. Non conserviamo la domanda, solo quante ce ne sono per ogni tema.',
      submit: 'Chiedi',
      answer: 'Risposta',
      refused: 'Mi dispiace, posso rispondere solo a domande su come questo sito tratta i tuoi dati.',
    },
    actions: {
      preferences: 'Apri le impostazioni privacy',
      export: 'Scarica i miei dati',
      delete: 'Elimina i miei dati',
      minimal: 'Scegli la raccolta minima',
    },
  },
  collect: {
    before: {
      'opt-in': 'Prima della tua scelta non raccogliamo nulla e non salviamo nulla sul tuo dispositivo.',
      cookieless:
        'Prima della tua scelta contiamo solo le pagine viste, senza alcun identificativo, e non salviamo nulla sul tuo dispositivo.',
      'opt-out': 'Questo sito raccoglie dati dalla tua prima visita finché non dici di no.',
    },
    pageview: 'Per ogni pagina che visiti registriamo indirizzo, titolo, la pagina da cui arrivi e l’ora.',
    request:
      'Dal tuo browser ricaviamo tipo di dispositivo, browser, sistema operativo e luogo approssimativo (paese, regione, città), ma mai il tuo indirizzo IP.',
    events:
      'Se consenti le statistiche, registriamo anche clic, ricerche, tempo sulla pagina, scorrimento e acquisti.',
    identify: 'Se consenti il marketing, questo sito può collegare le tue visite al tuo account cliente.',
    scrubbing:
      'Togliamo indirizzi e-mail, numeri di telefono e di carta e codici di accesso prima di salvare qualsiasi cosa.',
    cookielessHash: (d) =>
      `Per contare i visitatori senza salvare nulla sul tuo dispositivo, usiamo un codice ricavato da indirizzo IP, browser e un valore casuale che cancelliamo dopo ${d} giorni.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `sulla base del tuo consenso (${law(r)})`
        : b === 'legal_obligation'
          ? `perché la legge lo richiede (${law(r)})`
          : `sulla base del nostro legittimo interesse (${law(r)})`,
    analytics: (b, objection) =>
      `Usiamo questi dati per misurare e migliorare questo sito, ${b}.${objection ? ' Puoi opporti in qualsiasi momento.' : ''}`,
    anonymousCounts: (b) => `Contiamo le pagine viste senza identificativo ${b}.`,
    marketing: (b) =>
      `Se consenti il marketing, creiamo un profilo dei tuoi interessi per un marketing personalizzato, ${b}.`,
    proof: (b) => `Conserviamo traccia delle tue scelte come prova del consenso, ${b}.`,
    security: (b) => `Filtriamo bot e abusi per mantenere sicuro il servizio, ${b}.`,
    noSale: 'Non vendiamo mai i tuoi dati.',
  },
  retention: {
    events: (d, m) =>
      `Cancelliamo le pagine viste e gli altri eventi dopo ${d} ${d === 1 ? 'giorno' : 'giorni'}${about(m)}.`,
    untilDeletion:
      'Ordini e altri dati che ti riguardano non hanno una fine fissa: li conserviamo finché non cancelli i tuoi dati o revochi il consenso.',
    profiles: 'Il tuo profilo di marketing resta finché non revochi il consenso al marketing.',
    consentLog:
      'La traccia delle tue scelte resta come prova senza limiti di tempo, ma senza ID visitatore, indirizzo IP o browser.',
    erasures:
      'Dopo una cancellazione conserviamo solo un codice a senso unico del tuo ID, così dati arrivati in ritardo non lo riportano indietro.',
    quarantine: (d) =>
      `Gli eventi che non abbiamo potuto accettare restano ${d} giorni per correggere errori, poi vengono cancellati.`,
    rollups: 'I totali giornalieri senza alcun identificativo restano senza limiti di tempo.',
    choice: (k, r, rm, g, gm) =>
      `La tua scelta è salvata sul tuo dispositivo come ${k}: un rifiuto vale ${r} giorni${about(rm)}, un consenso ${g} giorni${about(gm)}.`,
    logged: (k) => `${k} ricorda l’ultima scelta che ci è stata inviata, per non inviarla due volte.`,
    ids: (k, first, d, m) =>
      `${when(first)}, ${k} contiene un ID visitatore casuale, sostituito dopo ${d} giorni, e un ID di sessione che scade dopo ${m} minuti di inattività.`,
    queue: (k, first, n) => `${when(first)}, ${k} tiene fino a ${n} eventi non ancora inviati.`,
  },
  recipients: {
    cloudflare: 'Cloudflare gestisce questo servizio e conserva i dati per nostro conto.',
    ai: (name, model) => `${name} gestisce il modello di IA ${model} per nostro conto.`,
    transfers: (names) => `${list(names)} possono trattare dati fuori dal tuo paese.`,
    onlyProcessors: 'Nessun altro riceve i tuoi dati.',
  },
  ai: {
    profiling:
      'Solo se consenti il marketing, creiamo un profilo con i tuoi interessi, un gruppo di clienti, la probabilità di acquisto e un passo successivo suggerito.',
    model: (model, name) =>
      `Il modello di IA ${model} di ${name} scrive il profilo da conteggi, categorie e ricerche ripulite.`,
    neverSent: 'Non riceve mai il tuo ID, il tuo indirizzo IP o i tuoi contatti.',
    noModel: 'Regole fisse sul nostro servizio creano il profilo; non si usa alcun modello di IA.',
    sensitive:
      'Il profilo non ipotizza mai salute, religione, idee politiche, vita sessuale, origine etnica o iscrizione a un sindacato.',
    effects: (r) =>
      `Il profilo sceglie solo contenuti di marketing: non prende decisioni con effetti giuridici o simili su di te (${law(r)}).`,
    questionsModel: (model) =>
      `Le domande fatte su questa pagina vengono ripulite e inviate a ${model} per scrivere la risposta; conserviamo solo quante ce ne sono per tema.`,
    questionsRules:
      'Regole fisse rispondono alle domande fatte su questa pagina; conserviamo solo quante ce ne sono per tema.',
  },
  rights: {
    withdraw: (s) =>
      `Puoi cambiare o revocare la tua scelta in qualsiasi momento in «${s}» su questo sito; la revoca cancella subito i tuoi dati.`,
    export: (dl, s) => `«${dl}» in «${s}» ti dà una copia di tutto ciò che conserviamo su di te.`,
    erase: (de, s) => `«${de}» in «${s}» li cancella.`,
    gpc: 'Se il tuo browser invia Global Privacy Control, non creiamo mai un profilo di marketing.',
    other:
      'Puoi anche chiederci di correggere i tuoi dati, di limitarne l’uso, di opporti al loro uso o di riceverli in un formato portabile.',
    complaint: (a) =>
      a
        ? `Puoi presentare reclamo a un’autorità per la protezione dei dati: ${a}.`
        : 'Puoi presentare reclamo a un’autorità per la protezione dei dati.',
  },
  contact: {
    controller: (n) => `${n} è responsabile di questi dati (il titolare del trattamento).`,
    contact: (c) => (c ? `Contatto: ${c}.` : 'Usa i contatti indicati su questo sito.'),
    dpo: (d) => `Responsabile della protezione dei dati: ${d}.`,
  },
  faq: {
    sell: 'Vendete i miei dati?',
    howLong: 'Per quanto tempo conservate i miei dati?',
    delete: 'Come cancello i miei dati?',
    ai: 'Usate l’IA?',
  },
}
