/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { findSensitive, SENSITIVE_TERMS, sensitiveMatcher } from './safety'

/** The consent banner's languages, one strings file each: the profile text may be in any of them. */
const BANNER_LANGS = Object.keys(import.meta.glob('../../../snippet/src/banner/lang/*.json'))
  .map((path) => path.replace(/^.*\/(.+)\.json$/, '$1'))
  .sort()

type Category = keyof typeof SENSITIVE_TERMS
/** [profile text as a model might write it, the word findSensitive must report]. */
type Row = [text: string, found: string]

/**
 * Every term of SENSITIVE_TERMS is the only match of at least one row here, so dropping any term
 * fails a row (the last test checks that). Sentences are what a model could write in a profile.
 */
const TABLE: Record<Category, Record<string, Row[]>> = {
  racialOrEthnicOrigin: {
    en: [
      ['Shops for products linked to their ethnic background', 'ethnic'],
      ['Profile hints at a racial identity', 'racial'],
      ['Buys gifts tied to race and heritage', 'race'],
    ],
    de: [
      ['Kauft Produkte passend zu seiner ethnischen Herkunft', 'ethnischen'],
      ['Bevorzugt Pflegeprodukte nach Rasse und Hauttyp', 'rasse'],
    ],
    es: [
      ['Compra productos de su origen étnico', 'etnico'],
      ['Segmento definido por raza', 'raza'],
    ],
    fr: [
      ['Achète selon son origine ethnique', 'ethnique'],
      ['Cible les clients selon leur origine raciale', 'raciale'],
    ],
    it: [
      ['Acquista prodotti legati alla sua origine etnica', 'etnica'],
      ['Profilo basato sulla razza', 'razza'],
      ['Mostra un pregiudizio razziale', 'razziale'],
    ],
    pt: [
      ['Compra produtos ligados à sua origem étnica', 'etnica'],
      ['Segmentado por raça', 'raca'],
    ],
    ja: [
      ['人種に関連する商品を購入', '人種'],
      ['民族衣装に関心がある', '民族'],
    ],
    ko: [
      ['인종에 따라 분류됨', '인종'],
      ['민족 의상에 관심', '민족'],
    ],
    'zh-CN': [['按种族推荐商品', '种族']],
    'zh-TW': [
      ['依種族推薦商品', '種族'],
      ['喜歡民族服飾', '民族'],
    ],
  },
  politicalOpinions: {
    en: [
      ['Follows political news closely', 'political'],
      ['Reads about ideology and activism', 'ideology'],
      ['Likely a Democrat voter', 'democrat'],
      ['Supports Republican candidates', 'republican'],
      ['Conservative values shape purchases', 'conservative'],
      ['Holds liberal views', 'liberal'],
      ['Leftist reading list', 'leftist'],
      ['Buys right-wing magazines', 'right-wing'],
      ['Buys left-wing magazines', 'left-wing'],
    ],
    de: [
      ['Interessiert sich für Politik', 'politik'],
      ['Vermutlich Parteimitglied', 'parteimitglied'],
    ],
    es: [
      ['Sigue la política nacional', 'politica'],
      ['Compra libros de ideología', 'ideologia'],
    ],
    fr: [["S'intéresse à la politique", 'politique']],
    it: [['Segue la politica', 'politica']],
    pt: [['Acompanha a política local', 'politica']],
    ja: [
      ['政治に関心がある', '政治'],
      ['支持政党がある', '政党'],
    ],
    ko: [
      ['정치에 관심이 많음', '정치'],
      ['선거 관련 상품을 구매', '선거'],
    ],
    'zh-CN': [
      ['关注政治新闻', '政治'],
      ['可能是党员', '党员'],
    ],
    'zh-TW': [
      ['支持某個政黨', '政黨'],
      ['可能是黨員', '黨員'],
    ],
  },
  religiousOrPhilosophicalBeliefs: {
    en: [
      ['Religious shopper', 'religious'],
      ['Spiritual seeker', 'spiritual'],
      ['Attends church events', 'church'],
      ['Visits the mosque weekly', 'mosque'],
      ['Member of a synagogue', 'synagogue'],
      ['Muslim customer', 'muslim'],
      ['Interested in Islamic finance', 'islamic'],
      ['Christian bookstore fan', 'christian'],
      ['Jewish holiday shopper', 'jewish'],
      ['Hindu festival gifts', 'hindu'],
      ['Buddhist meditation supplies', 'buddhist'],
      ['Reads atheist blogs', 'atheist'],
      ['Catholic gift buyer', 'catholic'],
    ],
    de: [
      ['Religiöser Käufer', 'religioser'],
      ['Geht zur Kirche', 'kirche'],
      ['Kauft christliche Literatur', 'christliche'],
      ['Feiert jüdische Feiertage', 'judische'],
      ['Katholischer Haushalt', 'katholischer'],
      ['Spirituell interessiert', 'spirituell'],
    ],
    es: [
      ['Comprador religioso', 'religioso'],
      ['Va a la iglesia los domingos', 'iglesia'],
      ['Familia católica', 'catolica'],
      ['Cliente musulmán', 'musulman'],
      ['Cliente judío', 'judio'],
      ['Es ateo', 'ateo'],
      ['Compra música cristiana', 'cristiana'],
      ['Busca crecimiento espiritual', 'espiritual'],
      ['Librería evangélica', 'evangelica'],
    ],
    fr: [
      ['Acheteur religieux', 'religieux'],
      ["Fréquente l'église", 'eglise'],
      ['Famille catholique', 'catholique'],
      ['Client juif', 'juif'],
      ['Famille juive', 'juive'],
      ['Se dit athée', 'athee'],
      ['Librairie chrétienne', 'chretienne'],
    ],
    it: [
      ['Acquirente religioso', 'religioso'],
      ['Frequenta la chiesa', 'chiesa'],
      ['Famiglia cattolica', 'cattolica'],
      ['Cliente ebreo', 'ebreo'],
      ['Cliente musulmano', 'musulmano'],
    ],
    pt: [
      ['Frequenta a igreja', 'igreja'],
      ['Cliente muçulmano', 'muculmano'],
      ['Cliente judeu', 'judeu'],
      ['É ateu', 'ateu'],
      ['Livraria evangélica', 'evangelica'],
    ],
    ja: [
      ['宗教に関心', '宗教'],
      ['信仰心が強い', '信仰'],
      ['教会に通う', '教会'],
      ['キリスト教の書籍を購入', 'キリスト教'],
      ['イスラム教徒', 'イスラム'],
      ['仏教に関心', '仏教'],
    ],
    ko: [
      ['종교 서적 구매', '종교'],
      ['신앙이 깊음', '신앙'],
      ['교회에 다님', '교회'],
      ['기독교 서적', '기독교'],
      ['이슬람 신자', '이슬람'],
      ['불교 용품 구매', '불교'],
    ],
    'zh-CN': [
      ['对宗教感兴趣', '宗教'],
      ['基督教徒', '基督教'],
      ['伊斯兰教', '伊斯兰'],
      ['佛教用品', '佛教'],
    ],
    'zh-TW': [
      ['常去教會', '教會'],
      ['伊斯蘭教徒', '伊斯蘭'],
      ['有宗教信仰', '宗教'],
    ],
  },
  tradeUnionMembership: {
    en: [
      ['Trade union member', 'trade union'],
      ['Active union member', 'union member'],
      ['Supports the labor union', 'labor union'],
      ['Labour union activist', 'labour union'],
    ],
    de: [['Gewerkschaftsmitglied seit Jahren', 'gewerkschaftsmitglied']],
    es: [['Afiliado a un sindicato', 'sindicato']],
    fr: [["Membre d'un syndicat", 'syndicat']],
    it: [['Iscritto al sindacato', 'sindacato']],
    pt: [['Filiado ao sindicato', 'sindicato']],
    ja: [
      ['労働組合に加入', '労働組合'],
      ['労組の活動に参加', '労組'],
    ],
    ko: [
      ['노동조합원', '노동조합'],
      ['노조 활동', '노조'],
    ],
    'zh-CN': [['工会会员', '工会']],
    'zh-TW': [['工會會員', '工會']],
  },
  geneticData: {
    en: [
      ['Ordered a genetic test', 'genetic'],
      ['Interested in genome sequencing', 'genome'],
      ['Bought a DNA kit', 'dna'],
    ],
    de: [
      ['Interesse an genetischen Tests', 'genetischen'],
      ['Liest über Erbgut', 'erbgut'],
    ],
    es: [
      ['Compró una prueba genética', 'genetica'],
      ['Prueba de ADN', 'adn'],
    ],
    fr: [
      ['Test génétique commandé', 'genetique'],
      ['Analyse ADN', 'adn'],
    ],
    it: [
      ['Test genetico', 'genetico'],
      ['Test del DNA', 'dna'],
    ],
    pt: [
      ['Teste genético', 'genetico'],
      ['Sequenciamento do genoma', 'genoma'],
    ],
    ja: [
      ['遺伝子検査を購入', '遺伝'],
      ['ゲノム解析に関心', 'ゲノム'],
    ],
    ko: [
      ['유전자 검사 구매', '유전자'],
      ['유전적 특성', '유전적'],
    ],
    'zh-CN': [
      ['购买基因检测', '基因'],
      ['遗传病风险', '遗传'],
    ],
    'zh-TW': [
      ['遺傳疾病風險', '遺傳'],
      ['基因檢測', '基因'],
    ],
  },
  biometricData: {
    en: [
      ['Uses biometric login', 'biometric'],
      ['Bought a fingerprint lock', 'fingerprint'],
      ['Tested facial recognition', 'facial recognition'],
    ],
    de: [
      ['Biometrische Daten', 'biometrische'],
      ['Nutzt einen Fingerabdrucksensor', 'fingerabdrucksensor'],
      ['Nutzt Gesichtserkennung', 'gesichtserkennung'],
    ],
    es: [
      ['Datos biométricos', 'biometricos'],
      ['Usa huella dactilar', 'huella dactilar'],
      ['Usa reconocimiento facial', 'reconocimiento facial'],
    ],
    fr: [
      ['Données biométriques', 'biometriques'],
      ['Empreintes digitales enregistrées', 'empreintes digitales'],
      ['Utilise la reconnaissance faciale', 'reconnaissance faciale'],
    ],
    it: [
      ['Dati biometrici', 'biometrici'],
      ['Impronte digitali', 'impronte digitali'],
      ['Usa il riconoscimento facciale', 'riconoscimento facciale'],
    ],
    pt: [
      ['Dados biométricos', 'biometricos'],
      ['Usa impressão digital', 'impressao digital'],
      ['Impressões digitais cadastradas', 'impressoes digitais'],
      ['Usa reconhecimento facial', 'reconhecimento facial'],
    ],
    ja: [
      ['生体認証を利用', '生体認証'],
      ['指紋認証', '指紋'],
    ],
    ko: [
      ['생체 인식 사용', '생체'],
      ['지문 인식', '지문'],
    ],
    'zh-CN': [
      ['使用生物识别', '生物识别'],
      ['指纹锁', '指纹'],
    ],
    'zh-TW': [
      ['使用生物辨識', '生物辨識'],
      ['指紋鎖', '指紋'],
    ],
  },
  health: {
    en: [
      ['Buys health supplements', 'health'],
      ['Needs medical supplies', 'medical'],
      ['Recovering from an illness', 'illness'],
      ['Has a heart disease', 'disease'],
      ['Recently diagnosed', 'diagnosed'],
      ['Diabetic snacks buyer', 'diabetic'],
      ['Cancer survivor', 'cancer'],
      ['Likely pregnant, buys vitamins', 'pregnant'],
      ['Lives with a disability', 'disability'],
      ['Disabled customer', 'disabled'],
      ['Mental wellbeing products', 'mental'],
      ['Shows signs of depression', 'depression'],
      ['Attends therapy', 'therapy'],
      ['HIV treatment', 'hiv'],
    ],
    de: [
      ['Kauft Gesundheitsprodukte', 'gesundheitsprodukte'],
      ['Chronisch krank', 'krank'],
      ['Schwangere Kundin', 'schwangere'],
      ['Behinderter Kunde', 'behinderter'],
      ['Lebt mit einer Behinderung', 'behinderung'],
      ['Macht eine Therapie', 'therapie'],
      ['Hat Krebs', 'krebs'],
      ['Kauft Medizinprodukte', 'medizinprodukte'],
      ['Diabetes-Patient', 'diabetes'],
    ],
    es: [
      ['Cuida su salud', 'salud'],
      ['Tiene una enfermedad crónica', 'enfermedad'],
      ['Está embarazada', 'embarazada'],
      ['Persona con discapacidad', 'discapacidad'],
      ['Sufre depresión', 'depresion'],
      ['Va a terapia', 'terapia'],
      ['Paciente con VIH', 'vih'],
      ['Visita al médico', 'medico'],
    ],
    fr: [
      ['Soucieux de sa santé', 'sante'],
      ["Atteint d'une maladie", 'maladie'],
      ['Articles de grossesse', 'grossesse'],
      ['Client en situation de handicap', 'handicap'],
      ['Suit une thérapie', 'therapie'],
      ['Diagnostic récent', 'diagnostic'],
    ],
    it: [
      ['Attento alla salute', 'salute'],
      ['Soffre di una malattia', 'malattia'],
      ['È incinta', 'incinta'],
      ['Articoli per la gravidanza', 'gravidanza'],
      ['Malato di cancro', 'cancro'],
      ['Cliente con disabilità', 'disabilita'],
    ],
    pt: [
      ['Cuida da saúde', 'saude'],
      ['Tem uma doença crônica', 'doenca'],
      ['Está grávida', 'gravida'],
      ['Pessoa com deficiência', 'deficiencia'],
      ['Gestante, compra roupas largas', 'gestante'],
    ],
    ja: [
      ['健康食品を購入', '健康'],
      ['病気の治療中', '病気'],
      ['妊娠中', '妊娠'],
      ['糖尿病向け食品', '糖尿病'],
      ['障害者向け商品', '障害'],
      ['うつ病の可能性', 'うつ病'],
      ['医療機器を購入', '医療'],
    ],
    ko: [
      ['건강 보조제 구매', '건강'],
      ['질병 치료 중', '질병'],
      ['임신 중', '임신'],
      ['당뇨 환자', '당뇨'],
      ['장애인 용품', '장애'],
      ['우울증 가능성', '우울증'],
      ['의료 기기 구매', '의료'],
      ['병원 방문', '병원'],
    ],
    'zh-CN': [
      ['购买健康食品', '健康'],
      ['患有疾病', '疾病'],
      ['正在怀孕', '怀孕'],
      ['糖尿病患者', '糖尿病'],
      ['癌症患者', '癌症'],
      ['残疾人用品', '残疾'],
      ['可能抑郁', '抑郁'],
      ['购买医疗器械', '医疗'],
    ],
    'zh-TW': [
      ['注重健康', '健康'],
      ['正在懷孕', '懷孕'],
      ['殘疾人士', '殘疾'],
      ['可能憂鬱', '憂鬱'],
      ['購買醫療器材', '醫療'],
    ],
  },
  sexLifeOrSexualOrientation: {
    en: [
      ['Sexual wellness buyer', 'sexual'],
      ['Discusses sex life', 'sex life'],
      ['Dating app for homosexual men', 'homosexual'],
      ['Bisexual book club', 'bisexual'],
      ['Lesbian book club', 'lesbian'],
      ['Gay pride merchandise', 'gay'],
      ['Transgender support', 'transgender'],
      ['LGBTQ+ community', 'lgbtq'],
      ['Queer art fan', 'queer'],
    ],
    de: [
      ['Sexuelle Orientierung', 'sexuelle'],
      ['Schwuler Kunde', 'schwuler'],
      ['Lesbisches Paar', 'lesbisches'],
    ],
    es: [
      ['Orientación sexual', 'sexual'],
      ['Cliente homosexual', 'homosexual'],
    ],
    fr: [
      ['Orientation sexuelle', 'sexuelle'],
      ['Couple lesbienne', 'lesbienne'],
    ],
    it: [
      ['Orientamento sessuale', 'sessuale'],
      ['Cliente omosessuale', 'omosessuale'],
    ],
    pt: [
      ['Orientação sexual', 'sexual'],
      ['Cliente homossexual', 'homossexual'],
    ],
    ja: [
      ['性的指向に関する推測', '性的指向'],
      ['同性愛者', '同性愛'],
      ['レズビアン向けの本', 'レズビアン'],
      ['性生活に関する商品', '性生活'],
    ],
    ko: [
      ['성적 지향 추정', '성적 지향'],
      ['성적지향 추정', '성적지향'],
      ['동성애자', '동성애'],
      ['레즈비언 커플', '레즈비언'],
      ['성생활 용품', '성생활'],
    ],
    'zh-CN': [
      ['推测性取向', '性取向'],
      ['同性恋群体', '同性恋'],
      ['性生活用品', '性生活'],
    ],
    'zh-TW': [
      ['同性戀族群', '同性戀'],
      ['推測性取向', '性取向'],
    ],
  },
  preciseLocation: {
    en: [
      ['Uses GPS trackers', 'gps'],
      ['Shared coordinates', 'coordinates'],
      ['Home address in Berlin', 'home address'],
      ['Street address known', 'street address'],
      ['Lives in Munich', 'lives in'],
      ['Lives at the harbour', 'lives at'],
      ['Lives on a farm', 'lives on'],
      ['Lives near the park', 'lives near'],
    ],
  },
}

/** Ordinary profile text, some of it close to a term, that must pass. */
const CLEAN: Record<string, string[]> = {
  en: [
    'Buys hiking boots in autumn',
    'Polite shopper who follows the racing calendar',
    'Union jack flags and mugs',
    'Compares insurance policy prices',
    'Reads thriller genre novels',
  ],
  de: ['Kauft Wanderschuhe und eine Auswahl an Regenjacken', 'Christbaumschmuck im Dezember'],
  es: ['Compra zapatillas de running y compara precios', 'Busca entradas para un partido de fútbol'],
  fr: ['Achète des enceintes Bluetooth et des câbles', 'Gère son syndic de copropriété'],
  it: ['Acquista scarponi da trekking in autunno', 'Compra accessori per la cucina'],
  pt: ['Compra tênis de corrida e mochilas', 'Prefere impressões de alta qualidade'],
  ja: ['アウトドア用品と登山靴を購入', 'オーディオのゲイン調整に関心'],
  ko: ['게이밍 노트북과 등산화에 관심', '정당한 가격을 선호'],
  'zh-CN': ['喜欢户外装备，常买登山鞋', '关注基金收益'],
  'zh-TW': ['喜歡戶外裝備，常買登山鞋', '關注電子產品促銷'],
}

const rows = Object.entries(TABLE).flatMap(([category, byLang]) =>
  Object.entries(byLang).flatMap(([lang, list]) =>
    list.map(([text, found]) => ({ category, lang, text, found })),
  ),
)

describe('findSensitive', () => {
  it('has a row for every special category (GDPR Art. 9) in every banner language', () => {
    expect(BANNER_LANGS).toHaveLength(10)
    const { preciseLocation: _location, ...art9 } = TABLE
    expect(Object.keys(art9)).toHaveLength(8)
    for (const [category, byLang] of Object.entries(art9))
      expect([category, Object.keys(byLang).sort()]).toEqual([category, BANNER_LANGS])
    expect(Object.keys(CLEAN).sort()).toEqual(BANNER_LANGS)
  })

  it.each(rows)('$category, $lang: "$text" → $found', ({ text, found }) => {
    expect(findSensitive(text)).toBe(found)
  })

  it.each(Object.entries(CLEAN).flatMap(([lang, list]) => list.map((text) => ({ lang, text }))))(
    'clean, $lang: "$text"',
    ({ text }) => {
      expect(findSensitive(text)).toBeNull()
    },
  )

  it('needs every term: without any one of them, some row is missed', () => {
    const all: string[] = Object.values(SENSITIVE_TERMS).flat()
    const unpinned = all.filter((term) => {
      const without = sensitiveMatcher(all.filter((t) => t !== term))
      return rows.every((r) => without(r.text) === r.found)
    })
    expect(unpinned).toEqual([])
  })
})
