import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `art. ${r.art}${r.para ? `, apartado ${r.para}` : ''}${r.point ? `, letra ${r.point})` : ''} del RGPD`
const about = (months: number | undefined) =>
  months === 1 ? ' (1 mes)' : months ? ` (unos ${months} meses)` : ''
const list = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} y ${names.at(-1)}`
const when = (first: boolean) => (first ? 'Desde su primera visita' : 'Si permite la analítica')

export const es: Phrases = {
  sections: {
    collect: 'Qué recogemos',
    why: 'Para qué lo usamos',
    retention: 'Cuánto tiempo lo guardamos',
    recipients: 'Quién más lo recibe',
    ai: 'IA y perfiles',
    rights: 'Sus opciones y derechos',
    contact: 'Contacto',
  },
  page: {
    title: (site) => `Aviso de privacidad: ${site}`,
    faq: 'Preguntas y respuestas',
    storage: 'Qué se guarda en su dispositivo',
    storageCaption: 'Entradas que este sitio guarda en el almacenamiento local de su navegador',
    columns: {
      key: 'Nombre',
      holds: 'Qué contiene',
      written: 'Cuándo se escribe',
      lifetime: 'Cuánto tiempo vale',
    },
    holds: {
      choice: 'Su elección de privacidad',
      last_logged_choice: 'La última elección que nos llegó',
      ids: 'Un identificador aleatorio de visitante y de sesión',
      unsent_events: 'Eventos aún no enviados',
    },
    written: {
      any_choice: 'Cuando usted elige',
      analytics_consent: 'Si permite la analítica',
      first_visit: 'Desde su primera visita',
    },
    lifetime: {
      choice: (r, g) => `${r} días tras un rechazo, ${g} días tras un consentimiento`,
      ids: (d, m) => `Identificador de visitante: ${d} días; sesión: ${m} minutos sin actividad`,
      untilSent: (n) => `Hasta que se envían (como máximo ${n} eventos)`,
      untilNextChoice: 'Hasta su próxima elección',
    },
    version: (v, d) => `Versión ${v}, publicada el ${d}`,
    languages: 'Otros idiomas',
    ask: {
      title: 'Pregunte por sus datos',
      label: 'Su pregunta',
      hint: 'Las respuestas salen solo de los hechos de esta página. No guardamos su pregunta, solo cuántas hay de cada tema.',
      submit: 'Preguntar',
      answer: 'Respuesta',
      refused: 'Lo siento, solo puedo responder preguntas sobre cómo este sitio trata sus datos.',
    },
    actions: {
      preferences: 'Abrir la configuración de privacidad',
      export: 'Descargar mis datos',
      delete: 'Eliminar mis datos',
      minimal: 'Elegir la recogida mínima',
    },
  },
  collect: {
    before: {
      'opt-in': 'Antes de que usted elija, no recogemos nada ni guardamos nada en su dispositivo.',
      cookieless:
        'Antes de que usted elija, solo contamos páginas vistas sin ningún identificador y no guardamos nada en su dispositivo.',
      'opt-out': 'Este sitio recoge datos desde su primera visita hasta que usted diga que no.',
    },
    pageview:
      'Por cada página que ve, anotamos su dirección, su título, la página de la que viene y la hora.',
    request:
      'De su navegador anotamos el tipo de dispositivo, el navegador, el sistema y la ubicación aproximada (país, región, ciudad), pero nunca su dirección IP.',
    events:
      'Si permite la analítica, también anotamos clics, búsquedas, tiempo en la página, desplazamiento y compras.',
    identify: 'Si permite el marketing, este sitio puede unir sus visitas a su cuenta de cliente.',
    scrubbing:
      'Quitamos direcciones de correo, números de teléfono y de tarjeta y códigos de acceso antes de guardar nada.',
    cookielessHash: (d) =>
      `Para contar visitantes sin guardar nada en su dispositivo, usamos un código hecho con su dirección IP, su navegador y un valor aleatorio que borramos a los ${d} días.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `con base en su consentimiento (${law(r)})`
        : b === 'legal_obligation'
          ? `porque la ley lo exige (${law(r)})`
          : `con base en nuestro interés legítimo (${law(r)})`,
    analytics: (b, objection) =>
      `Usamos estos datos para medir y mejorar este sitio, ${b}.${objection ? ' Puede oponerse en cualquier momento.' : ''}`,
    anonymousCounts: (b) => `Contamos las páginas vistas sin identificador ${b}.`,
    marketing: (b) =>
      `Si permite el marketing, creamos un perfil de sus intereses para marketing personalizado, ${b}.`,
    proof: (b) => `Guardamos un registro de sus elecciones como prueba del consentimiento, ${b}.`,
    security: (b) => `Filtramos bots y abusos para mantener el servicio seguro, ${b}.`,
    noSale: 'Nunca vendemos sus datos.',
  },
  retention: {
    events: (d, m) =>
      `Borramos las páginas vistas y otros eventos a los ${d} ${d === 1 ? 'día' : 'días'}${about(m)}.`,
    untilDeletion:
      'Los pedidos y otros registros sobre usted no tienen un fin fijo: los guardamos hasta que borre sus datos o retire su consentimiento.',
    profiles: 'Su perfil de marketing se guarda hasta que retire su consentimiento al marketing.',
    consentLog:
      'El registro de sus elecciones se guarda como prueba sin límite de tiempo, pero sin su identificador, su dirección IP ni su navegador.',
    erasures:
      'Tras un borrado solo guardamos un código de un solo sentido de su identificador, para que datos tardíos no lo traigan de vuelta.',
    quarantine: (d) =>
      `Los eventos que no pudimos aceptar se guardan ${d} días para corregir errores y luego se borran.`,
    rollups: 'Los totales diarios sin ningún identificador se guardan sin límite de tiempo.',
    choice: (k, r, rm, g, gm) =>
      `Su elección se guarda en su dispositivo como ${k}: un rechazo vale ${r} días${about(rm)} y un consentimiento ${g} días${about(gm)}.`,
    logged: (k) => `${k} recuerda la última elección que nos llegó, para no enviarla dos veces.`,
    ids: (k, first, d, m) =>
      `${when(first)}, ${k} guarda un identificador aleatorio de visitante, que se cambia a los ${d} días, y uno de sesión, que termina tras ${m} minutos sin actividad.`,
    queue: (k, first, n) => `${when(first)}, ${k} guarda hasta ${n} eventos que aún no se pudieron enviar.`,
  },
  recipients: {
    cloudflare: 'Cloudflare hace funcionar este servicio y guarda los datos por encargo nuestro.',
    ai: (name, model) => `${name} hace funcionar el modelo de IA ${model} por encargo nuestro.`,
    transfers: (names) => `${list(names)} pueden tratar datos fuera de su país.`,
    onlyProcessors: 'Nadie más recibe sus datos.',
  },
  ai: {
    profiling:
      'Solo si permite el marketing, creamos un perfil con sus intereses, un grupo de clientes, su probabilidad de compra y un siguiente paso sugerido.',
    model: (model, name) =>
      `El modelo de IA ${model} de ${name} escribe el perfil a partir de recuentos, categorías y búsquedas limpias.`,
    neverSent: 'Nunca recibe su identificador, su dirección IP ni sus datos de contacto.',
    noModel: 'Reglas fijas en nuestro propio servicio crean el perfil; no se usa ningún modelo de IA.',
    sensitive:
      'El perfil nunca adivina su salud, religión, ideas políticas, vida sexual, origen étnico o afiliación sindical.',
    effects: (r) =>
      `El perfil solo elige contenidos de marketing: no toma ninguna decisión con efectos jurídicos o similares para usted (${law(r)}).`,
    questionsModel: (model) =>
      `Las preguntas que haga en esta página se limpian y se envían a ${model} para escribir la respuesta; solo guardamos cuántas hay de cada tema.`,
    questionsRules:
      'Reglas fijas responden a las preguntas que haga en esta página; solo guardamos cuántas hay de cada tema.',
  },
  rights: {
    withdraw: (s) =>
      `Puede cambiar o retirar su elección en cualquier momento en «${s}» de este sitio; al retirarla, sus datos se borran enseguida.`,
    export: (dl, s) => `«${dl}» en «${s}» le da una copia de todo lo que guardamos sobre usted.`,
    erase: (de, s) => `«${de}» en «${s}» los borra.`,
    gpc: 'Si su navegador envía Global Privacy Control, nunca creamos un perfil de marketing.',
    other:
      'También puede pedirnos que corrijamos sus datos, que limitemos su uso, oponerse a él o recibirlos en un formato portable.',
    complaint: (a) =>
      a
        ? `Puede reclamar ante una autoridad de protección de datos: ${a}.`
        : 'Puede reclamar ante una autoridad de protección de datos.',
  },
  contact: {
    controller: (n) => `${n} es responsable de estos datos (el responsable del tratamiento).`,
    contact: (c) => (c ? `Contacto: ${c}.` : 'Use los datos de contacto de este sitio.'),
    dpo: (d) => `Delegado de protección de datos: ${d}.`,
  },
  faq: {
    sell: '¿Venden mis datos?',
    howLong: '¿Cuánto tiempo guardan mis datos?',
    delete: '¿Cómo borro mis datos?',
    ai: '¿Se usa IA?',
  },
}
