/**
 * The words the checker reads claims by, per language: time units, number words, purposes and the names of
 * companies that could be said to receive data. A term found in a sentence is a claim the sentence's cited
 * facts must back.
 */
import type { Unit } from './durations'
import type { Purpose } from './facts'
import type { Lang } from './notice'

/** Unit words that may follow a number, longest first within each language so "months" wins over "month". */
export const UNITS: Record<Lang, [string, Unit][]> = {
  en: [
    ['minutes?', 'minute'],
    ['hours?', 'hour'],
    ['days?', 'day'],
    ['weeks?', 'week'],
    ['months?', 'month'],
    ['years?', 'year'],
  ],
  de: [
    ['Minuten?', 'minute'],
    ['Stunden?', 'hour'],
    ['Tagen?|Tage|Tag', 'day'],
    ['Wochen?', 'week'],
    ['Monaten?|Monate|Monat', 'month'],
    ['Jahren?|Jahre|Jahr', 'year'],
  ],
  fr: [
    ['minutes?', 'minute'],
    ['heures?', 'hour'],
    ['jours?', 'day'],
    ['semaines?', 'week'],
    ['mois', 'month'],
    ['années?|ans?', 'year'],
  ],
  es: [
    ['minutos?', 'minute'],
    ['horas?', 'hour'],
    ['días?', 'day'],
    ['semanas?', 'week'],
    ['meses|mes', 'month'],
    ['años?', 'year'],
  ],
  it: [
    ['minut[oi]', 'minute'],
    ['or[ae]', 'hour'],
    ['giorn[oi]', 'day'],
    ['settiman[ae]', 'week'],
    ['mes[ei]', 'month'],
    ['ann[oi]', 'year'],
  ],
  pt: [
    ['minutos?', 'minute'],
    ['horas?', 'hour'],
    ['dias?', 'day'],
    ['semanas?', 'week'],
    ['meses|mês', 'month'],
    ['anos?', 'year'],
  ],
  ja: [
    ['分間?', 'minute'],
    ['時間', 'hour'],
    ['日間?', 'day'],
    ['週間', 'week'],
    ['か月|ヶ月|カ月|ケ月|箇月', 'month'],
    ['年間?', 'year'],
  ],
  'zh-CN': [
    ['分钟', 'minute'],
    ['小时', 'hour'],
    ['天|日', 'day'],
    ['周|星期', 'week'],
    ['个月|月', 'month'],
    ['年', 'year'],
  ],
  'zh-TW': [
    ['分鐘', 'minute'],
    ['小時', 'hour'],
    ['天|日', 'day'],
    ['週|星期', 'week'],
    ['個月|月', 'month'],
    ['年', 'year'],
  ],
  ko: [
    ['분', 'minute'],
    ['시간', 'hour'],
    ['일', 'day'],
    ['주', 'week'],
    ['개월|달', 'month'],
    ['년', 'year'],
  ],
}

/** Number words a sentence may use before a unit ("thirteen months"), for the languages that write them. */
export const NUMBER_WORDS: Partial<Record<Lang, Record<string, number>>> = {
  en: words('one two three four five six seven eight nine ten eleven twelve thirteen', {
    thirty: 30,
    a: 1,
    an: 1,
  }),
  de: words('ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn', {
    einen: 1,
    einem: 1,
    einer: 1,
    eine: 1,
    dreißig: 30,
  }),
  fr: words('un deux trois quatre cinq six sept huit neuf dix onze douze treize', { une: 1, trente: 30 }),
  es: words('un dos tres cuatro cinco seis siete ocho nueve diez once doce trece', {
    una: 1,
    uno: 1,
    treinta: 30,
  }),
  it: words('un due tre quattro cinque sei sette otto nove dieci undici dodici tredici', {
    uno: 1,
    una: 1,
    trenta: 30,
  }),
  pt: words('um dois três quatro cinco seis sete oito nove dez onze doze treze', {
    uma: 1,
    duas: 2,
    trinta: 30,
  }),
}

function words(oneToThirteen: string, extra: Record<string, number>): Record<string, number> {
  return { ...Object.fromEntries(oneToThirteen.split(' ').map((w, i) => [w, i + 1])), ...extra }
}

/** Chinese and Japanese numerals, read when they stand before a unit (十三个月). */
export const CJK_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/**
 * Terms that name a purpose. Latin-script terms match at the start of a word (so "profil" finds "profile"
 * and "Profilen"); CJK and Hangul terms match anywhere.
 */
export const PURPOSE_TERMS: Record<Lang, Record<Purpose, string[]>> = {
  en: {
    analytics: ['analytics', 'analys', 'measur', 'statistic'],
    marketing: ['marketing'],
    profiling: ['profil'],
    advertising: ['advert', 'ads\\b', 'ad network'],
    sale: ['sell', 'sold\\b', 'sale\\b'],
    security: ['bots?\\b', 'abus', 'secur'],
    proof: ['proof', 'prove'],
  },
  de: {
    analytics: ['analys', 'messen', 'statistik', 'auswert', 'reichweitenmess'],
    marketing: ['marketing'],
    profiling: ['profil'],
    advertising: ['werbung', 'werbe', 'anzeige'],
    sale: ['verkauf'],
    security: ['bots?\\b', 'missbrauch', 'sicherheit'],
    proof: ['nachweis', 'beweis'],
  },
  fr: {
    analytics: ['analys', 'mesur', 'statistique'],
    marketing: ['marketing'],
    profiling: ['profil'],
    advertising: ['publicit'],
    sale: ['vend'],
    security: ['robots?\\b', 'bots?\\b', 'abus', 'sécurité'],
    proof: ['preuve', 'prouver'],
  },
  es: {
    analytics: ['analític', 'análisis', 'medir', 'estadístic'],
    marketing: ['marketing'],
    profiling: ['perfil'],
    advertising: ['publicidad', 'anuncio'],
    sale: ['vend'],
    security: ['bots?\\b', 'abuso', 'seguridad'],
    proof: ['prueba', 'demostrar'],
  },
  it: {
    analytics: ['analis', 'misur', 'statistic'],
    marketing: ['marketing'],
    profiling: ['profil'],
    advertising: ['pubblicit', 'annunci'],
    sale: ['vend'],
    security: ['bot\\b', 'abus', 'sicurezza'],
    proof: ['prova', 'dimostr'],
  },
  pt: {
    analytics: ['análise', 'medir', 'estatístic'],
    marketing: ['marketing'],
    profiling: ['perfil'],
    advertising: ['publicidade', 'anúncio'],
    sale: ['vend'],
    security: ['robôs?\\b', 'bots?\\b', 'abuso', 'segurança'],
    proof: ['prova', 'comprovar'],
  },
  ja: {
    analytics: ['分析', '解析', '測定', '統計'],
    marketing: ['マーケティング'],
    profiling: ['プロファイル', 'プロフィール'],
    advertising: ['広告'],
    sale: ['販売', '売'],
    security: ['ボット', '不正', 'セキュリティ'],
    proof: ['証明', '証拠'],
  },
  'zh-CN': {
    analytics: ['分析', '统计', '衡量'],
    marketing: ['营销'],
    profiling: ['画像', '档案'],
    advertising: ['广告'],
    sale: ['出售', '出卖', '卖'],
    security: ['机器人', '滥用', '安全'],
    proof: ['证明'],
  },
  'zh-TW': {
    analytics: ['分析', '統計', '衡量'],
    marketing: ['行銷'],
    profiling: ['輪廓', '檔案'],
    advertising: ['廣告'],
    sale: ['出售', '販賣', '賣'],
    security: ['機器人', '濫用', '安全'],
    proof: ['證明'],
  },
  ko: {
    analytics: ['분석', '측정', '통계'],
    marketing: ['마케팅'],
    profiling: ['프로필'],
    advertising: ['광고'],
    sale: ['판매', '팔지', '팝니다'],
    security: ['봇', '악용', '보안'],
    proof: ['증명', '입증'],
  },
}

/**
 * Companies a sentence could claim receive data. Matched case-sensitively as whole words: "meta" and
 * "segment" are ordinary words, "Meta" is a company. The sheet's own processors are added to these.
 */
export const COMPANY_NAMES = [
  'Cloudflare',
  'OpenAI',
  'Google',
  'Alphabet',
  'Meta',
  'Facebook',
  'Instagram',
  'WhatsApp',
  'Amazon',
  'AWS',
  'Microsoft',
  'Azure',
  'Apple',
  'Anthropic',
  'DeepSeek',
  'Alibaba',
  'Aliyun',
  'Qwen',
  'Mistral',
  'OpenRouter',
  'Groq',
  'Together AI',
  'Hotjar',
  'Mixpanel',
  'HubSpot',
  'Salesforce',
  'Stripe',
  'Shopify',
  'Criteo',
  'TikTok',
  'ByteDance',
  'LinkedIn',
  'Baidu',
  'Tencent',
  'Yandex',
  'Adobe',
  'Oracle',
  'Klaviyo',
  'Mailchimp',
  '谷歌',
  '百度',
  '腾讯',
  '騰訊',
  '阿里',
  '字节跳动',
  '字節跳動',
  'グーグル',
  '구글',
  '메타',
]

/**
 * Words that make a sentence negative. Latin-script words match whole; CJK and Hangul fragments anywhere
 * (ません, 不, 않). Enough to tell "we never sell your data" from "we sell your data", not to parse logic.
 */
export const NEGATIONS: Record<Lang, string[]> = {
  en: ['not', 'never', 'no', "don't", "doesn't", "won't", 'nobody', 'none', 'neither', 'nor'],
  de: ['nicht', 'nie', 'niemals', 'kein', 'keine', 'keinen', 'keiner', 'niemand'],
  fr: ['ne', 'jamais', 'aucun', 'aucune', 'pas'],
  es: ['no', 'nunca', 'jamás', 'ningún', 'ninguna', 'nadie'],
  it: ['non', 'mai', 'nessun', 'nessuno', 'nessuna'],
  pt: ['não', 'nunca', 'jamais', 'nenhum', 'nenhuma', 'ninguém'],
  ja: ['ない', 'ません', '決して'],
  'zh-CN': ['不', '没', '无', '绝不', '从不'],
  'zh-TW': ['不', '沒', '無', '絕不', '從不'],
  ko: ['않', '없', '안 ', '못 '],
}
