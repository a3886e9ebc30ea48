/**
 * Safety checks around the model: visitor text is scrubbed before it enters a prompt, and model
 * output is checked afterwards for special-category traits (GDPR Art. 9) and for data that
 * belongs to another visitor in the same call.
 */

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/gi
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g
/** Phone numbers, card and account numbers: 7+ digits, optionally separated. */
const LONG_NUMBER = /\+?\d(?:[\s\-./]?\d){6,}/g
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4}){3,8}\b/g
// Control characters (and line separators) would let visitor text fake prompt structure.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g

/** Longest visitor-supplied string that may enter a prompt. */
export const MAX_TEXT = 60

/** Removes personal data patterns and control characters, collapses space and caps the length. */
export function scrubText(text: string, max = MAX_TEXT): string {
  const clean = text
    .replace(CONTROL, ' ')
    .replace(EMAIL, '[email]')
    .replace(URL_LIKE, '[url]')
    .replace(IBAN, '[account]')
    .replace(IPV4, '[ip]')
    .replace(LONG_NUMBER, '[number]')
    .replace(/\s+/g, ' ')
    .trim()
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}

/**
 * Terms that reveal a special-category trait (GDPR Art. 9), and precise location, in every language
 * the consent banner speaks (snippet/src/banner/lang.ts). The lists err towards catching too much,
 * because a caught profile only falls back to the rules result.
 *
 * A term in Latin script matches at a word start, on text folded to lower case without accents
 * ("Política" → "politica"): `politi*` is any word starting with "politi", `race` only the word
 * itself, and a space stands for any run of spaces. Chinese and Japanese have no spaces between
 * words and Korean attaches particles to them, so a term in those scripts matches anywhere, and a
 * space in it may be left out.
 */
export const SENSITIVE_TERMS = {
  racialOrEthnicOrigin: [
    ...['ethni*', 'racial*', 'race', 'rasse', 'etnic*', 'raza', 'razza', 'razzial*', 'raca'],
    ...['人種', '民族', '种族', '種族', '인종', '민족'],
  ],
  politicalOpinions: [
    ...['politi*', 'ideolog*', 'democrat*', 'republican*', 'conservative', 'liberal', 'leftist'],
    ...['right-wing', 'left-wing', 'partei*'],
    ...['政治', '政党', '党员', '政黨', '黨員', '정치', '선거'],
  ],
  religiousOrPhilosophicalBeliefs: [
    ...['religi*', 'spiritu*', 'espiritual*', 'church*', 'mosque*', 'synagogue*', 'muslim*', 'islam*'],
    ...['christian*', 'jewish', 'hindu*', 'buddhis*', 'atheis*', 'catholi*', 'kirche*', 'christlich*'],
    ...['judisch*', 'katholi*', 'iglesia*', 'catolic*', 'cattolic*', 'musulman*', 'judio*', 'ateo'],
    ...['cristian*', 'eglise*', 'juif*', 'juive*', 'athee*', 'chretien*', 'chiesa', 'ebre*'],
    ...['igreja*', 'muculman*', 'judeu*', 'ateu', 'evangeli*'],
    ...['宗教', '信仰', '教会', '教會', 'キリスト教', 'イスラム', '仏教', '基督教', '佛教'],
    ...['伊斯兰', '伊斯蘭'],
    ...['종교', '신앙', '교회', '기독교', '이슬람', '불교'],
  ],
  tradeUnionMembership: [
    ...['trade union*', 'union member*', 'labor union*', 'labour union*', 'gewerkschaft*'],
    ...['sindica*', 'syndica*', 'sindaca*'],
    ...['労働組合', '労組', '工会', '工會', '노동조합', '노조'],
  ],
  geneticData: [
    ...['genetic*', 'genetiq*', 'genetisch*', 'genom*', 'dna', 'adn', 'erbgut'],
    ...['遺伝', 'ゲノム', '基因', '遗传', '遺傳', '유전자', '유전적'],
  ],
  biometricData: [
    ...['biometri*', 'fingerprint*', 'facial recognition', 'fingerabdr*', 'gesichtserkennung'],
    ...['huella* dactilar*', 'reconocimiento facial', 'empreinte* digitale*', 'reconnaissance faciale'],
    ...['impront* digital*', 'riconoscimento facciale', 'impressao digital', 'impressoes digitais'],
    ...['reconhecimento facial'],
    ...['生体認証', '指紋', '生物识别', '指纹', '生物辨識', '생체', '지문'],
  ],
  health: [
    ...['health*', 'medic*', 'illness*', 'disease*', 'diagnos*', 'diabet*', 'cancer*', 'pregnan*'],
    ...['disabilit*', 'disabled', 'mental', 'depress*', 'therapy', 'hiv', 'vih'],
    ...['gesundheit*', 'krank*', 'schwanger*', 'behindert*', 'behinderung*', 'therapie*', 'krebs'],
    ...['medizin*', 'salud', 'enferm*', 'embaraz*', 'discapaci*', 'depresi*', 'terapia*'],
    ...['sante', 'maladie*', 'grossesse*', 'handicap*', 'salute', 'malatti*', 'gravid*', 'incinta'],
    ...['cancro', 'saude', 'doen*', 'deficien*', 'gestante*'],
    ...['健康', '病気', '妊娠', '糖尿病', '障害', 'うつ病', '医療'],
    ...['疾病', '怀孕', '癌症', '残疾', '抑郁', '医疗', '懷孕', '殘疾', '憂鬱', '醫療'],
    ...['건강', '질병', '임신', '당뇨', '장애', '우울증', '의료', '병원'],
  ],
  sexLifeOrSexualOrientation: [
    ...['sexu*', 'sessu*', 'sex life', 'homosexu*', 'homossexu*', 'omosessu*', 'bisexu*', 'lesbi*'],
    ...['gay', 'schwul*', 'transgender*', 'lgbt*', 'queer'],
    ...['性的指向', '同性愛', 'レズビアン', '性生活', '性取向', '同性恋', '同性戀'],
    ...['성적 지향', '동성애', '레즈비언', '성생활'],
  ],
  preciseLocation: [
    ...['gps', 'coordinates', 'home address', 'street address'],
    ...['lives in', 'lives at', 'lives on', 'lives near'],
  ],
} as const satisfies Record<string, readonly string[]>

const LATIN_TERM = /^[a-z0-9* -]+$/

/** One term as a regular expression source: no nested quantifiers, so matching stays linear. */
function termSource(term: string): string {
  const latin = LATIN_TERM.test(term)
  const body = [...term]
    .map((ch) => {
      if (ch === '*') return '\\w*'
      if (ch === ' ') return latin ? '\\s+' : '\\s*'
      return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    })
    .join('')
  return latin ? `\\b${body}\\b` : body
}

/** Lower case, and accents off Latin letters only: kana and Hangul keep their marks. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(?<=\p{Script=Latin})\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
}

/** A matcher for a list of terms: the first term found in a text (folded), or null. */
export function sensitiveMatcher(terms: readonly string[]): (text: string) => string | null {
  const pattern = new RegExp(terms.map(termSource).join('|'), 'u')
  return (text) => fold(text).match(pattern)?.[0] ?? null
}

export const findSensitive = sensitiveMatcher(Object.values(SENSITIVE_TERMS).flat())

/**
 * A string of another visitor (search term, product, survey answer) that appears in this
 * profile's text: the model mixed visitors up, or a visitor's text steered another's profile.
 * Only strings of 6+ characters count, so common words shared by both visitors do not trigger.
 */
export function findForeignText(
  profileText: string,
  own: Set<string>,
  others: Iterable<string>,
): string | null {
  const haystack = profileText.toLowerCase()
  for (const s of others) {
    const needle = s.toLowerCase()
    if (needle.length >= 6 && !own.has(needle) && haystack.includes(needle)) return s
  }
  return null
}
