import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `art. ${r.art}${r.para ? `, paragraphe ${r.para}` : ''}${r.point ? `, point ${r.point})` : ''} du RGPD`
const about = (months: number | undefined) => (months ? ` (environ ${months} mois)` : '')
const list = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} et ${names.at(-1)}`
const when = (first: boolean) => (first ? 'Dès votre première visite' : 'Si vous acceptez les statistiques')

export const fr: Phrases = {
  sections: {
    collect: 'Ce que nous collectons',
    why: 'Pourquoi nous l’utilisons',
    retention: 'Combien de temps nous le gardons',
    recipients: 'Qui d’autre le reçoit',
    ai: 'IA et profils',
    rights: 'Vos choix et vos droits',
    contact: 'Contact',
  },
  page: {
    title: (site) => `Politique de confidentialité : ${site}`,
    faq: 'Questions et réponses',
    storage: 'Ce qui est enregistré sur votre appareil',
    storageCaption: 'Entrées que ce site garde dans le stockage local de votre navigateur',
    columns: { key: 'Nom', holds: 'Contenu', written: 'Quand il est écrit', lifetime: 'Durée de validité' },
    holds: {
      choice: 'Votre choix de confidentialité',
      last_logged_choice: 'Le dernier choix qui nous a été envoyé',
      ids: 'Un identifiant de visiteur et de session aléatoires',
      unsent_events: 'Des événements pas encore envoyés',
    },
    written: {
      any_choice: 'Quand vous faites un choix',
      analytics_consent: 'Si vous acceptez les statistiques',
      first_visit: 'Dès votre première visite',
    },
    lifetime: {
      choice: (r, g) => `${r} jours après un refus, ${g} jours après un consentement`,
      ids: (d, m) => `Identifiant de visiteur : ${d} jours ; session : ${m} minutes sans activité`,
      untilSent: (n) => `Jusqu’à l’envoi (au plus ${n} événements)`,
      untilNextChoice: 'Jusqu’à votre prochain choix',
    },
    version: (v, d) => `Version ${v}, publiée le ${d}`,
    languages: 'Autres langues',
    ask: {
      title: 'Poser une question sur vos données',
      label: 'Votre question',
      hint: 'Les réponses viennent uniquement des faits de cette page. Nous ne gardons pas votre question, seulement le nombre de questions par sujet.',
      submit: 'Demander',
      answer: 'Réponse',
      refused: 'Désolé, je ne peux répondre qu’aux questions sur la façon dont ce site traite vos données.',
    },
    actions: {
      preferences: 'Ouvrir les paramètres de confidentialité',
      export: 'Télécharger mes données',
      delete: 'Supprimer mes données',
      minimal: 'Choisir la collecte minimale',
    },
  },
  collect: {
    before: {
      'opt-in': 'Avant votre choix, nous ne collectons rien et n’enregistrons rien sur votre appareil.',
      cookieless:
        'Avant votre choix, nous comptons seulement les pages vues, sans aucun identifiant, et n’enregistrons rien sur votre appareil.',
      'opt-out': 'Ce site collecte des données dès votre première visite, jusqu’à ce que vous refusiez.',
    },
    pageview: 'Pour chaque page vue, nous notons son adresse, son titre, la page d’où vous venez et l’heure.',
    request:
      'De votre navigateur, nous notons le type d’appareil, le navigateur, le système et le lieu approximatif (pays, région, ville), mais jamais votre adresse IP.',
    events:
      'Si vous acceptez les statistiques, nous notons aussi les clics, les recherches, le temps passé, le défilement et les achats.',
    identify: 'Si vous acceptez le marketing, ce site peut relier vos visites à votre compte client.',
    scrubbing:
      'Nous retirons les adresses e-mail, les numéros de téléphone et de carte et les codes d’accès avant tout enregistrement.',
    cookielessHash: (d) =>
      `Pour compter les visiteurs sans rien enregistrer sur votre appareil, nous utilisons un code tiré de votre adresse IP, de votre navigateur et d’une valeur aléatoire que nous supprimons après ${d} jours.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `sur la base de votre consentement (${law(r)})`
        : b === 'legal_obligation'
          ? `parce que la loi l’exige (${law(r)})`
          : `sur la base de notre intérêt légitime (${law(r)})`,
    analytics: (b, objection) =>
      `Nous utilisons ces données pour mesurer et améliorer ce site, ${b}.${objection ? ' Vous pouvez vous y opposer à tout moment.' : ''}`,
    anonymousCounts: (b) => `Le comptage des pages vues sans identifiant se fait ${b}.`,
    marketing: (b) =>
      `Si vous acceptez le marketing, nous créons un profil de vos centres d’intérêt pour un marketing personnalisé, ${b}.`,
    proof: (b) => `Nous gardons une trace de vos choix comme preuve du consentement, ${b}.`,
    security: (b) => `Nous écartons les robots et les abus pour garder le service sûr, ${b}.`,
    noSale: 'Nous ne vendons jamais vos données.',
  },
  retention: {
    events: (d, m) =>
      `Nous supprimons les pages vues et les autres événements après ${d} ${d === 1 ? 'jour' : 'jours'}${about(m)}.`,
    untilDeletion:
      'Les commandes et les autres données vous concernant n’ont pas de fin fixe : nous les gardons jusqu’à ce que vous supprimiez vos données ou retiriez votre consentement.',
    profiles:
      'Votre profil marketing est gardé jusqu’à ce que vous retiriez votre consentement au marketing.',
    consentLog:
      'La trace de vos choix est gardée comme preuve sans limite de durée, mais sans identifiant de visiteur, adresse IP ni navigateur.',
    erasures:
      'Après une suppression, nous gardons seulement un code à sens unique de votre identifiant, pour que des données tardives ne le fassent pas revenir.',
    quarantine: (d) =>
      `Les événements refusés sont gardés ${d} jours pour corriger les erreurs, puis supprimés.`,
    rollups: 'Les totaux par jour, sans aucun identifiant, sont gardés sans limite de durée.',
    choice: (k, r, rm, g, gm) =>
      `Votre choix est enregistré sur votre appareil sous ${k} : un refus vaut ${r} jours${about(rm)}, un consentement ${g} jours${about(gm)}.`,
    logged: (k) => `${k} retient le dernier choix qui nous a été envoyé, pour ne pas l’envoyer deux fois.`,
    ids: (k, first, d, m) =>
      `${when(first)}, ${k} contient un identifiant de visiteur aléatoire, remplacé après ${d} jours, et un identifiant de session qui prend fin après ${m} minutes sans activité.`,
    queue: (k, first, n) =>
      `${when(first)}, ${k} garde jusqu’à ${n} événements qui n’ont pas encore pu être envoyés.`,
  },
  recipients: {
    cloudflare: 'Cloudflare fait fonctionner ce service et enregistre les données pour notre compte.',
    ai: (name, model) => `${name} fait fonctionner le modèle d’IA ${model} pour notre compte.`,
    transfers: (names) => `${list(names)} peuvent traiter des données hors de votre pays.`,
    onlyProcessors: 'Personne d’autre ne reçoit vos données.',
  },
  ai: {
    profiling:
      'Seulement si vous acceptez le marketing, nous créons un profil avec vos centres d’intérêt, un groupe de clients, votre probabilité d’achat et une prochaine étape suggérée.',
    model: (model, name) =>
      `Le modèle d’IA ${model} de ${name} rédige le profil à partir de comptages, de catégories et de recherches nettoyées.`,
    neverSent: 'Il ne reçoit jamais votre identifiant, votre adresse IP ni vos coordonnées.',
    noModel: 'Des règles fixes sur notre propre service créent le profil ; aucun modèle d’IA n’est utilisé.',
    sensitive:
      'Le profil ne devine jamais votre santé, votre religion, vos opinions politiques, votre vie sexuelle, votre origine ou votre syndicat.',
    effects: (r) =>
      `Le profil choisit seulement des contenus marketing : il ne prend aucune décision ayant un effet juridique ou similaire sur vous (${law(r)}).`,
    questionsModel: (model) =>
      `Les questions posées sur cette page sont nettoyées et envoyées à ${model} pour rédiger la réponse ; nous gardons seulement le nombre de questions par sujet.`,
    questionsRules:
      'Des règles fixes répondent aux questions posées sur cette page ; nous gardons seulement le nombre de questions par sujet.',
  },
  rights: {
    withdraw: (s) =>
      `Vous pouvez changer ou retirer votre choix à tout moment sous « ${s} » sur ce site ; un retrait supprime aussitôt vos données.`,
    export: (dl, s) => `« ${dl} » sous « ${s} » vous donne une copie de tout ce que nous gardons sur vous.`,
    erase: (de, s) => `« ${de} » sous « ${s} » les supprime.`,
    gpc: 'Si votre navigateur envoie Global Privacy Control, nous ne créons jamais de profil marketing.',
    other:
      'Vous pouvez aussi nous demander de corriger vos données, d’en limiter l’usage, de vous y opposer ou de les recevoir dans un format portable.',
    complaint: (a) =>
      a
        ? `Vous pouvez déposer une plainte auprès d’une autorité de protection des données : ${a}.`
        : 'Vous pouvez déposer une plainte auprès d’une autorité de protection des données.',
  },
  contact: {
    controller: (n) => `${n} est responsable de ces données (le responsable du traitement).`,
    contact: (c) => (c ? `Contact : ${c}.` : 'Veuillez utiliser les coordonnées indiquées sur ce site.'),
    dpo: (d) => `Délégué à la protection des données : ${d}.`,
  },
  faq: {
    sell: 'Vendez-vous mes données ?',
    howLong: 'Combien de temps gardez-vous mes données ?',
    delete: 'Comment supprimer mes données ?',
    ai: 'Utilisez-vous l’IA ?',
  },
}
