import de from '../../../snippet/src/banner/lang/de.json'
import en_ from '../../../snippet/src/banner/lang/en.json'
import es from '../../../snippet/src/banner/lang/es.json'
import fr from '../../../snippet/src/banner/lang/fr.json'
import it from '../../../snippet/src/banner/lang/it.json'
import ja from '../../../snippet/src/banner/lang/ja.json'
import ko from '../../../snippet/src/banner/lang/ko.json'
import pt from '../../../snippet/src/banner/lang/pt.json'
import zhCN from '../../../snippet/src/banner/lang/zh-CN.json'
import zhTW from '../../../snippet/src/banner/lang/zh-TW.json'
import type { Lang } from './notice'
import { de as deP } from './phrases-de'
import { en } from './phrases-en'
import { es as esP } from './phrases-es'
import { fr as frP } from './phrases-fr'
import { it as itP } from './phrases-it'
import { ja as jaP } from './phrases-ja'
import { ko as koP } from './phrases-ko'
import { pt as ptP } from './phrases-pt'
import type { BannerLabels, Phrases } from './phrases-types'
import { zhCN as zhCNP } from './phrases-zh-CN'
import { zhTW as zhTWP } from './phrases-zh-TW'

const PHRASES: Record<Lang, Phrases> = {
  en,
  de: deP,
  es: esP,
  fr: frP,
  it: itP,
  ja: jaP,
  ko: koP,
  pt: ptP,
  'zh-CN': zhCNP,
  'zh-TW': zhTWP,
}

const BANNER: Record<Lang, Record<string, string>> = {
  en: en_,
  de,
  es,
  fr,
  it,
  ja,
  ko,
  pt,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
}

export const phrasesFor = (lang: Lang): Phrases => PHRASES[lang]

/** The banner's own labels (snippet/src/banner/lang), so the notice names its buttons as the visitor sees them. */
export function bannerLabels(lang: Lang): BannerLabels {
  const b = BANNER[lang]
  return { settings: b.b ?? '', download: b.dl ?? '', erase: b.de ?? '' }
}
