import type { ArticleRef, Phrases } from './phrases-types'

const law = (r: ArticleRef) =>
  `art. ${r.art}.º${r.para ? `, n.º ${r.para}` : ''}${r.point ? `, alínea ${r.point})` : ''} do RGPD`
const about = (months: number | undefined) =>
  months ? ` (cerca de ${months} ${months === 1 ? 'mês' : 'meses'})` : ''
const list = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} e ${names.at(-1)}`
const when = (first: boolean) => (first ? 'Desde a sua primeira visita' : 'Se permitir a análise')

export const pt: Phrases = {
  sections: {
    collect: 'O que recolhemos',
    why: 'Para que usamos',
    retention: 'Quanto tempo guardamos',
    recipients: 'Quem mais recebe',
    ai: 'IA e perfis',
    rights: 'As suas escolhas e direitos',
    contact: 'Contacto',
  },
  page: {
    title: (site) => `Aviso de privacidade: ${site}`,
    faq: 'Perguntas e respostas',
    storage: 'O que fica guardado no seu dispositivo',
    storageCaption: 'Entradas que este site guarda no armazenamento local do seu navegador',
    columns: {
      key: 'Nome',
      holds: 'O que contém',
      written: 'Quando é escrita',
      lifetime: 'Quanto tempo vale',
    },
    holds: {
      choice: 'A sua escolha de privacidade',
      last_logged_choice: 'A última escolha enviada para nós',
      ids: 'Um identificador aleatório de visitante e de sessão',
      unsent_events: 'Eventos ainda não enviados',
    },
    written: {
      any_choice: 'Quando faz uma escolha',
      analytics_consent: 'Se permitir a análise',
      first_visit: 'Desde a sua primeira visita',
    },
    lifetime: {
      choice: (r, g) => `${r} dias após uma recusa, ${g} dias após um consentimento`,
      ids: (d, m) => `Identificador de visitante: ${d} dias; sessão: ${m} minutos sem atividade`,
      untilSent: (n) => `Até ser enviado (no máximo ${n} eventos)`,
      untilNextChoice: 'Até à sua próxima escolha',
    },
    version: (v, d) => `Versão ${v}, publicada em ${d}`,
    languages: 'Outros idiomas',
    ask: {
      title: 'Pergunte sobre os seus dados',
      label: 'A sua pergunta',
      hint: 'As respostas vêm só dos factos desta página. Não guardamos a sua pergunta, só quantas há de cada tema.',
      submit: 'Perguntar',
      answer: 'Resposta',
      refused: 'Lamento, só posso responder a perguntas sobre como este site trata os seus dados.',
    },
    actions: {
      preferences: 'Abrir as definições de privacidade',
      export: 'Transferir os meus dados',
      delete: 'Eliminar os meus dados',
      minimal: 'Escolher a recolha mínima',
    },
  },
  collect: {
    before: {
      'opt-in': 'Antes da sua escolha, não recolhemos nada nem guardamos nada no seu dispositivo.',
      cookieless:
        'Antes da sua escolha, só contamos páginas vistas sem qualquer identificador e não guardamos nada no seu dispositivo.',
      'opt-out': 'Este site recolhe dados desde a sua primeira visita até que diga que não.',
    },
    pageview: 'Para cada página que vê, registamos o endereço, o título, a página de onde veio e a hora.',
    request:
      'Do seu navegador registamos o tipo de dispositivo, o navegador, o sistema e a localização aproximada (país, região, cidade), mas nunca o seu endereço IP.',
    events:
      'Se permitir a análise, registamos também cliques, pesquisas, tempo na página, deslocamento e compras.',
    identify: 'Se permitir o marketing, este site pode ligar as suas visitas à sua conta de cliente.',
    scrubbing:
      'Retiramos endereços de e-mail, números de telefone e de cartão e códigos de acesso antes de guardar seja o que for.',
    cookielessHash: (d) =>
      `Para contar visitantes sem guardar nada no seu dispositivo, usamos um código feito a partir do seu endereço IP, do seu navegador e de um valor aleatório que apagamos após ${d} dias.`,
  },
  why: {
    basis: (b, r) =>
      b === 'consent'
        ? `com base no seu consentimento (${law(r)})`
        : b === 'legal_obligation'
          ? `porque a lei o exige (${law(r)})`
          : `com base no nosso interesse legítimo (${law(r)})`,
    analytics: (b, objection) =>
      `Usamos estes dados para medir e melhorar este site, ${b}.${objection ? ' Pode opor-se a qualquer momento.' : ''}`,
    anonymousCounts: (b) => `Contamos páginas vistas sem identificador ${b}.`,
    marketing: (b) =>
      `Se permitir o marketing, criamos um perfil dos seus interesses para marketing personalizado, ${b}.`,
    proof: (b) => `Guardamos um registo das suas escolhas como prova do consentimento, ${b}.`,
    security: (b) => `Filtramos bots e abusos para manter o serviço seguro, ${b}.`,
    noSale: 'Nunca vendemos os seus dados.',
  },
  retention: {
    events: (d, m) =>
      `Apagamos as páginas vistas e outros eventos após ${d} ${d === 1 ? 'dia' : 'dias'}${about(m)}.`,
    untilDeletion:
      'Encomendas e outros registos sobre si não têm fim fixo: guardamo-los até que apague os seus dados ou retire o consentimento.',
    profiles: 'O seu perfil de marketing fica guardado até retirar o consentimento para marketing.',
    consentLog:
      'O registo das suas escolhas fica guardado como prova sem limite de tempo, mas sem o seu identificador, endereço IP ou navegador.',
    erasures:
      'Depois de uma eliminação guardamos só um código de sentido único do seu identificador, para que dados atrasados não o tragam de volta.',
    quarantine: (d) =>
      `Os eventos que não pudemos aceitar ficam ${d} dias para corrigir erros e depois são apagados.`,
    rollups: 'Os totais diários sem qualquer identificador ficam guardados sem limite de tempo.',
    choice: (k, r, rm, g, gm) =>
      `A sua escolha fica guardada no seu dispositivo como ${k}: uma recusa vale ${r} dias${about(rm)}, um consentimento ${g} dias${about(gm)}.`,
    logged: (k) => `${k} lembra a última escolha enviada para nós, para não a enviar duas vezes.`,
    ids: (k, first, d, m) =>
      `${when(first)}, ${k} guarda um identificador aleatório de visitante, trocado após ${d} dias, e um de sessão, que termina após ${m} minutos sem atividade.`,
    queue: (k, first, n) => `${when(first)}, ${k} guarda até ${n} eventos que ainda não foi possível enviar.`,
  },
  recipients: {
    cloudflare: 'A Cloudflare opera este serviço e guarda os dados por nossa conta.',
    ai: (name, model) => `${name} opera o modelo de IA ${model} por nossa conta.`,
    transfers: (names) => `${list(names)} podem tratar dados fora do seu país.`,
    onlyProcessors: 'Mais ninguém recebe os seus dados.',
  },
  ai: {
    profiling:
      'Só se permitir o marketing criamos um perfil com os seus interesses, um grupo de clientes, a probabilidade de compra e um próximo passo sugerido.',
    model: (model, name) =>
      `O modelo de IA ${model} de ${name} escreve o perfil a partir de contagens, categorias e pesquisas limpas.`,
    neverSent: 'Nunca recebe o seu identificador, endereço IP ou contactos.',
    noModel: 'Regras fixas no nosso próprio serviço criam o perfil; não se usa nenhum modelo de IA.',
    sensitive:
      'O perfil nunca adivinha a sua saúde, religião, opiniões políticas, vida sexual, origem étnica ou filiação sindical.',
    effects: (r) =>
      `O perfil só escolhe conteúdos de marketing: não toma decisões com efeitos jurídicos ou semelhantes sobre si (${law(r)}).`,
    questionsModel: (model) =>
      `As perguntas feitas nesta página são limpas e enviadas a ${model} para escrever a resposta; guardamos só quantas há de cada tema.`,
    questionsRules:
      'Regras fixas respondem às perguntas feitas nesta página; guardamos só quantas há de cada tema.',
  },
  rights: {
    withdraw: (s) =>
      `Pode mudar ou retirar a sua escolha a qualquer momento em «${s}» neste site; ao retirá-la, os seus dados são apagados de imediato.`,
    export: (dl, s) => `«${dl}» em «${s}» dá-lhe uma cópia de tudo o que guardamos sobre si.`,
    erase: (de, s) => `«${de}» em «${s}» apaga-os.`,
    gpc: 'Se o seu navegador enviar Global Privacy Control, nunca criamos um perfil de marketing.',
    other:
      'Também pode pedir-nos que corrijamos os seus dados, que limitemos o seu uso, opor-se a ele ou recebê-los num formato portátil.',
    complaint: (a) =>
      a
        ? `Pode apresentar queixa a uma autoridade de proteção de dados: ${a}.`
        : 'Pode apresentar queixa a uma autoridade de proteção de dados.',
  },
  contact: {
    controller: (n) => `${n} é responsável por estes dados (o responsável pelo tratamento).`,
    contact: (c) => (c ? `Contacto: ${c}.` : 'Use os contactos indicados neste site.'),
    dpo: (d) => `Encarregado da proteção de dados: ${d}.`,
  },
  faq: {
    sell: 'Vendem os meus dados?',
    howLong: 'Quanto tempo guardam os meus dados?',
    delete: 'Como apago os meus dados?',
    ai: 'Usam IA?',
  },
}
